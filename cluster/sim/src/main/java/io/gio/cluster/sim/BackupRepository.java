package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** sim_backup with the disk sizes each one holds in sim_backup_disk. */
final class BackupRepository {

    /** A completed backup of the VM; NOT_FOUND for one being copied, of another VM, or unknown. */
    BackupRow require(Handle h, VmRow vm, UUID backupId) {
        return h.createQuery("SELECT * FROM sim_backup WHERE id = :id AND vm_id = :vm AND state = :ready")
                .bind("id", backupId).bind("vm", vm.id()).bind("ready", BackupRow.READY)
                .map(SimRows.BACKUP).findOne()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "backup " + backupId + " of VM '" + vm.name() + "' does not exist"));
    }

    /** The VM's completed backups, oldest first. */
    List<BackupRow> list(Handle h, UUID vmId) {
        return h.createQuery("SELECT * FROM sim_backup WHERE vm_id = :vm AND state = :ready ORDER BY started, id")
                .bind("vm", vmId).bind("ready", BackupRow.READY).map(SimRows.BACKUP).list();
    }

    /** Writes a backup whose copy starts, with the used bytes of the VM's disks. */
    void insert(Handle h, BackupRow row, List<FabricDisk> disks) {
        h.createUpdate("INSERT INTO sim_backup (id, vm_id, size_bytes, started, completed, consistency, state)"
                        + " VALUES (:id, :vm, :size, :started, NULL, :consistency, :state)")
                .bind("id", row.id()).bind("vm", row.vmId()).bind("size", row.sizeBytes())
                .bind("started", SimRows.timestamp(row.started())).bind("consistency", row.consistency().name())
                .bind("state", BackupRow.COPYING).execute();
        if (disks.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO sim_backup_disk (backup_id, disk_id, used_bytes)"
                + " VALUES (:backup, :disk, :used)");
        disks.forEach(d -> batch.bind("backup", row.id()).bind("disk", d.id()).bind("used", d.usedBytes()).add());
        batch.execute();
    }

    /** Records the VM's content the backup holds. */
    void recordContent(Handle h, UUID backupId, String digest) {
        h.createUpdate("UPDATE sim_backup SET content_digest = :digest WHERE id = :id")
                .bind("digest", digest).bind("id", backupId).execute();
    }

    /** The content the backup holds; empty for one taken before it was recorded. */
    Optional<String> content(Handle h, UUID backupId) {
        return h.createQuery("SELECT content_digest FROM sim_backup WHERE id = :id").bind("id", backupId)
                .map((rs, ctx) -> Optional.ofNullable(rs.getString("content_digest"))).findOne()
                .flatMap(d -> d);
    }

    void markCompleted(Handle h, UUID backupId, Instant completed) {
        h.createUpdate("UPDATE sim_backup SET state = :ready, completed = :completed WHERE id = :id")
                .bind("ready", BackupRow.READY).bind("completed", SimRows.timestamp(completed))
                .bind("id", backupId).execute();
    }

    /** Sets the VM's disks to the used bytes the backup holds. */
    void restoreDisks(Handle h, UUID backupId) {
        h.createUpdate("UPDATE sim_disk SET used_bytes = (SELECT b.used_bytes FROM sim_backup_disk b"
                        + " WHERE b.backup_id = :id AND b.disk_id = sim_disk.id)"
                        + " WHERE id IN (SELECT disk_id FROM sim_backup_disk WHERE backup_id = :id)")
                .bind("id", backupId).execute();
    }

    void delete(Handle h, UUID backupId) {
        h.createUpdate("DELETE FROM sim_backup_disk WHERE backup_id = :id").bind("id", backupId).execute();
        h.createUpdate("DELETE FROM sim_backup WHERE id = :id").bind("id", backupId).execute();
    }

    /**
     * Locks the VM's row until the transaction ends, so that deleting a backup and starting its
     * restore (which updates the row) happen one after the other.
     */
    void lockVm(Handle h, UUID vmId) {
        h.createQuery("SELECT id FROM sim_vm WHERE id = :vm FOR UPDATE").bind("vm", vmId)
                .mapTo(UUID.class).findOne();
    }

    /** Throughput of the slowest volume among the VM's disks'; empty when it has no disks. */
    OptionalLong slowestThroughput(Handle h, UUID vmId) {
        return h.createQuery("SELECT MIN(v.throughput_bytes_per_second) AS slowest FROM sim_disk d"
                        + " JOIN sim_volume v ON v.id = d.volume_id WHERE d.vm_id = :vm")
                .bind("vm", vmId)
                .map((rs, ctx) -> {
                    long slowest = rs.getLong("slowest");
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(slowest);
                })
                .one();
    }
}
