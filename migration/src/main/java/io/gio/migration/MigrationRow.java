package io.gio.migration;

import io.gio.cluster.spi.PowerState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of mig_migration, as the engine works on it. Mutable on purpose: a step changes some
 * fields and stores the row with {@link MigrationStore#update}, which checks {@link #version}.
 */
final class MigrationRow {
    UUID id;
    UUID vmId;
    String vmName;
    UUID sourceStampId;
    UUID sourceVolumeId;
    PowerState sourcePowerState;
    UUID targetStampId;
    UUID targetVolumeId;
    /** The tenant named the target volume; otherwise the scheduler places the disks at admission. */
    boolean targetVolumePinned;
    UUID targetVmId;
    UUID linkId;
    Strategy strategyRequested;
    Strategy strategy;
    boolean convertToVhdx;
    int targetCpuCount;
    int targetMemoryMb;
    List<UUID> targetNetworks;
    Instant notBefore;
    CutoverMode cutoverMode;
    /** The tenant asked for the Cutover while a refresh copy ran: it starts when that copy ends. */
    boolean cutoverRequested;
    MigrationState state;
    Step step;
    String phase;
    MigrationState outcome;
    String error;
    long bytesTotal;
    long bytesDone;
    int transferSeq;
    UUID transferId;
    io.gio.cluster.spi.TransferKind transferKind;
    UUID previousTransferId;
    long transferBytes;
    /** The running transfer has copied everything and converts or merges on the target (no link use). */
    boolean transferConverting;
    long lastTransferBytes;
    String chainDigest;
    UUID fabricOperationId;
    Instant sourceStoppedAt;
    Instant targetRunningAt;
    Long downtimeMillis;
    Instant estimatedCompletion;
    int attempts;
    Instant retryAt;
    long reservedBytes;
    long reservedMemoryMb;
    Instant created;
    Instant updated;
    Instant completedAt;
    Instant endedAt;
    long version;

    /** The deterministic ID of the n-th transfer of this migration, at a given attempt. */
    UUID transferIdFor(int seq, int attempt) {
        return UUID.nameUUIDFromBytes(("gio-migration/" + id + "/transfer/" + seq + "/" + attempt)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Migration view(Instant retainedUntil) {
        long transferred = bytesDone + transferBytes;
        return new Migration(id, vmId, vmName, sourceStampId, targetStampId, targetVolumeId, targetVmId,
                strategyRequested, strategy, convertToVhdx, targetCpuCount, targetMemoryMb, notBefore, cutoverMode,
                state, phase, progress(), Math.max(bytesTotal, transferred), transferred,
                java.util.Optional.ofNullable(estimatedCompletion),
                java.util.Optional.ofNullable(downtimeMillis).map(java.time.Duration::ofMillis),
                java.util.Optional.ofNullable(error), created, updated, java.util.Optional.ofNullable(completedAt),
                java.util.Optional.ofNullable(retainedUntil));
    }

    int progress() {
        long transferred = bytesDone + transferBytes;
        return switch (state) {
            case SCHEDULED -> 0;
            case PRECOPYING, AWAITING_CUTOVER -> (int) Math.min(85, 85 * transferred / Math.max(1, Math.max(bytesTotal, transferred)));
            case CUTTING_OVER -> 90;
            case VERIFYING -> 95;
            case COMPLETED, COMMITTED -> 100;
            case ROLLING_BACK -> 50;
            case ROLLED_BACK, FAILED, CANCELLED -> 100;
        };
    }
}
