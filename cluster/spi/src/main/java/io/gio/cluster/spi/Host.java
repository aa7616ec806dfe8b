package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A hypervisor host, member of a failover cluster of a stamp. */
public record Host(
        UUID id,
        UUID stampId,
        String name,
        String clusterName,
        int logicalProcessors,
        long memoryMb,
        long nicBandwidthBitsPerSecond) {
    public Host {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(name, "name is null");
        requireNonNull(clusterName, "clusterName is null");
    }
}
