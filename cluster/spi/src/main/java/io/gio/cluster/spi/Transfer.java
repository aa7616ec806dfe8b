package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A transfer as of the time it was read; computed from the driver's clock like
 * {@link FabricOperation}.
 *
 * @param bytesTotal what the copy moves (fixed when the transfer starts)
 * @param bytesDone copied so far; equals {@code bytesTotal} once the copy is done, also while a
 *     conversion still runs
 * @param bytesPerSecond the rate in force now
 * @param converting whether the copy is done and the target copy is being converted
 * @param contentDigest the digest of the content the transfer carries (the source disks' content
 *     at the transfer's start, combined over the chain); what the imported VM's disks will hold
 */
public record Transfer(
        UUID id,
        UUID vmId,
        TransferKind kind,
        UUID targetVolumeId,
        OperationState state,
        long bytesTotal,
        long bytesDone,
        long bytesPerSecond,
        boolean converting,
        Instant started,
        Instant estimatedEnd,
        Optional<Instant> ended,
        Optional<ClusterException> error,
        String contentDigest) {
    public Transfer {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(targetVolumeId, "targetVolumeId is null");
        requireNonNull(state, "state is null");
        requireNonNull(started, "started is null");
        requireNonNull(estimatedEnd, "estimatedEnd is null");
        requireNonNull(ended, "ended is null");
        requireNonNull(error, "error is null");
        requireNonNull(contentDigest, "contentDigest is null");
    }
}
