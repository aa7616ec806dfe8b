package io.gio.cluster.spi;

import java.util.List;
import java.util.UUID;

/**
 * Full backups of VMs' disks to the fabric's backup store: an optional capability, offered
 * through {@link ClusterDriver#backups()}.
 *
 * <p>Threading and blocking as for {@link ClusterDriver}: every method returns at once; create
 * and restore start a {@link FabricOperation} to poll with {@link ClusterDriver#operation(UUID)}.
 * While it runs, the VM's {@link FabricVm#runningOperation()} names it and the VM refuses other
 * operations with INVALID_STATE. Every method throws NOT_FOUND for an unknown VM, and for a
 * backup that does not exist or belongs to another VM.
 */
public interface BackupSupport {

    /**
     * Starts a full backup: the used bytes of every disk of the VM are copied to the backup
     * store, which takes time in proportion to their size and the disks' volume throughput.
     * Allowed when the VM is RUNNING, PAUSED, STOPPED or SAVED with no running operation;
     * INVALID_STATE otherwise. A VM that is running or paused keeps running: the backup reads a
     * temporary checkpoint, so it is {@link BackupConsistency#CRASH_CONSISTENT}; the checkpoint
     * is merged when the copy ends and is never listed. A stopped or saved VM gives a
     * {@link BackupConsistency#CONSISTENT} backup. The backup is listed once the operation has
     * succeeded.
     *
     * <p>Idempotent per {@code backupId}: another call with the same ID returns the same
     * operation; INVALID_ARGUMENT when that ID was used for another VM.
     */
    FabricOperation create(UUID vmId, UUID backupId);

    /**
     * Starts restoring a backup into its VM: the VM's disks get the backup's contents, which
     * takes time in proportion to the backup's size; the VM's checkpoints are discarded (their
     * disks no longer descend from them). Allowed only when the VM is STOPPED with no running
     * operation; INVALID_STATE, naming the state, otherwise. The VM stays STOPPED.
     */
    FabricOperation restore(UUID vmId, UUID backupId);

    /**
     * Deletes a backup and frees its space in the backup store at once. NOT_FOUND also for a
     * backup still being copied; INVALID_STATE while the backup is being restored.
     */
    void delete(UUID vmId, UUID backupId);

    /** The VM's completed backups as of now, oldest first. */
    List<FabricBackup> list(UUID vmId);
}
