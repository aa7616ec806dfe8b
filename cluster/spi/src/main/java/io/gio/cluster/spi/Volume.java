package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A storage volume VM disks live on.
 *
 * @param path where disks are placed, e.g. {@code C:\ClusterStorage\Volume1}
 * @param usedBytes bytes allocated by the disks on it, at the time of the call
 * @param throughputBytesPerSecond sequential throughput, which bounds copies to or from it
 */
public record Volume(
        UUID id,
        UUID stampId,
        String name,
        VolumeKind kind,
        String path,
        long capacityBytes,
        long usedBytes,
        int maxIops,
        long throughputBytesPerSecond) {
    public Volume {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(path, "path is null");
    }
}
