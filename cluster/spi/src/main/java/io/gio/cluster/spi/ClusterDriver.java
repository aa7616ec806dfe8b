package io.gio.cluster.spi;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One fabric (one or more stamps) managed through one driver.
 *
 * <p>Threading: every method is safe to call from any thread, concurrently. No method blocks
 * for the length of long work: creating, powering, reconfiguring and deleting VMs start a
 * {@link FabricOperation} that the caller polls with {@link #operation(UUID)}. Errors are
 * {@link ClusterException}s with a {@link ClusterErrorCode}; no other exception escapes, except
 * {@link IllegalArgumentException} and {@link NullPointerException} for programming errors.
 */
public interface ClusterDriver extends AutoCloseable {

    /** The factory name this driver was created by. */
    String name();

    /** Stamps of this fabric, in a stable order. */
    List<Stamp> stamps();

    /** Hosts of a stamp. NOT_FOUND for an unknown stamp. */
    List<Host> hosts(UUID stampId);

    /** Volumes of a stamp with their current usage. NOT_FOUND for an unknown stamp. */
    List<Volume> volumes(UUID stampId);

    /** Logical networks of a stamp. NOT_FOUND for an unknown stamp. */
    List<FabricNetwork> networks(UUID stampId);

    /** Links between stamps. */
    List<Link> links();

    /** A VM as it is now, or empty when the fabric does not have it. */
    Optional<FabricVm> vm(UUID vmId);

    /**
     * Starts creating a VM. Validates the spec against the stamp's {@link Generation}
     * (UNSUPPORTED for a disk format or size it lacks, CAPACITY when no host or volume has room,
     * NOT_FOUND for an unknown stamp, volume or network) before anything happens. Idempotent per
     * {@code spec.id()}: a second call for a VM being created returns its running operation.
     */
    FabricOperation createVm(VmSpec spec);

    /**
     * Starts a power action. NOT_FOUND for an unknown VM; INVALID_STATE, with a message naming
     * the VM's state, when the state does not allow the action (see {@link PowerAction}) or the VM
     * is busy with another operation.
     */
    FabricOperation power(UUID vmId, PowerAction action);

    /**
     * Starts changing a VM's processors and memory. Hyper-V cannot change the processor count or
     * the static memory of a running VM, so this is allowed only when the VM is STOPPED with no
     * running operation: INVALID_STATE, naming the VM's state, otherwise. The VM stays STOPPED
     * while the operation runs, with {@link FabricVm#runningOperation()} naming it, and
     * {@link #vm(UUID)} shows the new values once it has succeeded.
     *
     * <p>Checked before anything changes, in this order: NOT_FOUND for an unknown VM;
     * INVALID_STATE; UNSUPPORTED, with a message naming the limit, when the processors or the
     * memory (the startup memory and the dynamic maximum) exceed the stamp's {@link Generation};
     * CAPACITY when the VM's host cannot take the additional memory (hosts count each VM's static
     * or startup memory). Not idempotent: a second call while one runs is refused with
     * INVALID_STATE; repeating one that has ended sets the same values again.
     */
    FabricOperation reconfigure(UUID vmId, VmHardware hardware);

    /**
     * Starts deleting a stopped VM with its disks and checkpoints. NOT_FOUND for an unknown VM;
     * INVALID_STATE, with a message naming the VM's state, unless it is STOPPED or CREATION_FAILED
     * with no running operation.
     */
    FabricOperation deleteVm(UUID vmId);

    /** Reads an operation as of now. NOT_FOUND for an unknown ID. */
    FabricOperation operation(UUID operationId);

    /** Checkpoints of VMs, when the fabric offers them; the same object on every call. */
    default Optional<CheckpointSupport> checkpoints() {
        return Optional.empty();
    }

    /** Console screenshots, when the fabric offers them; the same object on every call. */
    default Optional<ScreenshotSupport> screenshots() {
        return Optional.empty();
    }

    /** Network and storage QoS, when the fabric offers them; the same object on every call. */
    default Optional<QosSupport> qos() {
        return Optional.empty();
    }

    /** Full backups of VMs' disks, when the fabric offers them; the same object on every call. */
    default Optional<BackupSupport> backups() {
        return Optional.empty();
    }

    /** Present only on simulated fabrics. */
    default Optional<FabricSeeding> seeding() {
        return Optional.empty();
    }

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
