package io.gio.cluster.spi;

/** Virtual disk file formats. */
public enum DiskFormat {
    VHD("vhd"),
    VHDX("vhdx");

    private final String extension;

    DiskFormat(String extension) {
        this.extension = extension;
    }

    /** File name extension without the dot. */
    public String extension() {
        return extension;
    }
}
