package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Network adapters of existing simulated VMs: added and removed only while the VM is STOPPED
 * (Hyper-V 2.0 to 2012 R2 cannot hot-add or hot-remove a synthetic adapter), reconnected to
 * another network in any stable power state. Starting checks everything and records the change in
 * sim_nic_change; the adapter changes when the operation is settled (see {@link NicEffects}).
 */
final class SimNics {

    private static final Set<PowerState> STABLE =
            EnumSet.of(PowerState.RUNNING, PowerState.STOPPED, PowerState.PAUSED, PowerState.SAVED);

    private final SimStore store;
    private final Inventory inventory;
    private final OperationStarts starts;
    private final Operations operations;
    private final NicEffects changes;

    SimNics(SimStore store, Inventory inventory, OperationStarts starts, Operations operations, NicEffects changes) {
        this.store = store;
        this.inventory = inventory;
        this.starts = starts;
        this.operations = operations;
        this.changes = changes;
    }

    FabricOperation add(UUID vmId, NicSpec nic, Instant now) {
        try {
            return store.write(h -> added(h, vmId, nic.id(), now).orElseGet(() -> startAdd(h, vmId, nic, now)));
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.INVALID_STATE && !SimStore.isDuplicateKey(e)) {
                throw e;
            }
            // a concurrent call with the same ID may have won: answer with its operation
            return store.write(h -> added(h, vmId, nic.id(), now)).orElseThrow(() -> e);
        }
    }

    FabricOperation connect(UUID vmId, UUID nicId, UUID networkId, Instant now) {
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            requireNic(h, vm, nicId);
            requireNetwork(h, vm, networkId);
            return repeated(h, vm, NicEffects.CONNECT, nicId, Optional.of(networkId), now).orElseGet(() -> {
                var transition = OperationStarts.keepingState(NicEffects.CONNECT, STABLE, vm.state());
                return start(h, vm, transition, SimDurations.NIC_CONNECT, now,
                        new NicEffects.Change(nicId, Optional.of(networkId), Optional.empty()));
            });
        });
    }

    FabricOperation remove(UUID vmId, UUID nicId, Instant now) {
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            requireNic(h, vm, nicId);
            return repeated(h, vm, NicEffects.REMOVE, nicId, Optional.empty(), now).orElseGet(() -> {
                var transition = OperationStarts.keepingState(NicEffects.REMOVE, EnumSet.of(PowerState.STOPPED),
                        vm.state());
                return start(h, vm, transition, SimDurations.NIC_REMOVE, now,
                        new NicEffects.Change(nicId, Optional.empty(), Optional.empty()));
            });
        });
    }

    /** The NIC_ADD of an adapter ID, if it was used; INVALID_ARGUMENT when on another VM. */
    private Optional<FabricOperation> added(Handle h, UUID vmId, UUID nicId, Instant now) {
        VmRow vm = starts.current(h, vmId, now);
        Optional<OperationRow> op = changes.addOf(h, nicId).flatMap(id -> operations.find(h, id));
        if (op.isPresent() && !op.get().vmId().equals(vm.id())) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "network adapter ID " + nicId + " was already added to another VM");
        }
        return op.map(o -> operations.settle(h, o, now).asOf(now));
    }

    private FabricOperation startAdd(Handle h, UUID vmId, NicSpec nic, Instant now) {
        VmRow vm = starts.current(h, vmId, now);
        boolean used = h.createQuery("SELECT COUNT(*) FROM sim_nic WHERE id = :id").bind("id", nic.id())
                .mapTo(Integer.class).one() > 0;
        if (used) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "network adapter ID " + nic.id() + " is already in use");
        }
        Stamp stamp = requireNetwork(h, vm, nic.networkId());
        Addressing.requireValidStatic(nic);
        var transition = OperationStarts.keepingState(NicEffects.ADD, EnumSet.of(PowerState.STOPPED), vm.state());
        starts.requireAllowed(h, vm, transition);
        int count = h.createQuery("SELECT COUNT(*) FROM sim_nic WHERE vm_id = :vm").bind("vm", vm.id())
                .mapTo(Integer.class).one();
        if (count >= Generation.MAX_NICS_PER_VM) {
            throw SpecRules.tooManyNics(stamp, count + 1);
        }
        return start(h, vm, transition, SimDurations.NIC_ADD, now,
                new NicEffects.Change(nic.id(), Optional.of(nic.networkId()), nic.macAddress()));
    }

    /** NOT_FOUND unless the adapter is the VM's. */
    private static void requireNic(Handle h, VmRow vm, UUID nicId) {
        boolean found = h.createQuery("SELECT COUNT(*) FROM sim_nic WHERE id = :nic AND vm_id = :vm")
                .bind("nic", nicId).bind("vm", vm.id()).mapTo(Integer.class).one() > 0;
        if (!found) {
            throw new ClusterException(ClusterErrorCode.NOT_FOUND,
                    "network adapter " + nicId + " of VM '" + vm.name() + "' does not exist");
        }
    }

    /** The VM's stamp; NOT_FOUND unless the network is one of its logical networks. */
    private Stamp requireNetwork(Handle h, VmRow vm, UUID networkId) {
        Stamp stamp = inventory.requireStamp(h, vm.stampId());
        boolean found = h.createQuery("SELECT COUNT(*) FROM sim_network WHERE id = :id AND stamp_id = :stamp")
                .bind("id", networkId).bind("stamp", stamp.id()).mapTo(Integer.class).one() > 0;
        if (!found) {
            throw new ClusterException(ClusterErrorCode.NOT_FOUND,
                    "network " + networkId + " does not exist on stamp " + stamp.name());
        }
        return stamp;
    }

    /** The VM's running operation when it is the same call again. */
    private Optional<FabricOperation> repeated(Handle h, VmRow vm, String kind, UUID nicId, Optional<UUID> networkId,
            Instant now) {
        return vm.runningOperation().flatMap(id -> operations.find(h, id))
                .filter(op -> op.kind().equals(kind))
                .filter(op -> changes.find(h, op.id())
                        .filter(c -> c.nicId().equals(nicId) && c.networkId().equals(networkId)).isPresent())
                .map(op -> op.asOf(now));
    }

    private FabricOperation start(Handle h, VmRow vm, PowerTransitions.Transition transition, Duration length,
            Instant now, NicEffects.Change change) {
        OperationRow op = starts.begin(h, vm, transition, length, now, Optional.empty());
        changes.insert(h, op.id(), change);
        return op.asOf(now);
    }
}
