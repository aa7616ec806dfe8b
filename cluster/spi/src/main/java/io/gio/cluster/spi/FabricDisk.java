package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A virtual disk of a VM.
 *
 * @param path full path of the disk file, whose extension matches {@code format}
 * @param maxBytes the virtual size the guest sees
 * @param usedBytes bytes allocated in the file (what a copy moves)
 * @param dirtyBytesPerSecond rate at which the running guest writes new data to it
 */
public record FabricDisk(
        UUID id,
        String name,
        DiskFormat format,
        String path,
        UUID volumeId,
        long maxBytes,
        long usedBytes,
        long dirtyBytesPerSecond,
        boolean boot) {
    public FabricDisk {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(format, "format is null");
        requireNonNull(path, "path is null");
        requireNonNull(volumeId, "volumeId is null");
    }

    /**
     * What every driver checks before growing this disk to {@code newMaxBytes}
     * ({@link ClusterDriver#expandDisk}): INVALID_ARGUMENT unless it is larger than the disk is;
     * UNSUPPORTED, naming the limit, beyond the format's largest disk.
     */
    public void requireCanGrowTo(long newMaxBytes) {
        if (newMaxBytes <= maxBytes) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The disk " + name + " holds " + maxBytes
                    + " bytes; it can only grow, and " + newMaxBytes + " bytes is not more.");
        }
        if (newMaxBytes > format.maxBytes()) {
            long gib = 1L << 30;
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "A " + format + " disk holds at most "
                    + format.maxBytes() / gib + " GB; " + (newMaxBytes + gib - 1) / gib + " GB were asked for.");
        }
    }
}
