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
}
