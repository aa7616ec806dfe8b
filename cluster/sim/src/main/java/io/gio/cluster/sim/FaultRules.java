package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FaultKind;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Volume;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * How faults in force bear on what the fabric does later, as opposed to what they break at once
 * (see {@link FaultEffects}):
 * <ul>
 * <li>HOST_CRASH: no operation that would leave a VM of the host running or paused (a start, a
 * restore of a checkpoint of a running VM) may begin there: FABRIC_FAILURE;</li>
 * <li>BOOT_FAILURE: a START, a REBOOT (the guest shuts down, then the VM starts), or a CREATE that
 * starts the VM, of a VM on the host or stamp that
 * ends while the fault is in force fails at its end with FABRIC_FAILURE and leaves the VM STOPPED
 * (judged by the faults in force at its end, however late it is settled);</li>
 * <li>VOLUME_FULL: the volume is reported with no free space (its used bytes at its capacity).</li>
 * </ul>
 */
final class FaultRules {

    private static final Set<PowerState> LIVE = Set.of(PowerState.RUNNING, PowerState.PAUSED);

    private final FaultRepository faults;
    private final VmRepository vms;

    FaultRules(FaultRepository faults, VmRepository vms) {
        this.faults = faults;
        this.vms = vms;
    }

    /** An {@link OperationStarts.Guard}: nothing starts on a crashed host. */
    void guardStart(Handle h, VmRow vm, PowerTransitions.Transition transition, Instant now) {
        if (transition.to().filter(LIVE::contains).isEmpty()) {
            return;
        }
        faults.inForce(h, FaultKind.HOST_CRASH, Set.of(vm.hostId()), now).ifPresent(until -> {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "host " + hostName(h, vm)
                    + " of VM '" + vm.name() + "' is down until " + until + "; " + transition.kind()
                    + " cannot run there");
        });
    }

    /** An {@link OperationFailure.Rule}: starts that end during a boot failure fail. */
    Optional<OperationFailure> judge(Handle h, OperationRow op) {
        boolean boots = op.kind().equals("START") || op.kind().equals("REBOOT")
                || op.kind().equals(PowerTransitions.CREATE) && op.endVmState().equals(Optional.of(PowerState.RUNNING));
        if (!boots) {
            return Optional.empty();
        }
        return vms.find(h, op.vmId())
                .filter(vm -> faults.inForce(h, FaultKind.BOOT_FAILURE, Set.of(vm.hostId(), vm.stampId()), op.ends())
                        .isPresent())
                .map(vm -> new OperationFailure(new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                        "VM '" + vm.name() + "' failed to boot on host " + hostName(h, vm)), PowerState.STOPPED));
    }

    /** The volumes as observers see them: a full one has no free space. */
    List<Volume> view(Handle h, List<Volume> volumes, Instant now) {
        Set<UUID> full = faults.targets(h, FaultKind.VOLUME_FULL, now);
        if (full.isEmpty()) {
            return volumes;
        }
        return volumes.stream().map(v -> !full.contains(v.id()) ? v : new Volume(v.id(), v.stampId(), v.name(),
                v.kind(), v.path(), v.capacityBytes(), Math.max(v.usedBytes(), v.capacityBytes()), v.maxIops(),
                v.throughputBytesPerSecond())).toList();
    }

    private static String hostName(Handle h, VmRow vm) {
        return h.createQuery("SELECT name FROM sim_host WHERE id = :id").bind("id", vm.hostId())
                .mapTo(String.class).findOne().orElse(vm.hostId().toString());
    }
}
