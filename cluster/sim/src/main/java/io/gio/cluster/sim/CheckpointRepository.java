package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** sim_checkpoint with the disk sizes each one captured in sim_checkpoint_disk. */
final class CheckpointRepository {

    /** A ready checkpoint of the VM; NOT_FOUND for one being created, of another VM, or unknown. */
    CheckpointRow require(Handle h, VmRow vm, UUID checkpointId) {
        return h.createQuery("SELECT * FROM sim_checkpoint WHERE id = :id AND vm_id = :vm AND ready")
                .bind("id", checkpointId).bind("vm", vm.id()).map(SimRows.CHECKPOINT).findOne()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "checkpoint " + checkpointId + " of VM '" + vm.name() + "' does not exist"));
    }

    /** Any checkpoint, ready or not; for settling, where it must exist. */
    CheckpointRow get(Handle h, UUID checkpointId) {
        return h.createQuery("SELECT * FROM sim_checkpoint WHERE id = :id")
                .bind("id", checkpointId).map(SimRows.CHECKPOINT).one();
    }

    /** The VM's ready checkpoints, oldest first. */
    List<CheckpointRow> list(Handle h, UUID vmId) {
        return h.createQuery("SELECT * FROM sim_checkpoint WHERE vm_id = :vm AND ready ORDER BY created, id")
                .bind("vm", vmId).map(SimRows.CHECKPOINT).list();
    }

    /** Writes a checkpoint, not yet ready, with the used bytes of the VM's disks. */
    void insert(Handle h, CheckpointRow row, List<FabricDisk> disks) {
        h.createUpdate("INSERT INTO sim_checkpoint (id, vm_id, name, parent_id, created, captured_state, cpu_count,"
                        + " memory_mb, dynamic_memory_min_mb, dynamic_memory_max_mb, delta_bytes, ready)"
                        + " VALUES (:id, :vm, :name, :parent, :created, :state, :cpu, :memory, :min, :max, :delta, FALSE)")
                .bind("id", row.id()).bind("vm", row.vmId()).bind("name", row.name())
                .bindByType("parent", row.parentId().orElse(null), UUID.class)
                .bind("created", SimRows.timestamp(row.created())).bind("state", row.capturedState().name())
                .bind("cpu", row.hardware().cpuCount()).bind("memory", row.hardware().memoryMb())
                .bindByType("min", SimRows.minimumMb(row.hardware()), Integer.class)
                .bindByType("max", SimRows.maximumMb(row.hardware()), Integer.class)
                .bind("delta", row.deltaBytes()).execute();
        if (disks.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO sim_checkpoint_disk (checkpoint_id, disk_id, used_bytes)"
                + " VALUES (:checkpoint, :disk, :used)");
        disks.forEach(d -> batch.bind("checkpoint", row.id()).bind("disk", d.id()).bind("used", d.usedBytes()).add());
        batch.execute();
    }

    /** Records the VM's content the checkpoint captured. */
    void recordContent(Handle h, UUID checkpointId, String digest) {
        h.createUpdate("UPDATE sim_checkpoint SET content_digest = :digest WHERE id = :id")
                .bind("digest", digest).bind("id", checkpointId).execute();
    }

    /** The content the checkpoint captured; empty for one taken before it was recorded. */
    Optional<String> content(Handle h, UUID checkpointId) {
        return h.createQuery("SELECT content_digest FROM sim_checkpoint WHERE id = :id").bind("id", checkpointId)
                .map((rs, ctx) -> Optional.ofNullable(rs.getString("content_digest"))).findOne()
                .flatMap(d -> d);
    }

    void markReady(Handle h, UUID checkpointId) {
        h.createUpdate("UPDATE sim_checkpoint SET ready = TRUE WHERE id = :id").bind("id", checkpointId).execute();
    }

    void addDelta(Handle h, UUID checkpointId, long bytes) {
        h.createUpdate("UPDATE sim_checkpoint SET delta_bytes = delta_bytes + :bytes WHERE id = :id")
                .bind("bytes", bytes).bind("id", checkpointId).execute();
    }

    /** Gives the children of {@code checkpointId} its parent, or none. */
    void reparentChildren(Handle h, UUID vmId, UUID checkpointId, Optional<UUID> parentId) {
        h.createUpdate("UPDATE sim_checkpoint SET parent_id = :parent WHERE vm_id = :vm AND parent_id = :id")
                .bindByType("parent", parentId.orElse(null), UUID.class)
                .bind("vm", vmId).bind("id", checkpointId).execute();
    }

    /** Sets the VM's disks back to the used bytes the checkpoint captured. */
    void restoreDisks(Handle h, UUID checkpointId) {
        h.createUpdate("UPDATE sim_disk SET used_bytes = (SELECT c.used_bytes FROM sim_checkpoint_disk c"
                        + " WHERE c.checkpoint_id = :id AND c.disk_id = sim_disk.id)"
                        + " WHERE id IN (SELECT disk_id FROM sim_checkpoint_disk WHERE checkpoint_id = :id)")
                .bind("id", checkpointId).execute();
    }

    void delete(Handle h, UUID checkpointId) {
        h.createUpdate("DELETE FROM sim_checkpoint_disk WHERE checkpoint_id = :id").bind("id", checkpointId).execute();
        h.createUpdate("DELETE FROM sim_checkpoint WHERE id = :id").bind("id", checkpointId).execute();
    }

    /** Deletes all the VM's checkpoints, ready or not. */
    void deleteAll(Handle h, UUID vmId) {
        h.createUpdate("DELETE FROM sim_checkpoint_disk WHERE checkpoint_id IN"
                + " (SELECT id FROM sim_checkpoint WHERE vm_id = :vm)").bind("vm", vmId).execute();
        h.createUpdate("DELETE FROM sim_checkpoint WHERE vm_id = :vm").bind("vm", vmId).execute();
    }

    /** Throughput of the volume a merge writes to: that of the VM's boot disk, else its first disk. */
    OptionalLong mergeThroughput(Handle h, UUID vmId) {
        return h.createQuery("SELECT v.throughput_bytes_per_second FROM sim_disk d"
                        + " JOIN sim_volume v ON v.id = d.volume_id WHERE d.vm_id = :vm ORDER BY d.boot DESC, d.ordinal")
                .bind("vm", vmId).mapTo(Long.class).findFirst()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
