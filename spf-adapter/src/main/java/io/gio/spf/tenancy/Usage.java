package io.gio.spf.tenancy;

/**
 * Resources counted against a quota: VMs, virtual processors, memory in MB and storage in GB
 * (the VMs' disks at their maximum size). Also the change a VM create or resize asks for, and an
 * add-on's quota increment.
 */
public record Usage(long vms, long cores, long memoryMb, long storageGb) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /** What one new VM of this size takes. */
    public static Usage ofVm(int cores, int memoryMb, long diskBytes) {
        return new Usage(1, cores, memoryMb, gigabytes(diskBytes));
    }

    /** Bytes as whole gigabytes (GiB), rounded up. */
    public static long gigabytes(long bytes) {
        long gib = 1L << 30;
        return (bytes + gib - 1) / gib;
    }

    public Usage plus(Usage o) {
        return new Usage(vms + o.vms, cores + o.cores, memoryMb + o.memoryMb, storageGb + o.storageGb);
    }
}
