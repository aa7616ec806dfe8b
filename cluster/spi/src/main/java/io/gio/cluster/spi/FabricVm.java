package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A VM as the fabric sees it, at the time of the call. */
public record FabricVm(
        UUID id,
        UUID stampId,
        UUID hostId,
        String name,
        PowerState state,
        int cpuCount,
        int memoryMb,
        List<FabricDisk> disks,
        List<FabricNic> nics,
        Optional<UUID> runningOperation) {
    public FabricVm {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(hostId, "hostId is null");
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        disks = List.copyOf(requireNonNull(disks, "disks is null"));
        nics = List.copyOf(requireNonNull(nics, "nics is null"));
        requireNonNull(runningOperation, "runningOperation is null");
    }
}
