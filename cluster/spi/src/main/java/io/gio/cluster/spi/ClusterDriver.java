package io.gio.cluster.spi;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One fabric (one or more stamps) managed through one driver.
 *
 * <p>Threading: every method is safe to call from any thread, concurrently. No method blocks
 * for the length of long work: creating, powering and deleting VMs start a
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
     * the VM's state, when the state does not allow the action (see {@link PowerAction}).
     */
    FabricOperation power(UUID vmId, PowerAction action);

    /**
     * Starts deleting a stopped VM and its disks. NOT_FOUND for an unknown VM; INVALID_STATE, with a
     * message naming the VM's state, unless it is STOPPED or CREATION_FAILED.
     */
    FabricOperation deleteVm(UUID vmId);

    /** Reads an operation as of now. NOT_FOUND for an unknown ID. */
    FabricOperation operation(UUID operationId);

    /** Present only on simulated fabrics. */
    default Optional<FabricSeeding> seeding() {
        return Optional.empty();
    }

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
