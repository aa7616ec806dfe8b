package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** createVm: validate, place, write the VM in CREATING with its CREATE operation; idempotent per VM ID. */
final class VmCreation {

    private final SimStore store;
    private final Inventory inventory;
    private final Placement placement;
    private final VmRepository vms;
    private final Operations operations;

    VmCreation(SimStore store, Inventory inventory, Placement placement, VmRepository vms, Operations operations) {
        this.store = store;
        this.inventory = inventory;
        this.placement = placement;
        this.vms = vms;
        this.operations = operations;
    }

    FabricOperation create(VmSpec spec, Instant now) {
        try {
            return store.write(h -> existing(h, spec, now).orElseGet(() -> createNew(h, spec, now)));
        } catch (ClusterException e) {
            if (!SimStore.isDuplicateKey(e)) {
                throw e;
            }
            // another caller created the same VM concurrently: answer with its operation
            return store.write(h -> existing(h, spec, now)).orElseThrow(() -> new ClusterException(
                    ClusterErrorCode.INVALID_ARGUMENT, "a disk or NIC ID of VM '" + spec.name() + "' is already in use"));
        }
    }

    private Optional<FabricOperation> existing(Handle h, VmSpec spec, Instant now) {
        Optional<VmRow> vm = vms.find(h, spec.id());
        if (vm.isEmpty()) {
            return Optional.empty();
        }
        OperationRow create = operations.latest(h, spec.id(), PowerTransitions.CREATE)
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.INVALID_STATE,
                        "VM '" + vm.get().name() + "' already exists and is " + vm.get().state()));
        return Optional.of(operations.settle(h, create, now).asOf(now));
    }

    private FabricOperation createNew(Handle h, VmSpec spec, Instant now) {
        Stamp stamp = inventory.requireStamp(h, spec.stampId());
        Map<UUID, Volume> volumes = inventory.volumes(h, stamp.id()).stream()
                .collect(Collectors.toMap(Volume::id, Function.identity()));
        Set<UUID> networks = inventory.networks(h, stamp.id()).stream()
                .map(FabricNetwork::id).collect(Collectors.toSet());
        SpecRules.validate(stamp, spec, volumes, networks, false);

        Placement.Placed placed = placement.place(h, stamp, spec, now);
        List<FabricDisk> disks = new ArrayList<>();
        Duration copying = Duration.ZERO;
        for (DiskSpec disk : spec.disks()) {
            Volume volume = placed.volumeOfDisk().get(disk.id());
            disks.add(disk(spec.name(), disk, volume));
            copying = copying.plus(SimDurations.copy(disk.usedBytes(), volume.throughputBytesPerSecond()));
        }
        PowerState end = spec.startAfterCreate() ? PowerState.RUNNING : PowerState.STOPPED;
        OperationRow op = OperationRow.starting(spec.id(), PowerTransitions.CREATE, Optional.of(end), now,
                SimDurations.create(copying, spec.startAfterCreate()));
        VmRow row = new VmRow(spec.id(), stamp.id(), placed.hostId(), spec.name(), PowerState.CREATING,
                spec.cpuCount(), spec.memoryMb(), Optional.empty(), Optional.of(op.id()));
        vms.insert(h, List.of(new NewVm(row, disks, spec.nics())));
        operations.insert(h, op);
        return op.asOf(now);
    }

    static FabricDisk disk(String vmName, DiskSpec disk, Volume volume) {
        return new FabricDisk(disk.id(), disk.name(), disk.format(),
                DiskPaths.path(volume, vmName, disk.name(), disk.format()), volume.id(),
                disk.maxBytes(), disk.usedBytes(), disk.dirtyBytesPerSecond(), disk.boot());
    }
}
