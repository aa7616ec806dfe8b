package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A long-running fabric operation, as of the time it was read. Progress is computed from the
 * driver's clock, so reading it twice at the same clock instant gives the same answer.
 *
 * @param kind what it does, e.g. {@code START} or {@code CREATE}
 * @param progress 0..100
 * @param estimatedEnd when the driver expects it to end
 * @param error the failure's code and message, when {@code state} is FAILED
 */
public record FabricOperation(
        UUID id,
        UUID vmId,
        String kind,
        OperationState state,
        int progress,
        Instant started,
        Instant estimatedEnd,
        Optional<Instant> ended,
        Optional<ClusterException> error) {
    public FabricOperation {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(state, "state is null");
        requireNonNull(started, "started is null");
        requireNonNull(estimatedEnd, "estimatedEnd is null");
        requireNonNull(ended, "ended is null");
        requireNonNull(error, "error is null");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0..100");
        }
    }
}
