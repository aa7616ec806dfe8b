package io.gio.cluster.sim;

import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.Volume;

/**
 * Where a disk file lives: {@code <volume path>\<VM name>\<disk name>.<ext>}, as SCVMM places
 * them on a CSV ({@code C:\ClusterStorage\Volume1\web01\web01_disk_1.vhd}) or an SMB share
 * ({@code \\gio-v2-sofs\vmstore1\web01\web01_disk_1.vhdx}).
 */
final class DiskPaths {

    private DiskPaths() {
    }

    static String path(Volume volume, String vmName, String diskName, DiskFormat format) {
        String separator = volume.path().startsWith("/") ? "/" : "\\";
        String base = volume.path().endsWith(separator)
                ? volume.path().substring(0, volume.path().length() - 1) : volume.path();
        return base + separator + vmName + separator + diskName + "." + format.extension();
    }
}
