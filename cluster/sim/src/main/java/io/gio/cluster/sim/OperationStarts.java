package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Reads a VM as of now and starts operations on it: the one place a VM becomes busy. A VM is busy
 * while {@code running_operation_id} is set, whether its state is transitional (power actions,
 * restores) or stays as it was (reconfiguration, checkpoint create and delete). Guards may refuse
 * an operation the VM's state allows, for what lies beyond the VM (a crashed host, an export).
 */
final class OperationStarts {

    /** Refuses, with a {@link ClusterException}, an operation the VM's state allows. */
    @FunctionalInterface
    interface Guard {
        void check(Handle h, VmRow vm, PowerTransitions.Transition transition, Instant now);
    }

    private final VmRepository vms;
    private final Operations operations;
    private final Deltas deltas;
    private final List<Guard> guards;

    OperationStarts(VmRepository vms, Operations operations, Deltas deltas, List<Guard> guards) {
        this.vms = vms;
        this.operations = operations;
        this.deltas = deltas;
        this.guards = List.copyOf(guards);
    }

    /** The VM after settling what is due. NOT_FOUND when it does not exist. */
    VmRow current(Handle h, UUID vmId, Instant now) {
        return vms.find(h, vmId).flatMap(row -> operations.settleVm(h, row, now))
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND, "VM " + vmId + " does not exist"));
    }

    /** An operation that leaves the VM in the state it is in: allowed from {@code from}. */
    static PowerTransitions.Transition keepingState(String kind, Set<PowerState> from, PowerState state) {
        return new PowerTransitions.Transition(kind, from, state, Optional.of(state));
    }

    /** INVALID_STATE, naming the VM's state, unless the transition may start now. */
    void requireAllowed(Handle h, VmRow vm, PowerTransitions.Transition transition) {
        if (!vm.state().isTransitional() && vm.runningOperation().isPresent()) {
            String kind = vm.runningOperation().flatMap(id -> operations.find(h, id))
                    .map(OperationRow::kind).orElse("another operation");
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "VM '" + vm.name() + "' is " + vm.state()
                    + " and busy with " + kind + "; wait until its running operation ends");
        }
        if (!transition.allows(vm.state())) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, transition.refusal(vm.name(), vm.state()));
        }
    }

    /** Puts the VM into the transition's {@code via} state and inserts the operation. */
    OperationRow begin(Handle h, VmRow vm, PowerTransitions.Transition transition, Duration length, Instant now,
            Optional<UUID> checkpointId) {
        return begin(h, vm, transition,
                OperationRow.starting(vm.id(), transition.kind(), transition.to(), now, length, checkpointId));
    }

    /** As above, for a prepared operation of the transition's kind and end state, starting now. */
    OperationRow begin(Handle h, VmRow vm, PowerTransitions.Transition transition, OperationRow op) {
        requireAllowed(h, vm, transition);
        Instant now = op.started();
        guards.forEach(guard -> guard.check(h, vm, transition, now));
        deltas.settle(h, vm.id(), now);
        int changed = h.createUpdate("UPDATE sim_vm SET state = :via, running_operation_id = :op"
                        + " WHERE id = :id AND state = :from AND running_operation_id IS NULL")
                .bind("via", transition.via().name()).bind("op", op.id()).bind("id", vm.id())
                .bind("from", vm.state().name()).execute();
        if (changed != 1) {
            requireAllowed(h, vms.find(h, vm.id()).orElse(vm), transition);
            throw new ClusterException(ClusterErrorCode.INVALID_STATE,
                    "VM '" + vm.name() + "' changed meanwhile; try again");
        }
        operations.insert(h, op);
        return op;
    }
}
