package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.Volume;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * importVm: registers a VM on the target stamp from a chain of transfers, as a Hyper-V import does,
 * checked in the order {@link io.gio.cluster.spi.MigrationSupport#importVm} documents. The new VM
 * is placed on a host of the stamp with room for its memory (not on a crashed one), shows CREATING
 * while its IMPORT operation runs ({@link SimDurations#IMPORT}) and ends STOPPED; its disks are the
 * source's, named alike, in the chain's format ({@code .vhdx} after a conversion) under the target
 * volume's path, and hold the chain's content. After a LIVE chain the operation is the switch-over
 * ({@link SimDurations#LIVE_SWITCH_OVER}): the source stays RUNNING and busy with it, and when it is
 * settled the new VM is RUNNING and the source STOPPED (see {@link ImportEffects}).
 *
 * <p>The chain's data becomes the new VM's disks when the import starts: its transfers are marked
 * imported (discarding them does nothing from then on) and the target volume, which counted the
 * chain's copied bytes, counts the disks at their full size, as for every VM (CAPACITY when it lacks
 * room for the difference). The source VM must still exist (NOT_FOUND otherwise): it is only
 * STOPPED by a LIVE switch-over, never harmed. A failed import (its host crashed) leaves the new VM
 * CREATION_FAILED, with its disks, to be deleted.
 */
final class SimImports {

    private final SimStore store;
    private final Inventory inventory;
    private final Operations operations;
    private final VmRepository vms;
    private final TransferRepository transfers;
    private final ImportEffects imports;
    private final GuestWrites writes;
    private final Placement placement;
    private final Usage usage;

    SimImports(SimStore store, Inventory inventory, Operations operations, VmRepository vms,
            TransferRepository transfers, ImportEffects imports, GuestWrites writes, Placement placement,
            Usage usage) {
        this.store = store;
        this.inventory = inventory;
        this.operations = operations;
        this.vms = vms;
        this.transfers = transfers;
        this.imports = imports;
        this.writes = writes;
        this.placement = placement;
        this.usage = usage;
    }

    FabricOperation importVm(ImportSpec spec, Instant now) {
        try {
            return store.write(h -> existing(h, spec, now).orElseGet(() -> startNew(h, spec, now)));
        } catch (ClusterException e) {
            if (!SimStore.isDuplicateKey(e)) {
                throw e;
            }
            // another caller imported the same VM concurrently: answer with its operation
            return store.write(h -> existing(h, spec, now)).orElseThrow(() -> new ClusterException(
                    ClusterErrorCode.INVALID_ARGUMENT, "a NIC ID of VM '" + spec.name() + "' is already in use"));
        }
    }

    private Optional<FabricOperation> existing(Handle h, ImportSpec spec, Instant now) {
        Optional<VmRow> vm = vms.find(h, spec.vmId());
        if (vm.isEmpty()) {
            return Optional.empty();
        }
        OperationRow op = operations.latest(h, spec.vmId(), ImportEffects.IMPORT)
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.INVALID_STATE,
                        "VM '" + vm.get().name() + "' already exists and is " + vm.get().state()));
        return Optional.of(operations.settle(h, op, now).asOf(now));
    }

    private FabricOperation startNew(Handle h, ImportSpec spec, Instant now) {
        TransferRow last = transfers.settle(h, transfers.require(h, spec.lastTransfer()), now);
        Stamp stamp = inventory.requireStamp(h, spec.targetStampId());
        for (NicSpec nic : spec.nics()) {
            if (inventory.networks(h, stamp.id()).stream().noneMatch(n -> n.id().equals(nic.networkId()))) {
                throw new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "network " + nic.networkId() + " does not exist on stamp " + stamp.name());
            }
        }
        Volume volume = inventory.requireVolume(h, last.targetVolumeId());
        List<TransferRow> chain = requireChain(h, spec, last, stamp, volume);
        requireNics(h, spec);
        VmRow source = vms.find(h, last.vmId()).flatMap(v -> operations.settleVm(h, v, now))
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND, "VM " + last.vmId()
                        + ", the source of transfer " + last.id() + ", no longer exists"));
        boolean live = last.kind() == TransferKind.LIVE;
        if (live) {
            requireLiveSource(source);
        } else {
            requireUnwritten(h, source, last, now);
        }
        SpecRules.checkLimits(stamp, spec.cpuCount(), spec.memoryMb());
        if (spec.nics().size() > Generation.MAX_NICS_PER_VM) {
            throw SpecRules.tooManyNics(stamp, spec.nics().size());
        }

        placement.requireNotFull(h, volume, "VM '" + spec.name() + "'", now);
        UUID hostId = placement.placeHost(h, stamp, spec.name(), spec.memoryMb(), now);
        List<FabricDisk> disks = vms.disks(h, source.id()).stream().map(d -> disk(spec, d, last, volume)).toList();
        long chainBytes = chain.stream().mapToLong(TransferRow::bytesTotal).sum();
        long more = disks.stream().mapToLong(FabricDisk::maxBytes).sum() - chainBytes;
        if (more > 0 && !usage.reserveVolume(h, volume.id(), more)) {
            throw new ClusterException(ClusterErrorCode.CAPACITY, "volume " + volume.name() + " lacks "
                    + Placement.bytes(more) + " for the full size of the disks of VM '" + spec.name() + "'");
        } else if (more < 0) {
            usage.add(h, Map.of(), Map.of(volume.id(), more));
        }
        if (transfers.markImported(h, chain.stream().map(TransferRow::id).toList(), spec.vmId()) != chain.size()) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "the data of transfer " + last.id() + " was imported or discarded meanwhile");
        }

        OperationRow op = OperationRow.starting(spec.vmId(), ImportEffects.IMPORT,
                Optional.of(live ? PowerState.RUNNING : PowerState.STOPPED), now,
                live ? SimDurations.LIVE_SWITCH_OVER : SimDurations.IMPORT);
        VmRow row = new VmRow(spec.vmId(), stamp.id(), hostId, spec.name(), PowerState.CREATING, spec.cpuCount(),
                spec.memoryMb(), Optional.empty(), Optional.of(op.id()));
        vms.insert(h, List.of(new NewVm(row, disks, spec.nics())));
        operations.insert(h, op);
        imports.insert(h, new ImportEffects.ImportRow(op.id(), last.id(), source.id(), live));
        writes.setContent(h, spec.vmId(), live ? writes.digest(h, source.id(), now) : last.contentDigest(), 0);
        if (live && h.createUpdate("UPDATE sim_vm SET running_operation_id = :op WHERE id = :source"
                        + " AND state = 'RUNNING' AND running_operation_id IS NULL")
                .bind("op", op.id()).bind("source", source.id()).execute() != 1) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE,
                    "VM '" + source.name() + "' changed meanwhile; try again");
        }
        return op.asOf(now);
    }

    /** The chain ending with {@code last}; INVALID_ARGUMENT unless its data is whole on a volume of the stamp. */
    private List<TransferRow> requireChain(Handle h, ImportSpec spec, TransferRow last, Stamp stamp, Volume volume) {
        if (last.state() != OperationState.SUCCEEDED) {
            throw invalid("transfer " + last.id() + " is " + last.state() + "; an import needs a SUCCEEDED one");
        }
        if (!volume.stampId().equals(stamp.id())) {
            throw invalid("transfer " + last.id() + " went to volume " + volume.name()
                    + ", which is not on stamp " + stamp.name());
        }
        List<TransferRow> chain = transfers.chain(h, last);
        for (TransferRow t : chain) {
            if (!t.reserved()) {
                throw invalid(t.importedVmId().map(vm -> "the data of transfer " + t.id() + " was imported into VM " + vm)
                        .orElse("transfer " + t.id() + " of the chain was discarded"));
            }
        }
        return chain;
    }

    private static void requireNics(Handle h, ImportSpec spec) {
        Set<UUID> ids = new HashSet<>();
        for (NicSpec nic : spec.nics()) {
            Addressing.requireValidStatic(nic);
            boolean used = !ids.add(nic.id()) || h.createQuery("SELECT COUNT(*) FROM sim_nic WHERE id = :id")
                    .bind("id", nic.id()).mapTo(Integer.class).one() > 0;
            if (used) {
                throw invalid("network adapter ID " + nic.id() + " is already in use");
            }
        }
    }

    private void requireLiveSource(VmRow source) {
        if (source.state() != PowerState.RUNNING || source.runningOperation().isPresent()) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "VM '" + source.name() + "' is "
                    + source.state() + (source.runningOperation().isPresent() ? " and busy" : "")
                    + "; the switch-over of a live migration needs it RUNNING and idle");
        }
    }

    /** The data-integrity guard: INVALID_STATE when the source's guest wrote since the last transfer started. */
    private void requireUnwritten(Handle h, VmRow source, TransferRow last, Instant now) {
        long counter = writes.require(h, source.id()).at(now);
        long atStart = transfers.written(h, last.id()).getOrDefault(source.id(), counter);
        if (counter != atStart || !writes.digest(h, source.id(), now).equals(last.contentDigest())) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "VM '" + source.name() + "' is "
                    + source.state() + " and its disks changed (" + Math.max(0, counter - atStart)
                    + " bytes written) since transfer " + last.id() + " started; stop it and copy a DELTA first");
        }
    }

    private static FabricDisk disk(ImportSpec spec, FabricDisk source, TransferRow last, Volume volume) {
        UUID id = UUID.nameUUIDFromBytes(("gio-sim:import:" + spec.vmId() + ":" + source.id())
                .getBytes(StandardCharsets.UTF_8));
        return new FabricDisk(id, source.name(), last.targetFormat(),
                DiskPaths.path(volume, spec.name(), source.name(), last.targetFormat()), volume.id(),
                source.maxBytes(), source.usedBytes(), source.dirtyBytesPerSecond(), source.boot());
    }

    private static ClusterException invalid(String message) {
        return new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, message);
    }
}
