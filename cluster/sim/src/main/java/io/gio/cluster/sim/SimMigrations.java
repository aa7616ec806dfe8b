package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferSpec;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Transfers and imports of the simulated fabric, modelled on Hyper-V (see {@link SimDurations} for
 * every duration):
 * <ul>
 * <li>what a transfer copies ({@link TransferPlanning}): FULL and BASE the disks' used bytes; LIVE
 * those plus the VM's memory; VOLUME_MIRROR the used bytes of the volumes of the VM's disks; a
 * DELTA what the guest wrote since the previous transfer started (its {@link GuestWrites written
 * counter}'s growth, at most the disks' size), or after a VOLUME_MIRROR what every VM on those
 * volumes wrote (a VM placed there since: its used bytes and writes);</li>
 * <li>its timing ({@link TransferRow}): the copy at the asked rate capped by the slowest source
 * volume's and the target volume's throughput, then a conversion (when the target format differs
 * from a source disk's; {@code converting} is true meanwhile) or a DELTA's merge, at the target
 * volume's throughput; {@code throttle} changes the rate from then on;</li>
 * <li>its content: the source VM's {@link GuestWrites content digest} when it starts; a DELTA's
 * includes everything before it, so a chain's content is its last transfer's;</li>
 * <li>space: the target volume counts the copied bytes from the start until the transfer is
 * discarded (a failed transfer keeps them until then) or a VM is imported from its chain;</li>
 * <li>imports ({@link SimImports}) and the integrity guard: a chain other than LIVE is imported
 * only while its source's written counter and content are what they were when its last transfer
 * started;</li>
 * <li>faults ({@link FaultEffects}, {@link FaultRules}): a LINK_DOWN fails the copies over the link
 * and refuses new ones (FABRIC_FAILURE); a VOLUME_FULL fails the transfers to the volume and
 * refuses new transfers and imports there (CAPACITY, which is checked before the link).</li>
 * </ul>
 * Beyond the SPI: a VM being created or deleted, or whose creation failed, has nothing to transfer
 * (INVALID_STATE); a DELTA continues a transfer in the chain's format whose data is still on the
 * volume, and not a LIVE one (INVALID_ARGUMENT); a FULL transfer keeps its VM from starting, and a
 * running transfer its VM from being deleted (INVALID_STATE, see {@link SimTransfers}).
 */
final class SimMigrations implements MigrationSupport {

    private final SimStore store;
    private final Supplier<Instant> clock;
    private final SimTransfers transfers;
    private final SimImports imports;
    private final OperationStarts starts;
    private final GuestWrites writes;

    SimMigrations(SimStore store, Supplier<Instant> clock, SimTransfers transfers, SimImports imports,
            OperationStarts starts, GuestWrites writes) {
        this.store = store;
        this.clock = clock;
        this.transfers = transfers;
        this.imports = imports;
        this.starts = starts;
        this.writes = writes;
    }

    @Override
    public Transfer startTransfer(TransferSpec spec) {
        requireNonNull(spec, "spec is null");
        return transfers.start(spec, clock.get());
    }

    @Override
    public Transfer transfer(UUID transferId) {
        requireNonNull(transferId, "transferId is null");
        return transfers.read(transferId, clock.get());
    }

    @Override
    public Transfer throttle(UUID transferId, long bytesPerSecond) {
        requireNonNull(transferId, "transferId is null");
        return transfers.throttle(transferId, bytesPerSecond, clock.get());
    }

    @Override
    public void discard(UUID transferId) {
        requireNonNull(transferId, "transferId is null");
        transfers.discard(transferId, clock.get());
    }

    @Override
    public FabricOperation importVm(ImportSpec spec) {
        requireNonNull(spec, "spec is null");
        return imports.importVm(spec, clock.get());
    }

    @Override
    public String contentDigest(UUID vmId) {
        requireNonNull(vmId, "vmId is null");
        Instant now = clock.get();
        return store.write(h -> {
            starts.current(h, vmId, now);
            writes.settle(h, vmId, now);
            return writes.digest(h, vmId, now);
        });
    }
}
