package io.gio.cluster.spi;

/** Virtual disk file formats. */
public enum DiskFormat {
    /** The VHD format's limit: 2040 GiB. */
    VHD("vhd", 2040L << 30),
    /** The VHDX format's limit: 64 TiB. */
    VHDX("vhdx", 64L << 40);

    private final String extension;
    private final long maxBytes;

    DiskFormat(String extension, long maxBytes) {
        this.extension = extension;
        this.maxBytes = maxBytes;
    }

    /** The largest virtual disk the format can hold. */
    public long maxBytes() {
        return maxBytes;
    }

    /** File name extension without the dot. */
    public String extension() {
        return extension;
    }
}
