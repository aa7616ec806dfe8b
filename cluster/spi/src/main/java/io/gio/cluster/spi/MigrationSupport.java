package io.gio.cluster.spi;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Primitives the migration engine builds moves between stamps from: an optional capability,
 * offered through {@link ClusterDriver#migrations()}. The engine decides what to copy, when and at
 * what rate; the fabric copies, converts and registers.
 *
 * <p>Threading and blocking as for {@link ClusterDriver}: every method returns at once and is
 * safe to call concurrently; transfers and imports progress with the driver's clock. A transfer
 * never changes its source VM: a running VM keeps running while a BASE, DELTA, VOLUME_MIRROR or
 * LIVE transfer reads it, and its power state, disks and checkpoints stay as they are.
 */
public interface MigrationSupport {

    /**
     * The kinds of transfer this fabric offers; {@link #startTransfer} refuses the others with
     * UNSUPPORTED, and the engine chooses no strategy that needs them. All of them by default.
     */
    default Set<TransferKind> kinds() {
        return EnumSet.allOf(TransferKind.class);
    }

    /**
     * The kinds of transfer this fabric offers for this VM as it is now: a subset of
     * {@link #kinds()}, narrower where the VM's disks or host rule some out (QEMU, for one, cannot
     * live-migrate a VM with VHD disks). {@link #kinds()} by default.
     */
    default Set<TransferKind> kinds(FabricVm vm) {
        return kinds();
    }

    /**
     * Whether a LIVE transfer that has converged keeps the VM running on its source, in sync,
     * until {@link #importVm} switches it over: true by default, as Hyper-V's live migration can be
     * held. A fabric whose hypervisor switches over by itself as soon as the copy converges (QEMU
     * under libvirt) answers false: its LIVE transfer ends with the switch-over, the source VM
     * STOPPED and the moved VM not yet listed; {@link #importVm} then gives the moved VM its new ID,
     * and its operation's {@code started} and {@code ended} bound the switch-over as the hypervisor
     * measured it. The engine then never waits for a confirmed cut-over of a live migration.
     */
    default boolean holdsLiveSwitchOver() {
        return true;
    }

    /**
     * Starts a transfer. Idempotent per {@code spec.id()}: a second call returns the transfer as it
     * is now, whatever else the call says; INVALID_ARGUMENT when that ID was used for another VM.
     *
     * <p>Checked before anything happens, in this order: NOT_FOUND for an unknown VM or target
     * volume; INVALID_ARGUMENT when {@code previous} is not a SUCCEEDED transfer of the same VM
     * to the same volume (in the same target format, not LIVE, its data neither discarded nor
     * imported); INVALID_STATE, naming the VM's state, for a FULL transfer of a VM that
     * is not STOPPED or SAVED, a LIVE transfer of a VM that is not RUNNING, or any transfer of a VM
     * being created or deleted or whose creation failed; UNSUPPORTED when
     * the target stamp cannot attach the target format, when the source and target stamps are
     * different and no {@link Link} joins them, or for LIVE unless both generations have
     * {@link Generation#sharedNothingLiveMigration()}; CAPACITY, naming the volume, when the target
     * volume lacks room for the bytes to copy (also while a fault fills it); FABRIC_FAILURE while a
     * fault stops the link.
     *
     * <p>The copy runs at the asked rate capped by the source and target volumes' throughput;
     * a conversion to another format then costs the copied bytes at the target volume's
     * throughput, and a DELTA is merged into the target copy at that throughput. The target
     * volume's used bytes grow by the copied bytes when the transfer starts.
     */
    Transfer startTransfer(TransferSpec spec);

    /** A transfer as of now. NOT_FOUND for an unknown ID. */
    Transfer transfer(UUID transferId);

    /**
     * Changes the rate of a running transfer from now on (capped as at its start). NOT_FOUND for
     * an unknown ID; a transfer that has ended is left as it is.
     */
    Transfer throttle(UUID transferId, long bytesPerSecond);

    /**
     * Removes what a transfer wrote to its target volume and frees the space; a running transfer
     * is stopped first and ends FAILED. Idempotent; NOT_FOUND for an unknown ID. Once a VM was
     * imported from a chain, its data belongs to that VM and this does nothing.
     */
    void discard(UUID transferId);

    /**
     * Starts registering a VM on the target stamp from a chain of transfers, as a Hyper-V import
     * does: the VM is placed on a host of the target stamp with room for its memory and ends
     * STOPPED with the chain's content in its disks. After a LIVE chain the import is the
     * switch-over instead: the new VM ends RUNNING and the source VM STOPPED, in the same instant,
     * well under a second after the call (on a fabric that does not {@link #holdsLiveSwitchOver()
     * hold the switch-over}, the transfer did it, and the import names the moved VM). Idempotent per {@code spec.vmId()}: a second call for a VM
     * being imported returns its running operation.
     *
     * <p>Checked before anything happens: NOT_FOUND for an unknown transfer, stamp or network;
     * INVALID_ARGUMENT when the transfer has not SUCCEEDED or its volume is not on the target
     * stamp, or the data of a transfer of the chain was discarded or imported already; NOT_FOUND
     * when the chain's source VM no longer exists; INVALID_STATE when the source VM's guest may have written since the chain's last
     * transfer started (a DELTA must follow the stop), or, for a LIVE chain on a fabric that holds
     * the switch-over, when the source VM is not RUNNING; UNSUPPORTED when the processors or memory exceed the target's
     * {@link Generation}; CAPACITY when no host has room for the memory, or the volume has none
     * for the VM's disks.
     */
    FabricOperation importVm(ImportSpec spec);

    /**
     * A digest of the content of a VM's disks as of now: it changes whenever the guest writes and
     * equals the {@link Transfer#contentDigest()} of a chain that copied it unchanged. NOT_FOUND
     * for an unknown VM.
     */
    String contentDigest(UUID vmId);
}
