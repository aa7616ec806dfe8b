package io.gio.spf.vm;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricDisk;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.VmJobs;
import io.gio.spf.tenancy.Quotas;
import io.gio.spf.tenancy.Reservation;
import io.gio.spf.tenancy.Usage;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * SPF's {@code Expand} action on a {@code VirtualDiskDrive} (VMM's
 * {@code Expand-SCVirtualDiskDrive}): the virtual hard disk attached to the drive grows to
 * {@code VirtualHardDiskSizeGB} as a job. Checked here before the job starts, each a 400 that says
 * why: a whole number of GB larger than the disk is now, within its format (VHD 2040 GB, VHDX 64
 * TB). What the fabric refuses fails the job, as VMM does (a VM that is not stopped, or has
 * checkpoints; see {@link ClusterDriver#expandDisk}).
 *
 * <p>In a cloud a subscription holds, the growth counts against its storage quota atomically, as a
 * resize's processors and memory do: reserved before the job starts (a 400 naming the quota), held
 * while it runs, released when it ends, by when the disk's and the VM's rows carry the new size.
 */
public final class DiskExpansions {

    /** The action of an expansion's job. */
    public static final String ACTION = "ExpandDisk";
    private static final VmJobs.Kind EXPAND = new VmJobs.Kind("Expand virtual hard disk", "Expand-SCVirtualDiskDrive",
            ACTION);
    private static final long GIB = 1L << 30;

    private record Drive(UUID vmId, UUID diskId, String name, String format, long maxBytes) {}

    private final Jdbi jdbi;
    private final VmStore vms;
    private final VmJobs vmJobs;
    private final ClusterDriver driver;
    private final Clock clock;
    private final Quotas quotas;

    public DiskExpansions(Jdbi jdbi, VmStore vms, VmJobs vmJobs, ClusterDriver driver, Clock clock, Quotas quotas) {
        this.jdbi = jdbi;
        this.vms = vms;
        this.vmJobs = vmJobs;
        this.driver = driver;
        this.clock = clock;
        this.quotas = quotas;
    }

    /** Starts growing the drive's disk to {@code sizeGb}; returns the job's ID. */
    public UUID expand(UUID driveId, UUID stampId, long sizeGb, String principal) {
        Drive drive = jdbi.withHandle(h -> h.createQuery("SELECT d.vm_id, d.vhd_id, v.name, v.format, v.max_bytes"
                        + " FROM vmm_disk_drive d JOIN vmm_vhd v ON v.id = d.vhd_id WHERE d.id = :id AND d.stamp_id = :s")
                .bind("id", driveId).bind("s", stampId)
                .map((rs, ctx) -> new Drive(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getLong(5)))
                .findOne())
                .orElseThrow(() -> SpfException.notFound("The virtual disk drive with ID " + driveId + " on stamp "
                        + stampId + " was not found."));
        VmRecord vm = vms.find(drive.vmId(), stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine of the virtual disk drive " + driveId + " was not found."));
        if (sizeGb <= 0) {
            throw SpfException.badRequest("VirtualHardDiskSizeGB must be a positive number of gigabytes.");
        }
        DiskFormat format = DiskFormat.valueOf(drive.format());
        long bytes = sizeGb * GIB;
        if (bytes <= drive.maxBytes()) {
            throw SpfException.badRequest("The virtual hard disk " + drive.name() + " is " + gigabytes(drive.maxBytes())
                    + " GB; VirtualHardDiskSizeGB must be larger (" + sizeGb + " GB was asked for): a disk can only grow.");
        }
        if (bytes > format.maxBytes()) {
            throw SpfException.badRequest("The virtual hard disk " + drive.name() + " is a " + format + ", which holds at most "
                    + format.maxBytes() / GIB + " GB; " + sizeGb + " GB was asked for.");
        }
        UUID jobId = UUID.randomUUID();
        Usage growth = new Usage(0, 0, 0, Usage.gigabytes(bytes - drive.maxBytes()));
        Optional<Reservation> reservation = vm.cloudId().flatMap(cloud -> quotas.reserveResize(cloud, jobId, growth,
                Usage.NONE));
        boolean started = false;
        try {
            started = vmJobs.start(jobId, vm, vm.name(), EXPAND, principal,
                    () -> driver.expandDisk(vm.id(), drive.diskId(), bytes), () -> { });
            return jobId;
        } finally {
            if (!started && reservation.isPresent()) {
                quotas.settle(jobId);
            }
        }
    }

    /** After an expansion's job: the VM's disks and total size as the fabric has them now. */
    public void jobEnded(UUID vmId) {
        driver.vm(vmId).ifPresent(vm -> jdbi.useTransaction(h -> {
            for (FabricDisk d : vm.disks()) {
                h.createUpdate("UPDATE vmm_vhd SET max_bytes = :max, size_bytes = :used, modified = :now WHERE id = :id"
                                + " AND (max_bytes <> :max OR size_bytes <> :used)")
                        .bind("max", d.maxBytes()).bind("used", d.usedBytes()).bind("now", utc(clock.instant()))
                        .bind("id", d.id()).execute();
            }
            h.createUpdate("UPDATE vmm_vm SET total_size = :size WHERE id = :id")
                    .bind("size", vm.disks().stream().mapToLong(FabricDisk::maxBytes).sum()).bind("id", vmId).execute();
        }));
    }

    private static String gigabytes(long bytes) {
        return bytes % GIB == 0 ? String.valueOf(bytes / GIB) : String.format(java.util.Locale.ROOT, "%.1f",
                bytes / (double) GIB);
    }
}
