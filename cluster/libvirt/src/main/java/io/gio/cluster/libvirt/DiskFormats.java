package io.gio.cluster.libvirt;

import io.gio.cluster.spi.DiskFormat;
import java.util.Locale;

/**
 * Disk formats between the SPI and libvirt. VHD is QEMU's {@code vpc}. A disk in another format
 * (a domain defined outside the gateway) is shown as the SPI format closest to it: {@code raw}
 * as VHD (a fixed VHD is a raw image with a footer), {@code qcow2} and anything else as VHDX
 * (dynamically allocated, with differencing).
 */
final class DiskFormats {

    private DiskFormats() {
    }

    static DiskFormat of(String libvirtType) {
        return switch (libvirtType.toLowerCase(Locale.ROOT)) {
            case "vpc", "vhd", "raw" -> DiskFormat.VHD;
            default -> DiskFormat.VHDX;
        };
    }

    /** libvirt's name of a format, for volumes and domain disks. */
    static String libvirtType(DiskFormat format) {
        return switch (format) {
            case VHD -> "vpc";
            case VHDX -> "vhdx";
        };
    }
}
