package io.gio.cluster.spi;

import java.util.List;
import java.util.UUID;

/**
 * Checkpoints (Hyper-V snapshots) of VMs: an optional capability, offered through
 * {@link ClusterDriver#checkpoints()}.
 *
 * <p>A VM's checkpoints form a tree. The VM's present state descends from at most one of them,
 * its <em>current</em> checkpoint: a new checkpoint takes it as parent, a restore moves the VM to
 * another one, a delete of it makes its parent current. Each checkpoint starts a differencing
 * disk that holds what the VM writes afterwards (see {@link FabricCheckpoint#deltaBytes()}).
 *
 * <p>Threading and blocking as for {@link ClusterDriver}: every method is safe from any thread
 * and returns at once; create, restore and delete start a {@link FabricOperation} to poll with
 * {@link ClusterDriver#operation(UUID)}. While it runs the VM's
 * {@link FabricVm#runningOperation()} names it and the VM refuses other operations with
 * INVALID_STATE. Create and delete leave the VM's power state as it is (the guest keeps running);
 * restore shows {@link PowerState#RESTORING_CHECKPOINT}. Checkpoints go with their VM when it is
 * deleted.
 *
 * <p>Every method throws NOT_FOUND for an unknown VM, and for a checkpoint that does not exist or
 * belongs to another VM.
 */
public interface CheckpointSupport {

    /**
     * Starts capturing the VM's disks, configuration (processors and memory) and power state
     * (with its memory when RUNNING or PAUSED). Allowed when the VM is RUNNING, STOPPED, PAUSED or
     * SAVED with no running operation; INVALID_STATE, naming the state, otherwise. The new
     * checkpoint's parent is the VM's current checkpoint, if any, and it becomes current. It is
     * listed once the operation has succeeded.
     *
     * <p>Idempotent per {@code checkpointId}: another call with the same ID returns the same
     * operation, running or ended; INVALID_ARGUMENT when that ID was used for another VM, or for
     * a blank name.
     */
    FabricOperation create(UUID vmId, UUID checkpointId, String name);

    /**
     * Starts returning the VM to a checkpoint: its disks, configuration and the power state it
     * had then (a checkpoint of a running VM restores to RUNNING, of a stopped VM to STOPPED).
     * What the VM did since its current checkpoint is discarded; every checkpoint is kept, later
     * ones included, and the restored one becomes current. Allowed when the VM is RUNNING,
     * STOPPED, PAUSED or SAVED with no running operation; INVALID_STATE otherwise. CAPACITY when
     * the VM's host cannot take the memory the checkpoint had. A call repeated while the same
     * restore runs returns its operation.
     */
    FabricOperation restore(UUID vmId, UUID checkpointId);

    /**
     * Starts deleting a checkpoint: its differencing disk is merged, which takes time in
     * proportion to {@link FabricCheckpoint#deltaBytes()}. Its children take its parent as theirs;
     * if it was current, its parent becomes current. The VM's power state and disks' contents do
     * not change. Allowed when the VM is RUNNING, STOPPED, PAUSED or SAVED with no running
     * operation; INVALID_STATE otherwise. A call repeated while the same delete runs returns its
     * operation; once it has ended, the checkpoint is NOT_FOUND.
     */
    FabricOperation delete(UUID vmId, UUID checkpointId);

    /**
     * The VM's checkpoints as of now, oldest first. Settles what is due, like
     * {@link ClusterDriver#vm(UUID)}; a checkpoint whose creation still runs is not listed.
     */
    List<FabricCheckpoint> list(UUID vmId);
}
