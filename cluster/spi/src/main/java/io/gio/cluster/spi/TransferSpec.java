package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/**
 * A copy of a VM's disk data to a volume of a target stamp. The caller chooses the ID so that
 * retries are idempotent.
 *
 * @param previous the transfer this one continues: required for {@link TransferKind#DELTA} (it must
 *     be a transfer of the same VM to the same volume that has SUCCEEDED), empty otherwise
 * @param targetFormat the format the target copy is written in; a different format than the source
 *     disks' is a conversion, which costs the copied bytes again at the target volume's throughput
 * @param bytesPerSecond the rate the copy may use on the link, at most; changed later with
 *     {@link MigrationSupport#throttle}
 */
public record TransferSpec(
        UUID id,
        UUID vmId,
        TransferKind kind,
        Optional<UUID> previous,
        UUID targetVolumeId,
        DiskFormat targetFormat,
        long bytesPerSecond) {
    public TransferSpec {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(previous, "previous is null");
        requireNonNull(targetVolumeId, "targetVolumeId is null");
        requireNonNull(targetFormat, "targetFormat is null");
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive");
        }
        if ((kind == TransferKind.DELTA) != previous.isPresent()) {
            throw new IllegalArgumentException("a DELTA transfer, and only it, names its previous transfer");
        }
    }
}
