package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricSeeding;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The simulated Hyper-V fabric. All state is in the sim tables and all time comes from the
 * clock: an operation is a row with a start and an end instant, settled by the first reader
 * after its end. Nothing is held in memory, so drivers of several replicas can share one fabric.
 */
final class SimClusterDriver implements ClusterDriver {

    private final SimStore store;
    private final Clock clock;
    private final Inventory inventory = new Inventory();
    private final PowerTransitions transitions = new PowerTransitions();
    private final Usage usage = new Usage();
    private final VmRepository vms = new VmRepository(new Addressing(), usage);
    private final Operations operations = new Operations(vms);
    private final VmCreation creation;
    private final SimSeeding seeding;

    SimClusterDriver(SimStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.creation = new VmCreation(store, inventory, new Placement(inventory, usage), vms, operations);
        this.seeding = new SimSeeding(store, inventory, vms, usage);
    }

    @Override
    public String name() {
        return SimClusterDriverFactory.NAME;
    }

    @Override
    public List<Stamp> stamps() {
        return store.read(inventory::stamps);
    }

    @Override
    public List<Host> hosts(UUID stampId) {
        requireNonNull(stampId, "stampId is null");
        return store.read(h -> {
            inventory.requireStamp(h, stampId);
            return inventory.hosts(h, stampId);
        });
    }

    @Override
    public List<Volume> volumes(UUID stampId) {
        requireNonNull(stampId, "stampId is null");
        return store.read(h -> {
            inventory.requireStamp(h, stampId);
            return inventory.volumes(h, stampId);
        });
    }

    @Override
    public List<FabricNetwork> networks(UUID stampId) {
        requireNonNull(stampId, "stampId is null");
        return store.read(h -> {
            inventory.requireStamp(h, stampId);
            return inventory.networks(h, stampId);
        });
    }

    @Override
    public List<Link> links() {
        return store.read(inventory::links);
    }

    @Override
    public Optional<FabricVm> vm(UUID vmId) {
        requireNonNull(vmId, "vmId is null");
        Instant now = now();
        return store.write(h -> vms.find(h, vmId)
                .flatMap(row -> operations.settleVm(h, row, now))
                .flatMap(row -> vms.load(h, row.id())));
    }

    @Override
    public FabricOperation createVm(VmSpec spec) {
        requireNonNull(spec, "spec is null");
        return creation.create(spec, now());
    }

    @Override
    public FabricOperation power(UUID vmId, PowerAction action) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(action, "action is null");
        Instant now = now();
        return store.write(h -> {
            VmRow vm = current(h, vmId, now);
            PowerTransitions.Transition transition = transitions.of(action);
            return begin(h, vm, transition, SimDurations.power(action, vm.state(), vm.memoryMb()), now);
        });
    }

    @Override
    public FabricOperation deleteVm(UUID vmId) {
        requireNonNull(vmId, "vmId is null");
        Instant now = now();
        return store.write(h -> begin(h, current(h, vmId, now), PowerTransitions.DELETE, SimDurations.DELETE, now));
    }

    @Override
    public FabricOperation operation(UUID operationId) {
        requireNonNull(operationId, "operationId is null");
        Instant now = now();
        return store.write(h -> operations.settle(h, operations.require(h, operationId), now).asOf(now));
    }

    @Override
    public Optional<FabricSeeding> seeding() {
        return Optional.of(seeding);
    }

    @Override
    public void close() {
        // the data source belongs to the gateway; the driver holds no connection between calls
    }

    private VmRow current(Handle h, UUID vmId, Instant now) {
        return vms.find(h, vmId).flatMap(row -> operations.settleVm(h, row, now))
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND, "VM " + vmId + " does not exist"));
    }

    private FabricOperation begin(Handle h, VmRow vm, PowerTransitions.Transition transition, Duration length,
            Instant now) {
        if (!transition.allows(vm.state())) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, transition.refusal(vm.name(), vm.state()));
        }
        OperationRow op = OperationRow.starting(vm.id(), transition.kind(), transition.to(), now, length);
        int changed = h.createUpdate("UPDATE sim_vm SET state = :via, running_operation_id = :op"
                        + " WHERE id = :id AND state = :from AND running_operation_id IS NULL")
                .bind("via", transition.via().name()).bind("op", op.id()).bind("id", vm.id())
                .bind("from", vm.state().name()).execute();
        if (changed != 1) {
            VmRow changedMeanwhile = vms.find(h, vm.id()).orElse(vm);
            throw new ClusterException(ClusterErrorCode.INVALID_STATE,
                    transition.refusal(vm.name(), changedMeanwhile.state()));
        }
        operations.insert(h, op);
        return op.asOf(now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
