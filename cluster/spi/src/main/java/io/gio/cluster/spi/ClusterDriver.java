package io.gio.cluster.spi;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One fabric (one or more stamps) managed through one driver.
 *
 * <p>Threading: every method is safe to call from any thread, concurrently. No method blocks
 * for the length of long work: creating, powering, reconfiguring and deleting VMs, growing their
 * disks, and adding, reconnecting and removing their network adapters, start a
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

    /**
     * IDs of every VM the fabric has on a stamp, also those made outside the gateway, in no
     * particular order: a cheap listing (one query, one call per host) for comparing ID sets, with
     * {@link #vm(UUID)} for the details of the few that differ. NOT_FOUND for an unknown stamp. The
     * default is an empty list: a driver that cannot list VMs offers nothing to adopt.
     */
    default List<UUID> vmIds(UUID stampId) {
        java.util.Objects.requireNonNull(stampId, "stampId is null");
        return List.of();
    }

    /** A VM as it is now, or empty when the fabric does not have it. */
    Optional<FabricVm> vm(UUID vmId);

    /**
     * Starts creating a VM. Validates the spec against the stamp's {@link Generation}
     * (UNSUPPORTED for a disk format or size it lacks, or more than
     * {@link Generation#MAX_NICS_PER_VM} network adapters; CAPACITY when no host or volume has
     * room; NOT_FOUND for an unknown stamp, volume or network; INVALID_ARGUMENT for a static MAC
     * address not in the form {@link NicSpec#macAddress()} describes) before anything happens.
     * Idempotent per {@code spec.id()}: a second call for a VM being created returns its running
     * operation.
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
     * Starts growing one of a VM's virtual disks, as VMM's {@code Expand-SCVirtualDiskDrive} does:
     * the guest sees {@code maxBytes} (or the next size the format can describe, never less; see
     * {@link FabricDisk#maxBytes()} once it has succeeded) and its data stays as it was; the space
     * added reads as zeros. Hyper-V edits a disk only while no VM uses it, so the VM must be STOPPED
     * with no running operation; a generation with {@link Generation#onlineVhdxResize()} also grows
     * a VHDX data disk (not the boot disk, which sits on the IDE controller) of a RUNNING VM. The VM
     * keeps its state while the operation runs, with {@link FabricVm#runningOperation()} naming it.
     *
     * <p>Checked before anything changes, in this order: NOT_FOUND for an unknown VM and for a disk
     * that is not the VM's; INVALID_ARGUMENT unless {@code maxBytes} is larger than the disk's
     * size; UNSUPPORTED, naming the limit, beyond the format's largest disk
     * ({@link DiskFormat#maxBytes()}); INVALID_STATE, naming the VM's state, when the state does not
     * allow it, and when the VM has checkpoints (growing a disk would break their differencing
     * disks, so Hyper-V refuses it). Not idempotent: a second call while one runs is refused with
     * INVALID_STATE.
     */
    FabricOperation expandDisk(UUID vmId, UUID diskId, long maxBytes);

    /**
     * Starts adding a synthetic network adapter to a VM. Hyper-V (Windows Server 2008 R2 to 2012 R2)
     * cannot add one to a running VM, so this is allowed only when the VM is STOPPED with no running
     * operation. The VM stays STOPPED while the operation runs, with
     * {@link FabricVm#runningOperation()} naming it; once it has succeeded {@link #vm(UUID)} lists
     * the adapter, after the VM's other adapters, with its MAC address (the static one asked for,
     * or one the fabric assigns) and an IPv4 address of the network.
     *
     * <p>Checked before anything changes, in this order: NOT_FOUND for an unknown VM; then, when
     * this method was called with the same {@code nic.id()} for the same VM before, that
     * operation is returned, running or ended, whatever else the call says (idempotent per ID);
     * INVALID_ARGUMENT when the ID was used by an add on another VM, or is used by an adapter of
     * this or another VM; NOT_FOUND when the network is not a logical network of the VM's stamp;
     * INVALID_ARGUMENT for a static MAC address not in the form {@link NicSpec#macAddress()}
     * describes; INVALID_STATE, naming the VM's state, unless the VM is STOPPED with no running
     * operation; UNSUPPORTED, naming the limit, when the VM already has
     * {@link Generation#MAX_NICS_PER_VM} adapters. Should a VM created meanwhile take the ID, the
     * operation ends FAILED with INVALID_ARGUMENT and the VM is left as it was.
     */
    FabricOperation addNic(UUID vmId, NicSpec nic);

    /**
     * Starts connecting a VM's network adapter to another logical network of its stamp (or again
     * to the same one). Changing an adapter's connection is an online operation in Hyper-V: allowed
     * when the VM is RUNNING, STOPPED, PAUSED or SAVED with no running operation, and the VM keeps
     * its power state while it runs, with {@link FabricVm#runningOperation()} naming it. Once it
     * has succeeded the adapter shows the new network; it keeps its ID, MAC address and QoS
     * settings, and gets an IPv4 address of the new network (it keeps its address when the network
     * does not change).
     *
     * <p>Checked before anything changes, in this order: NOT_FOUND for an unknown VM, for an
     * adapter that is not the VM's, and for a network that is not a logical network of the VM's
     * stamp; then, unless the call repeats the connect the VM is running (same adapter and
     * network), which returns that operation, INVALID_STATE naming the VM's state.
     */
    FabricOperation connectNic(UUID vmId, UUID nicId, UUID networkId);

    /**
     * Starts removing a network adapter from a VM, with its QoS settings. Like adding one, this is
     * allowed only when the VM is STOPPED with no running operation; the VM stays STOPPED while
     * it runs, and {@link #vm(UUID)} stops listing the adapter once it has succeeded.
     *
     * <p>Checked before anything changes, in this order: NOT_FOUND for an unknown VM, and for an
     * adapter that is not the VM's (so, once the removal has ended, for the removed one); then,
     * unless the call repeats the removal the VM is running, which returns that operation,
     * INVALID_STATE naming the VM's state.
     */
    FabricOperation removeNic(UUID vmId, UUID nicId);

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

    /**
     * The VM templates the fabric offers on a stamp (images a new VM's boot disk is copied from,
     * {@link DiskSpec#template()}); none by default. NOT_FOUND for an unknown stamp.
     */
    default List<FabricTemplate> templates(UUID stampId) {
        return List.of();
    }

    /** Interactive consoles (VNC), when the fabric offers them; the same object on every call. */
    default Optional<ConsoleSupport> consoles() {
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

    /** Transfers and imports between stamps, for migrations; the same object on every call. */
    default Optional<MigrationSupport> migrations() {
        return Optional.empty();
    }

    /** Fault injection; present only on simulated fabrics. */
    default Optional<FaultInjection> faults() {
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
