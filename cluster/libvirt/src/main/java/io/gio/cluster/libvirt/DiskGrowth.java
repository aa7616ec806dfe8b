package io.gio.cluster.libvirt;

import org.libvirt.StorageVol;

/**
 * Grows a disk file in place, by its format: VHD ({@link Vhd}) and VHDX ({@link Vhdx}) by
 * rewriting their structures over libvirt's volume streams, since neither QEMU nor libvirt can
 * resize them; any other format (raw, qcow2) with libvirt's own volume resize.
 */
final class DiskGrowth {

    /** The bytes of a disk file, read and written in place. */
    interface DiskFile {
        /** The file's length in bytes. */
        long size();

        /** Up to {@code length} bytes from {@code offset}; fewer where the file ends. */
        byte[] read(long offset, int length);

        /** Writes {@code bytes} at {@code offset}, leaving the rest as it is; the file grows when it ends before. */
        void write(long offset, byte[] bytes);
    }

    private DiskGrowth() {
    }

    /**
     * Grows the file at {@code path} on a host, of libvirt's format {@code libvirtType}, to at least
     * {@code requested} bytes; returns the size the guest now sees.
     */
    static long grow(HostConnection h, String path, String libvirtType, long requested) {
        return switch (libvirtType) {
            case DiskFormats.VHD -> Vhd.grow(onHost(h, path), requested);
            case DiskFormats.VHDX -> Vhdx.grow(onHost(h, path), requested);
            default -> {
                StorageVol vol = Lv.call("open the volume " + path, () -> h.connect().storageVolLookupByPath(path));
                try {
                    Lv.run("resize the volume " + path, () -> vol.resize(requested, 0));
                } finally {
                    Lv.free(vol);
                }
                yield requested;
            }
        };
    }

    /** A volume's file on its host, through libvirt's volume download and upload. */
    static DiskFile onHost(HostConnection h, String path) {
        return new DiskFile() {
            @Override
            public long size() {
                return NativeCopies.physicalBytes(h.connect(), path);
            }

            @Override
            public byte[] read(long offset, int length) {
                return NativeCopies.read(h.connect(), path, offset, length);
            }

            @Override
            public void write(long offset, byte[] bytes) {
                NativeCopies.write(h.connect(), path, offset, bytes);
            }
        };
    }
}
