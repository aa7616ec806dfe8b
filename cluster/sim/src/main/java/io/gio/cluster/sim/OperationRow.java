package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of sim_operation. Progress is not stored: it is the share of the time between
 * {@code started} and {@code ends} that has passed, so it is the same for every reader.
 *
 * @param endVmState the state the VM is left in on success; empty for a DELETE
 * @param checkpointId the checkpoint a checkpoint operation creates, restores or deletes
 * @param backupId the backup a backup operation creates or restores
 */
record OperationRow(
        UUID id,
        UUID vmId,
        String kind,
        OperationState state,
        Optional<PowerState> endVmState,
        Instant started,
        Instant ends,
        Optional<Instant> ended,
        Optional<ClusterErrorCode> errorCode,
        Optional<String> errorMessage,
        Optional<UUID> checkpointId,
        Optional<UUID> backupId) {

    OperationRow {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(state, "state is null");
        requireNonNull(endVmState, "endVmState is null");
        requireNonNull(started, "started is null");
        requireNonNull(ends, "ends is null");
        requireNonNull(ended, "ended is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(checkpointId, "checkpointId is null");
        requireNonNull(backupId, "backupId is null");
    }

    static OperationRow starting(UUID vmId, String kind, Optional<PowerState> endVmState, Instant now, Duration length) {
        return starting(vmId, kind, endVmState, now, length, Optional.empty());
    }

    static OperationRow starting(UUID vmId, String kind, Optional<PowerState> endVmState, Instant now, Duration length,
            Optional<UUID> checkpointId) {
        return new OperationRow(UUID.randomUUID(), vmId, kind, OperationState.RUNNING, endVmState, now,
                now.plus(length), Optional.empty(), Optional.empty(), Optional.empty(), checkpointId, Optional.empty());
    }

    /** The same starting operation, about {@code backup}. */
    OperationRow withBackup(UUID backup) {
        return new OperationRow(id, vmId, kind, state, endVmState, started, ends, ended, errorCode, errorMessage,
                checkpointId, Optional.of(backup));
    }

    boolean isDue(Instant now) {
        return state == OperationState.RUNNING && !now.isBefore(ends);
    }

    FabricOperation asOf(Instant now) {
        Optional<ClusterException> error = errorCode.map(code ->
                new ClusterException(code, errorMessage.orElse(kind + " failed")));
        return new FabricOperation(id, vmId, kind, state, progress(now), started, ends, ended, error);
    }

    private int progress(Instant now) {
        if (state == OperationState.SUCCEEDED) {
            return 100;
        }
        Instant at = ended.orElse(now);
        long total = Duration.between(started, ends).toMillis();
        long done = Math.max(0, Duration.between(started, at).toMillis());
        if (total <= 0) {
            return 99;
        }
        return (int) Math.min(99, done * 100 / total);
    }
}
