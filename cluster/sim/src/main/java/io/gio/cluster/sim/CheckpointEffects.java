package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What settling a checkpoint operation does, as of the operation's end (a create as of its start,
 * the instant the VM was captured): the tree, the VM's current checkpoint and its delta.
 */
final class CheckpointEffects {

    static final String CREATE = "CHECKPOINT_CREATE";
    static final String RESTORE = "CHECKPOINT_RESTORE";
    static final String DELETE = "CHECKPOINT_DELETE";

    private final CheckpointRepository checkpoints;
    private final Deltas deltas;
    private final HardwareChanges hardware;
    private final GuestWrites writes;

    CheckpointEffects(CheckpointRepository checkpoints, Deltas deltas, HardwareChanges hardware, GuestWrites writes) {
        this.checkpoints = checkpoints;
        this.deltas = deltas;
        this.hardware = hardware;
        this.writes = writes;
    }

    /** The VM's delta so far freezes into the parent; the new checkpoint starts an empty one. */
    void create(Handle h, OperationRow op) {
        CheckpointRow created = checkpoints.get(h, checkpointOf(op));
        deltas.settle(h, op.vmId(), created.created());
        Deltas.Now now = deltas.read(h, op.vmId());
        now.current().ifPresent(parent -> checkpoints.addDelta(h, parent, now.bytes()));
        deltas.store(h, op.vmId(), Optional.of(created.id()), 0, created.created());
        checkpoints.markReady(h, created.id());
    }

    /** The VM's delta is discarded; its disks, content and configuration return to the checkpoint's. */
    void restore(Handle h, OperationRow op) {
        CheckpointRow target = checkpoints.get(h, checkpointOf(op));
        checkpoints.restoreDisks(h, target.id());
        writes.restore(h, op.vmId(), checkpoints.content(h, target.id()), "checkpoint " + target.id(), op.ends());
        hardware.set(h, op.vmId(), target.hardware());
        deltas.store(h, op.vmId(), Optional.of(target.id()), 0, op.ends());
    }

    /** What failing a restore gives back: the memory reserved for the checkpoint's configuration. */
    void undoRestore(Handle h, OperationRow op) {
        hardware.unreserve(h, op.vmId(), checkpoints.get(h, checkpointOf(op)).hardware().memoryMb());
    }

    /** The checkpoint's delta merges into its parent (or the base disks); its children move up. */
    void delete(Handle h, OperationRow op) {
        CheckpointRow gone = checkpoints.get(h, checkpointOf(op));
        checkpoints.reparentChildren(h, op.vmId(), gone.id(), gone.parentId());
        gone.parentId().ifPresent(parent -> checkpoints.addDelta(h, parent, gone.deltaBytes()));
        Deltas.Now now = deltas.read(h, op.vmId());
        if (now.current().equals(Optional.of(gone.id()))) {
            deltas.settle(h, op.vmId(), op.ends());
            deltas.store(h, op.vmId(), gone.parentId(), deltas.read(h, op.vmId()).bytes(), op.ends());
        }
        checkpoints.delete(h, gone.id());
    }

    private static UUID checkpointOf(OperationRow op) {
        return op.checkpointId().orElseThrow(() -> new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "the simulated fabric stores operation " + op.id() + " (" + op.kind() + ") without its checkpoint"));
    }
}
