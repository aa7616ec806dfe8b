package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * A completed backup of a VM's disks.
 *
 * @param sizeBytes bytes the backup holds (the disks' used bytes when it was taken)
 * @param started when the copy began: the point in time the backup restores to
 */
public record FabricBackup(UUID id, UUID vmId, long sizeBytes, Instant started, Instant completed,
        BackupConsistency consistency) {
    public FabricBackup {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(started, "started is null");
        requireNonNull(completed, "completed is null");
        requireNonNull(consistency, "consistency is null");
    }
}
