package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * A VM to register on a target stamp from the data a chain of transfers put there. The caller
 * chooses the new VM's ID so that retries are idempotent.
 *
 * @param lastTransfer the last transfer of the chain (FULL, BASE or VOLUME_MIRROR followed by
 *     zero or more DELTAs, or LIVE); it must have SUCCEEDED. The disks keep their names with the
 *     extension of the chain's target format ({@code .vhdx} after a conversion), on the chain's
 *     target volume.
 * @param nics adapters of the new VM, on logical networks of the target stamp
 */
public record ImportSpec(
        UUID vmId,
        UUID targetStampId,
        String name,
        int cpuCount,
        int memoryMb,
        UUID lastTransfer,
        List<NicSpec> nics) {
    public ImportSpec {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(targetStampId, "targetStampId is null");
        requireNonNull(name, "name is null");
        requireNonNull(lastTransfer, "lastTransfer is null");
        nics = List.copyOf(requireNonNull(nics, "nics is null"));
        if (cpuCount < 1 || memoryMb < 1) {
            throw new IllegalArgumentException("cpuCount and memoryMb must be positive");
        }
    }
}
