package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of sim_transfer. Progress is not stored: the copy had moved {@code bytesAtRateSince} at
 * {@code rateSince} and moves {@code rate} bytes per second from then on, until {@code copyEnds};
 * then the finish (a conversion or a merge) runs until {@code ends}. A failed transfer keeps what it
 * had copied in {@code bytesAtRateSince}.
 *
 * @param chainKind the kind of the chain's first transfer (this one's, unless it is a DELTA)
 * @param linkId the link the copy crosses; empty within a stamp
 * @param maxRate the slowest of the source and target volumes' throughput, which caps the rate
 * @param finishRate the target volume's throughput, at which the finish runs
 * @param reserved whether {@code bytesTotal} is still counted on the target volume
 * @param importedVmId the VM imported from a chain this transfer belongs to, which owns its data
 */
record TransferRow(
        UUID id,
        UUID vmId,
        TransferKind kind,
        Optional<UUID> previousId,
        TransferKind chainKind,
        Optional<UUID> linkId,
        UUID targetVolumeId,
        DiskFormat targetFormat,
        OperationState state,
        long bytesTotal,
        long maxRate,
        long rate,
        Instant rateSince,
        long bytesAtRateSince,
        Instant copyEnds,
        Finish finish,
        long finishRate,
        Instant started,
        Instant ends,
        Optional<Instant> ended,
        Optional<ClusterException> error,
        String contentDigest,
        boolean reserved,
        Optional<UUID> importedVmId) {

    /** What follows the copy: nothing, a conversion to the target format, or a DELTA's merge. */
    enum Finish { NONE, CONVERT, MERGE }

    TransferRow {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(previousId, "previousId is null");
        requireNonNull(chainKind, "chainKind is null");
        requireNonNull(linkId, "linkId is null");
        requireNonNull(targetVolumeId, "targetVolumeId is null");
        requireNonNull(targetFormat, "targetFormat is null");
        requireNonNull(state, "state is null");
        requireNonNull(rateSince, "rateSince is null");
        requireNonNull(copyEnds, "copyEnds is null");
        requireNonNull(finish, "finish is null");
        requireNonNull(started, "started is null");
        requireNonNull(ends, "ends is null");
        requireNonNull(ended, "ended is null");
        requireNonNull(error, "error is null");
        requireNonNull(contentDigest, "contentDigest is null");
        requireNonNull(importedVmId, "importedVmId is null");
    }

    /** A transfer starting now, at {@code rate}, with its copy and finish timed from now. */
    static TransferRow starting(UUID id, UUID vmId, TransferKind kind, Optional<UUID> previousId, TransferKind chainKind,
            Optional<UUID> linkId, UUID targetVolumeId, DiskFormat targetFormat, long bytesTotal, long maxRate,
            long rate, Finish finish, long finishRate, Instant now, String contentDigest) {
        Instant copyEnds = now.plus(SimDurations.transferCopy(bytesTotal, rate));
        Instant ends = copyEnds.plus(finishLength(finish, bytesTotal, finishRate));
        return new TransferRow(id, vmId, kind, previousId, chainKind, linkId, targetVolumeId, targetFormat,
                OperationState.RUNNING, bytesTotal, maxRate, rate, now, 0, copyEnds, finish, finishRate, now, ends,
                Optional.empty(), Optional.empty(), contentDigest, true, Optional.empty());
    }

    static Duration finishLength(Finish finish, long bytes, long finishRate) {
        return finish == Finish.NONE ? Duration.ZERO : SimDurations.transferFinish(bytes, finishRate);
    }

    boolean isDue(Instant now) {
        return state == OperationState.RUNNING && !now.isBefore(ends);
    }

    /** Whether the copy still moves data (over the link, when there is one) at {@code now}. */
    boolean isCopying(Instant now) {
        return state == OperationState.RUNNING && now.isBefore(copyEnds);
    }

    /** Bytes copied at {@code now}: short of {@code bytesTotal} until the copy ends. */
    long doneAt(Instant now) {
        if (state == OperationState.SUCCEEDED) {
            return bytesTotal;
        }
        if (state == OperationState.FAILED || !now.isAfter(rateSince)) {
            return bytesAtRateSince;
        }
        if (!now.isBefore(copyEnds)) {
            return bytesTotal;
        }
        Duration elapsed = Duration.between(rateSince, now);
        long remaining = bytesTotal - bytesAtRateSince;
        if (elapsed.getSeconds() > remaining / rate) {
            return bytesTotal - 1;
        }
        long moved = rate * elapsed.getSeconds() + GuestWrites.scaled(rate, elapsed.getNano());
        return Math.min(bytesTotal - 1, bytesAtRateSince + moved);
    }

    Transfer asOf(Instant now) {
        boolean converting = state == OperationState.RUNNING && finish == Finish.CONVERT && !now.isBefore(copyEnds);
        return new Transfer(id, vmId, kind, targetVolumeId, state, bytesTotal, doneAt(now), rate, converting,
                started, ends, ended, error, contentDigest);
    }

    static Optional<ClusterException> error(String code, String message) {
        return Optional.ofNullable(code).map(c -> new ClusterException(SimCodes.errorCode(c),
                message == null ? "the transfer failed" : message));
    }
}
