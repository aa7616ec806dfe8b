package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Transfers of simulated VMs' data to target volumes: started (checked, sized and timed by
 * {@link TransferPlanning}), read, throttled and discarded. A transfer is a row; its progress is
 * computed from the clock, and the first reader after its end settles it.
 * While a FULL transfer runs, its VM must stay stopped (see {@link TransferGuard}).
 */
final class SimTransfers {

    private final SimStore store;
    private final TransferRepository transfers;
    private final TransferPlanning planning;
    private final Usage usage;

    SimTransfers(SimStore store, TransferRepository transfers, TransferPlanning planning, Usage usage) {
        this.store = store;
        this.transfers = transfers;
        this.planning = planning;
        this.usage = usage;
    }

    Transfer start(TransferSpec spec, Instant now) {
        try {
            return store.write(h -> existing(h, spec, now).orElseGet(() -> {
                TransferPlanning.Plan plan = planning.plan(h, spec, now);
                transfers.insert(h, plan.row(), plan.written());
                return plan.row().asOf(now);
            }));
        } catch (ClusterException e) {
            if (!SimStore.isDuplicateKey(e)) {
                throw e;
            }
            // a concurrent call with the same ID won: answer with its transfer
            return store.write(h -> existing(h, spec, now)).orElseThrow(() -> e);
        }
    }

    Transfer read(UUID transferId, Instant now) {
        return store.write(h -> transfers.settle(h, transfers.require(h, transferId), now).asOf(now));
    }

    /**
     * From now on the copy moves at the new rate (capped by the volumes, as at the start), from the
     * bytes it has moved by now; a transfer that has copied everything and only converts or merges
     * keeps its end, and one that has ended is left as it is.
     */
    Transfer throttle(UUID transferId, long bytesPerSecond, Instant now) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive");
        }
        return store.write(h -> {
            TransferRow row = transfers.settle(h, transfers.require(h, transferId), now);
            if (row.state().isFinal()) {
                return row.asOf(now);
            }
            long rate = Math.min(bytesPerSecond, row.maxRate());
            Instant copyEnds = row.copyEnds();
            Instant ends = row.ends();
            if (row.isCopying(now)) {
                copyEnds = now.plus(SimDurations.transferCopy(row.bytesTotal() - row.doneAt(now), rate));
                ends = copyEnds.plus(TransferRow.finishLength(row.finish(), row.bytesTotal(), row.finishRate()));
            }
            transfers.throttle(h, row, rate, now, copyEnds, ends);
            return transfers.require(h, transferId).asOf(now);
        });
    }

    /**
     * Frees the transfer's bytes on its target volume, once; a running transfer is first stopped
     * and ends FAILED (FABRIC_FAILURE, saying it was discarded). Nothing happens once a VM was
     * imported from a chain the transfer belongs to: its data is that VM's disks.
     */
    void discard(UUID transferId, Instant now) {
        store.write(h -> {
            TransferRow row = transfers.settle(h, transfers.require(h, transferId), now);
            if (row.importedVmId().isPresent() || !row.reserved()) {
                return null;
            }
            transfers.fail(h, row, now, new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                    "transfer " + transferId + " was discarded before it ended"));
            if (transfers.release(h, transferId)) {
                usage.add(h, Map.of(), Map.of(row.targetVolumeId(), -row.bytesTotal()));
            }
            return null;
        });
    }

    /** The transfer of the spec's ID, if it was started; INVALID_ARGUMENT when for another VM. */
    private Optional<Transfer> existing(Handle h, TransferSpec spec, Instant now) {
        Optional<TransferRow> row = transfers.find(h, spec.id());
        if (row.isPresent() && !row.get().vmId().equals(spec.vmId())) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "transfer ID " + spec.id() + " is already used by a transfer of another VM");
        }
        return row.map(r -> transfers.settle(h, r, now).asOf(now));
    }
}
