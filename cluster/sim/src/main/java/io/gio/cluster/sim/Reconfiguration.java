package io.gio.cluster.sim;

import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

/**
 * reconfigure: on a STOPPED VM only (Hyper-V cannot change the processors or static memory of a
 * running VM); checked against the generation; the host's memory counter moves when it starts,
 * the VM's values when it is settled.
 */
final class Reconfiguration {

    private final SimStore store;
    private final Inventory inventory;
    private final OperationStarts starts;
    private final HardwareChanges hardware;

    Reconfiguration(SimStore store, Inventory inventory, OperationStarts starts, HardwareChanges hardware) {
        this.store = store;
        this.inventory = inventory;
        this.starts = starts;
        this.hardware = hardware;
    }

    FabricOperation start(UUID vmId, VmHardware wanted, Instant now) {
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            PowerTransitions.Transition transition = OperationStarts.keepingState(HardwareChanges.RECONFIGURE,
                    EnumSet.of(PowerState.STOPPED), vm.state());
            starts.requireAllowed(h, vm, transition);
            SpecRules.checkLimits(inventory.requireStamp(h, vm.stampId()), wanted.cpuCount(), wanted.peakMemoryMb());
            hardware.reserve(h, vm, wanted.memoryMb());
            OperationRow op = starts.begin(h, vm, transition, SimDurations.RECONFIGURE, now, Optional.empty());
            hardware.insertPending(h, op.id(), wanted);
            return op.asOf(now);
        });
    }
}
