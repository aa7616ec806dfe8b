package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A row of sim_vm, without its disks and NICs. */
record VmRow(
        UUID id,
        UUID stampId,
        UUID hostId,
        String name,
        PowerState state,
        int cpuCount,
        int memoryMb,
        Optional<VmHardware.DynamicMemory> dynamicMemory,
        Optional<UUID> runningOperation) {

    VmRow {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(hostId, "hostId is null");
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(dynamicMemory, "dynamicMemory is null");
        requireNonNull(runningOperation, "runningOperation is null");
    }

    VmHardware hardware() {
        return new VmHardware(cpuCount, memoryMb, dynamicMemory);
    }

    FabricVm withParts(List<FabricDisk> disks, List<FabricNic> nics) {
        return new FabricVm(id, stampId, hostId, name, state, cpuCount, memoryMb, disks, nics, runningOperation,
                dynamicMemory);
    }
}
