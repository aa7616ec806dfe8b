package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/**
 * A disk to create for a new VM.
 *
 * @param volumeId where to place it; empty lets the driver choose the volume with most room
 * @param usedBytes how much data it starts with (a template's OS image is copied in)
 * @param template a template of the fabric ({@link ClusterDriver#templates}) whose image the disk
 *     is a full copy of; empty for a disk the fabric makes as its own (blank, or the simulated
 *     fabric's model of a template copy). A driver that has no such template answers NOT_FOUND.
 */
public record DiskSpec(
        UUID id,
        String name,
        DiskFormat format,
        long maxBytes,
        long usedBytes,
        long dirtyBytesPerSecond,
        Optional<UUID> volumeId,
        boolean boot,
        Optional<UUID> template) {
    public DiskSpec {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(format, "format is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(template, "template is null");
        if (maxBytes <= 0 || usedBytes < 0 || usedBytes > maxBytes) {
            throw new IllegalArgumentException("disk sizes must satisfy 0 <= used <= max, max > 0");
        }
    }

    /** A disk made by the fabric itself, from no template image. */
    public DiskSpec(UUID id, String name, DiskFormat format, long maxBytes, long usedBytes, long dirtyBytesPerSecond,
            Optional<UUID> volumeId, boolean boot) {
        this(id, name, format, maxBytes, usedBytes, dirtyBytesPerSecond, volumeId, boot, Optional.empty());
    }
}
