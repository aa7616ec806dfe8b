package io.gio.cluster.libvirt;

import io.gio.cluster.spi.DiskFormat;
import java.util.Locale;

/**
 * Disk formats between the SPI and libvirt. VHD is libvirt's {@code vpc} (QEMU's {@code vpc}
 * driver); VHDX is libvirt's {@code vhd}, which libvirt's QEMU driver opens with QEMU's
 * {@code vhdx} driver. libvirt's storage pools know neither VHDX nor that mapping: they list a
 * VHDX file as {@code raw} and cannot create one, so VHDX files are written by QEMU (a block copy
 * into a new file, {@link Conversions}) or copied byte for byte. A disk in another format (a
 * domain defined outside the gateway) is shown as the SPI format closest to it: {@code raw} as
 * VHD (a fixed VHD is a raw image with a footer), {@code qcow2} and anything else as VHDX
 * (dynamically allocated, with differencing).
 */
final class DiskFormats {

    /** libvirt's name of the format QEMU's VHDX driver reads. */
    static final String VHDX = "vhd";
    static final String VHD = "vpc";

    private DiskFormats() {
    }

    static DiskFormat of(String libvirtType) {
        return switch (libvirtType.toLowerCase(Locale.ROOT)) {
            case VHD, "raw" -> DiskFormat.VHD;
            default -> DiskFormat.VHDX;
        };
    }

    /**
     * The format of a disk whose current file is {@code path}: a checkpoint's differencing file
     * ({@link ExternalCheckpoints}) is shown in the format of the disk it differs from, as Hyper-V
     * shows a VHD whose AVHD takes the writes.
     */
    static DiskFormat of(String libvirtType, String path) {
        if (path != null && path.contains(ExternalCheckpoints.MARK)) {
            return ExternalCheckpoints.firstFile(path).toLowerCase(Locale.ROOT).endsWith(".vhdx") ? DiskFormat.VHDX
                    : DiskFormat.VHD;
        }
        return of(libvirtType);
    }

    /** A libvirt format as people name it: VHD and VHDX by those names, others by libvirt's. */
    static String describe(String libvirtType) {
        return switch (libvirtType.toLowerCase(Locale.ROOT)) {
            case VHD -> "VHD";
            case VHDX -> "VHDX";
            default -> libvirtType;
        };
    }

    /** libvirt's name of a format, for domain disks (and volumes, for VHD). */
    static String libvirtType(DiskFormat format) {
        return switch (format) {
            case VHD -> VHD;
            case VHDX -> VHDX;
        };
    }
}
