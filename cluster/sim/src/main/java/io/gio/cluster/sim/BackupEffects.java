package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** What settling a backup operation does, as of the operation's end. */
final class BackupEffects {

    static final String CREATE = "BACKUP_CREATE";
    static final String RESTORE = "BACKUP_RESTORE";

    private final BackupRepository backups;
    private final CheckpointRepository checkpoints;
    private final Deltas deltas;
    private final GuestWrites writes;

    BackupEffects(BackupRepository backups, CheckpointRepository checkpoints, Deltas deltas, GuestWrites writes) {
        this.backups = backups;
        this.checkpoints = checkpoints;
        this.deltas = deltas;
        this.writes = writes;
    }

    /** The copy is complete: the backup is listed. The temporary checkpoint of a live VM leaves no trace. */
    void create(Handle h, OperationRow op) {
        backups.markCompleted(h, backupOf(op), op.ends());
    }

    /**
     * The VM's disks get the backup's used bytes and content. They no longer descend from any
     * checkpoint: the VM's checkpoints are deleted and it has no delta.
     */
    void restore(Handle h, OperationRow op) {
        backups.restoreDisks(h, backupOf(op));
        writes.restore(h, op.vmId(), backups.content(h, backupOf(op)), "backup " + backupOf(op), op.ends());
        checkpoints.deleteAll(h, op.vmId());
        deltas.store(h, op.vmId(), Optional.empty(), 0, op.ends());
    }

    private static UUID backupOf(OperationRow op) {
        return op.backupId().orElseThrow(() -> new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "the simulated fabric stores operation " + op.id() + " (" + op.kind() + ") without its backup"));
    }
}
