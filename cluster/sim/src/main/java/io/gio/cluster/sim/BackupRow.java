package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.BackupConsistency;
import io.gio.cluster.spi.FabricBackup;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of sim_backup.
 *
 * @param sizeBytes the sum of the VM's disks' used bytes when the copy started
 * @param completed when its BACKUP_CREATE ended; empty while the copy runs
 */
record BackupRow(
        UUID id,
        UUID vmId,
        long sizeBytes,
        Instant started,
        Optional<Instant> completed,
        BackupConsistency consistency) {

    static final String COPYING = "COPYING";
    static final String READY = "READY";

    BackupRow {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(started, "started is null");
        requireNonNull(completed, "completed is null");
        requireNonNull(consistency, "consistency is null");
    }

    /** As the SPI shows it; only a completed backup is shown. */
    FabricBackup asFabric() {
        return new FabricBackup(id, vmId, sizeBytes, started, completed.orElseThrow(() ->
                new IllegalStateException("backup " + id + " is not complete")), consistency);
    }
}
