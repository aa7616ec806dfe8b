package io.gio.migration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A migration to schedule. The caller chooses the ID.
 *
 * @param convertToVhdx empty for the default: convert when the target attaches VHDX and the source
 *     disks are VHD
 * @param targetCpuCount empty to keep the VM's processors
 * @param targetMemoryMb empty to keep the VM's memory
 * @param notBefore start of the tenant's window; empty for now
 */
public record MigrationRequest(
        UUID id,
        UUID vmId,
        UUID targetStampId,
        Optional<UUID> targetVolumeId,
        Strategy strategy,
        Optional<Boolean> convertToVhdx,
        OptionalInt targetCpuCount,
        OptionalInt targetMemoryMb,
        Optional<Instant> notBefore,
        CutoverMode cutoverMode) {
    public MigrationRequest {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(targetStampId, "targetStampId is null");
        requireNonNull(targetVolumeId, "targetVolumeId is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(convertToVhdx, "convertToVhdx is null");
        requireNonNull(targetCpuCount, "targetCpuCount is null");
        requireNonNull(targetMemoryMb, "targetMemoryMb is null");
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(cutoverMode, "cutoverMode is null");
    }

    /** A request with every option at its default. */
    public static MigrationRequest of(UUID id, UUID vmId, UUID targetStampId) {
        return new MigrationRequest(id, vmId, targetStampId, Optional.empty(), Strategy.AUTO, Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), CutoverMode.AUTOMATIC);
    }
}
