package io.gio.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A migration as of the time it was read.
 *
 * @param phase what it is doing now, in words
 * @param progress 0..100
 * @param bytesTotal what it expects to copy in all (grows as deltas are found)
 * @param downtime measured from the source VM stopped to the target VM running; empty until then,
 *     and for a VM that was not running
 * @param retainedUntil when the retained source is deleted unless the tenant rolls back first
 */
public record Migration(
        UUID id,
        UUID vmId,
        String vmName,
        UUID sourceStampId,
        UUID targetStampId,
        UUID targetVolumeId,
        UUID targetVmId,
        Strategy strategyRequested,
        Strategy strategy,
        boolean convertToVhdx,
        int targetCpuCount,
        int targetMemoryMb,
        Instant notBefore,
        CutoverMode cutoverMode,
        MigrationState state,
        String phase,
        int progress,
        long bytesTotal,
        long bytesTransferred,
        Optional<Instant> estimatedCompletion,
        Optional<Duration> downtime,
        Optional<String> error,
        Instant created,
        Instant updated,
        Optional<Instant> completedAt,
        Optional<Instant> retainedUntil) {}
