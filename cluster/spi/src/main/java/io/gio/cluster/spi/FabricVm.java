package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A VM as the fabric sees it, at the time of the call.
 *
 * @param memoryMb static memory, or the startup memory when {@code dynamicMemory} is present
 * @param runningOperation the operation the VM is busy with; while it is present the VM refuses
 *     other operations, also when its {@code state} is a stable one (a reconfiguration, or a
 *     checkpoint being created or deleted, leaves the state as it is)
 */
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
        Optional<UUID> runningOperation,
        Optional<VmHardware.DynamicMemory> dynamicMemory) {
    public FabricVm {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(hostId, "hostId is null");
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        disks = List.copyOf(requireNonNull(disks, "disks is null"));
        nics = List.copyOf(requireNonNull(nics, "nics is null"));
        requireNonNull(runningOperation, "runningOperation is null");
        requireNonNull(dynamicMemory, "dynamicMemory is null");
    }

    /** A VM with static memory (the form before dynamic memory was modelled). */
    public FabricVm(UUID id, UUID stampId, UUID hostId, String name, PowerState state, int cpuCount, int memoryMb,
            List<FabricDisk> disks, List<FabricNic> nics, Optional<UUID> runningOperation) {
        this(id, stampId, hostId, name, state, cpuCount, memoryMb, disks, nics, runningOperation, Optional.empty());
    }

    /** Processors and memory, in the form {@link ClusterDriver#reconfigure} takes. */
    public VmHardware hardware() {
        return new VmHardware(cpuCount, memoryMb, dynamicMemory);
    }
}
