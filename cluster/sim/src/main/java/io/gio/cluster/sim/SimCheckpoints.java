package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricCheckpoint;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Checkpoints of simulated VMs. Starting an operation checks and captures; its effect on the tree
 * happens when it is settled (see {@link CheckpointEffects}).
 */
final class SimCheckpoints implements CheckpointSupport {

    private static final Set<PowerState> STABLE =
            EnumSet.of(PowerState.RUNNING, PowerState.STOPPED, PowerState.PAUSED, PowerState.SAVED);
    private static final int MAX_NAME = 256;

    private final SimStore store;
    private final Supplier<Instant> clock;
    private final OperationStarts starts;
    private final Operations operations;
    private final VmRepository vms;
    private final CheckpointRepository checkpoints;
    private final Deltas deltas;
    private final HardwareChanges hardware;
    private final GuestWrites writes;

    SimCheckpoints(SimStore store, Supplier<Instant> clock, OperationStarts starts, Operations operations,
            VmRepository vms, CheckpointRepository checkpoints, Deltas deltas, HardwareChanges hardware,
            GuestWrites writes) {
        this.store = store;
        this.clock = clock;
        this.starts = starts;
        this.operations = operations;
        this.vms = vms;
        this.checkpoints = checkpoints;
        this.deltas = deltas;
        this.hardware = hardware;
        this.writes = writes;
    }

    @Override
    public FabricOperation create(UUID vmId, UUID checkpointId, String name) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(checkpointId, "checkpointId is null");
        requireNonNull(name, "name is null");
        if (name.isBlank() || name.length() > MAX_NAME) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "a checkpoint name must have 1 to " + MAX_NAME + " characters, not '" + name + "'");
        }
        Instant now = clock.get();
        try {
            return store.write(h -> created(h, vmId, checkpointId, now)
                    .orElseGet(() -> startCreate(h, vmId, checkpointId, name, now)));
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.INVALID_STATE && !SimStore.isDuplicateKey(e)) {
                throw e;
            }
            // a concurrent call with the same ID may have won: answer with its operation
            return store.write(h -> created(h, vmId, checkpointId, now)).orElseThrow(() -> e);
        }
    }

    @Override
    public FabricOperation restore(UUID vmId, UUID checkpointId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(checkpointId, "checkpointId is null");
        Instant now = clock.get();
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            CheckpointRow target = checkpoints.require(h, vm, checkpointId);
            var transition = new PowerTransitions.Transition(CheckpointEffects.RESTORE, STABLE,
                    PowerState.RESTORING_CHECKPOINT, Optional.of(target.capturedState()));
            return repeated(h, vm, CheckpointEffects.RESTORE, checkpointId, now).orElseGet(() -> {
                starts.requireAllowed(h, vm, transition);
                hardware.reserve(h, vm, target.hardware().memoryMb());
                return start(h, vm, transition, SimDurations.CHECKPOINT_RESTORE, now, checkpointId);
            });
        });
    }

    @Override
    public FabricOperation delete(UUID vmId, UUID checkpointId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(checkpointId, "checkpointId is null");
        Instant now = clock.get();
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            CheckpointRow gone = checkpoints.require(h, vm, checkpointId);
            return repeated(h, vm, CheckpointEffects.DELETE, checkpointId, now).orElseGet(() -> {
                var transition = OperationStarts.keepingState(CheckpointEffects.DELETE, STABLE, vm.state());
                starts.requireAllowed(h, vm, transition);
                Deltas.Now live = deltas.read(h, vmId);
                long delta = gone.deltaBytes() + (live.current().equals(Optional.of(gone.id())) ? live.at(now) : 0);
                Duration merge = SimDurations.checkpointDelete(delta, checkpoints.mergeThroughput(h, vmId));
                return start(h, vm, transition, merge, now, checkpointId);
            });
        });
    }

    @Override
    public List<FabricCheckpoint> list(UUID vmId) {
        requireNonNull(vmId, "vmId is null");
        Instant now = clock.get();
        return store.write(h -> {
            starts.current(h, vmId, now);
            Deltas.Now live = deltas.read(h, vmId);
            long liveBytes = live.at(now);
            return checkpoints.list(h, vmId).stream()
                    .map(c -> c.asFabric(live.current().equals(Optional.of(c.id())), liveBytes))
                    .toList();
        });
    }

    /** The CREATE operation of a checkpoint ID, if it was used; INVALID_ARGUMENT when by another VM. */
    private Optional<FabricOperation> created(Handle h, UUID vmId, UUID checkpointId, Instant now) {
        VmRow vm = starts.current(h, vmId, now);
        Optional<OperationRow> op = operations.byCheckpoint(h, checkpointId, CheckpointEffects.CREATE);
        if (op.isPresent() && !op.get().vmId().equals(vm.id())) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "checkpoint ID " + checkpointId + " is already used by another VM");
        }
        return op.map(o -> operations.settle(h, o, now).asOf(now));
    }

    private FabricOperation startCreate(Handle h, UUID vmId, UUID checkpointId, String name, Instant now) {
        VmRow vm = starts.current(h, vmId, now);
        var transition = OperationStarts.keepingState(CheckpointEffects.CREATE, STABLE, vm.state());
        FabricOperation op = start(h, vm, transition, SimDurations.checkpointCreate(vm.state(), vm.memoryMb()),
                now, checkpointId);
        CheckpointRow captured = new CheckpointRow(checkpointId, vmId, name, deltas.read(h, vmId).current(), now,
                vm.state(), vm.hardware(), 0);
        checkpoints.insert(h, captured, vms.disks(h, vmId));
        checkpoints.recordContent(h, checkpointId, writes.digest(h, vmId, now));
        return op;
    }

    /** The VM's running operation when it is the same call again. */
    private Optional<FabricOperation> repeated(Handle h, VmRow vm, String kind, UUID checkpointId, Instant now) {
        return vm.runningOperation().flatMap(id -> operations.find(h, id))
                .filter(op -> op.kind().equals(kind) && op.checkpointId().equals(Optional.of(checkpointId)))
                .map(op -> op.asOf(now));
    }

    private FabricOperation start(Handle h, VmRow vm, PowerTransitions.Transition transition, Duration length,
            Instant now, UUID checkpointId) {
        return starts.begin(h, vm, transition, length, now, Optional.of(checkpointId)).asOf(now);
    }
}
