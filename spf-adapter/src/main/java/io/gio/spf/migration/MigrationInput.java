package io.gio.spf.migration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A tenant's (or the administrator's) request to migrate a VM, as the API takes it. Names are
 * checked by {@link Migrations#schedule}: {@code strategy} is one of {@code Auto},
 * {@code ExportImport}, {@code StorageReplication}, {@code SmbTransfer}, {@code LiveMigration};
 * {@code cutoverMode} {@code Automatic} or {@code Confirm}.
 *
 * @param targetCloudId empty for the cloud of the caller's successor subscription
 * @param notBefore start of the tenant's window; empty for now
 */
public record MigrationInput(
        UUID vmId,
        UUID stampId,
        Optional<UUID> targetCloudId,
        Optional<String> strategy,
        Optional<Boolean> convertToVhdx,
        OptionalInt targetCpuCount,
        OptionalInt targetMemoryMb,
        Optional<UUID> targetVolumeId,
        Optional<Instant> notBefore,
        Optional<String> cutoverMode) {

    public MigrationInput {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(targetCloudId, "targetCloudId is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(convertToVhdx, "convertToVhdx is null");
        requireNonNull(targetCpuCount, "targetCpuCount is null");
        requireNonNull(targetMemoryMb, "targetMemoryMb is null");
        requireNonNull(targetVolumeId, "targetVolumeId is null");
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(cutoverMode, "cutoverMode is null");
    }

    /** A request with every option at its default. */
    public static MigrationInput of(UUID vmId, UUID stampId) {
        return new MigrationInput(vmId, stampId, Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public MigrationInput withTargetCloud(UUID cloudId) {
        return new MigrationInput(vmId, stampId, Optional.of(cloudId), strategy, convertToVhdx, targetCpuCount,
                targetMemoryMb, targetVolumeId, notBefore, cutoverMode);
    }

    public MigrationInput withStrategy(String name) {
        return new MigrationInput(vmId, stampId, targetCloudId, Optional.of(name), convertToVhdx, targetCpuCount,
                targetMemoryMb, targetVolumeId, notBefore, cutoverMode);
    }

    public MigrationInput withCutoverMode(String name) {
        return new MigrationInput(vmId, stampId, targetCloudId, strategy, convertToVhdx, targetCpuCount,
                targetMemoryMb, targetVolumeId, notBefore, Optional.of(name));
    }

    public MigrationInput withTargetCpuCount(int cpu) {
        return new MigrationInput(vmId, stampId, targetCloudId, strategy, convertToVhdx, OptionalInt.of(cpu),
                targetMemoryMb, targetVolumeId, notBefore, cutoverMode);
    }

    public MigrationInput withNotBefore(Instant at) {
        return new MigrationInput(vmId, stampId, targetCloudId, strategy, convertToVhdx, targetCpuCount,
                targetMemoryMb, targetVolumeId, Optional.of(at), cutoverMode);
    }
}
