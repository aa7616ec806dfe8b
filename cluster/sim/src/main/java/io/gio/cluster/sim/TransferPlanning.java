package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FaultKind;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import io.gio.cluster.spi.Volume;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Checks a new transfer in the order {@link io.gio.cluster.spi.MigrationSupport#startTransfer}
 * documents, sizes it from the guests' written counters, reserves its bytes on the target volume
 * and times it; all in the caller's transaction, so a refusal leaves nothing behind.
 */
final class TransferPlanning {

    /** A transfer to write, with the written counters it starts from. */
    record Plan(TransferRow row, Map<UUID, Long> written) {}

    private record Size(long bytes, Map<UUID, Long> written) {}

    private static final Set<PowerState> NO_DATA =
            EnumSet.of(PowerState.CREATING, PowerState.CREATION_FAILED, PowerState.DELETING);
    private static final long MIB = 1L << 20;

    private final Inventory inventory;
    private final OperationStarts starts;
    private final VmRepository vms;
    private final TransferRepository transfers;
    private final GuestWrites writes;
    private final FaultRepository faults;
    private final Usage usage;

    TransferPlanning(Inventory inventory, OperationStarts starts, VmRepository vms, TransferRepository transfers,
            GuestWrites writes, FaultRepository faults, Usage usage) {
        this.inventory = inventory;
        this.starts = starts;
        this.vms = vms;
        this.transfers = transfers;
        this.writes = writes;
        this.faults = faults;
        this.usage = usage;
    }

    Plan plan(Handle h, TransferSpec spec, Instant now) {
        VmRow vm = starts.current(h, spec.vmId(), now);
        Volume target = inventory.requireVolume(h, spec.targetVolumeId());
        Optional<TransferRow> previous = previous(h, spec, now);
        requireState(vm, spec.kind());
        Stamp source = inventory.requireStamp(h, vm.stampId());
        Stamp to = inventory.requireStamp(h, target.stampId());
        if (!to.generation().diskFormats().contains(spec.targetFormat())) {
            throw unsupported("stamp " + to.name() + " (" + to.generation().hypervisor() + ") cannot attach "
                    + spec.targetFormat() + " disks");
        }
        List<Link> joining = joining(h, source, to);
        if (spec.kind() == TransferKind.LIVE && !(source.generation().sharedNothingLiveMigration()
                && to.generation().sharedNothingLiveMigration())) {
            throw unsupported("shared-nothing live migration from " + source.name() + " (" + source.generation().name()
                    + ") to " + to.name() + " (" + to.generation().name() + ") is not available");
        }
        List<FabricDisk> disks = vms.disks(h, vm.id());
        Size size = size(h, spec, vm, disks, previous, now);
        reserve(h, target, size.bytes(), spec, now);
        Optional<UUID> link = link(h, source, to, joining, now);

        long sourceThroughput = disks.stream().map(d -> inventory.requireVolume(h, d.volumeId()))
                .mapToLong(Volume::throughputBytesPerSecond).min().orElse(target.throughputBytesPerSecond());
        long maxRate = Math.min(sourceThroughput, target.throughputBytesPerSecond());
        TransferRow.Finish finish = spec.kind() == TransferKind.DELTA ? TransferRow.Finish.MERGE
                : disks.stream().anyMatch(d -> d.format() != spec.targetFormat())
                        ? TransferRow.Finish.CONVERT : TransferRow.Finish.NONE;
        TransferKind chainKind = previous.map(TransferRow::chainKind).orElse(spec.kind());
        TransferRow row = TransferRow.starting(spec.id(), vm.id(), spec.kind(), spec.previous(), chainKind, link,
                target.id(), spec.targetFormat(), size.bytes(), maxRate, Math.min(spec.bytesPerSecond(), maxRate),
                finish, target.throughputBytesPerSecond(), now, writes.digest(h, vm.id(), now));
        return new Plan(row, size.written());
    }

    /** The SUCCEEDED transfer a DELTA continues; INVALID_ARGUMENT for anything else. */
    private Optional<TransferRow> previous(Handle h, TransferSpec spec, Instant now) {
        if (spec.previous().isEmpty()) {
            return Optional.empty();
        }
        UUID id = spec.previous().get();
        TransferRow previous = transfers.find(h, id).map(row -> transfers.settle(h, row, now))
                .orElseThrow(() -> invalid("previous transfer " + id + " does not exist"));
        String why = null;
        if (!previous.vmId().equals(spec.vmId())) {
            why = "is a transfer of another VM";
        } else if (!previous.targetVolumeId().equals(spec.targetVolumeId())) {
            why = "went to another volume";
        } else if (previous.state() != OperationState.SUCCEEDED) {
            why = "is " + previous.state() + "; a DELTA continues a SUCCEEDED transfer";
        } else if (previous.kind() == TransferKind.LIVE) {
            why = "is LIVE; a live migration is completed by its switch-over, not by DELTAs";
        } else if (previous.targetFormat() != spec.targetFormat()) {
            why = "wrote " + previous.targetFormat() + "; a DELTA is merged in the chain's format";
        } else if (!previous.reserved()) {
            why = previous.importedVmId().map(vm -> "was imported into VM " + vm).orElse("was discarded");
        }
        if (why != null) {
            throw invalid("previous transfer " + id + " " + why);
        }
        return Optional.of(previous);
    }

    private static void requireState(VmRow vm, TransferKind kind) {
        String refusal = null;
        if (NO_DATA.contains(vm.state())) {
            refusal = "it has no complete disks to copy";
        } else if (kind == TransferKind.FULL && vm.state() != PowerState.STOPPED && vm.state() != PowerState.SAVED) {
            refusal = "a FULL transfer needs STOPPED or SAVED (BASE copies a running VM)";
        } else if (kind == TransferKind.LIVE && vm.state() != PowerState.RUNNING) {
            refusal = "a LIVE transfer needs RUNNING";
        }
        if (refusal != null) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE,
                    "VM '" + vm.name() + "' is " + vm.state() + "; " + refusal);
        }
    }

    /** The links that join two different stamps (in either direction); UNSUPPORTED when none does. */
    private List<Link> joining(Handle h, Stamp source, Stamp to) {
        if (source.id().equals(to.id())) {
            return List.of();
        }
        List<Link> links = inventory.links(h).stream()
                .filter(l -> Set.of(l.fromStampId(), l.toStampId()).equals(Set.of(source.id(), to.id())))
                .toList();
        if (links.isEmpty()) {
            throw unsupported("no link joins stamps " + source.name() + " and " + to.name());
        }
        return links;
    }

    /** The link the copy crosses: the widest that is up; FABRIC_FAILURE when all are down. */
    private Optional<UUID> link(Handle h, Stamp source, Stamp to, List<Link> joining, Instant now) {
        if (joining.isEmpty()) {
            return Optional.empty();
        }
        Set<UUID> down = faults.targets(h, FaultKind.LINK_DOWN, now);
        return Optional.of(joining.stream().filter(l -> !down.contains(l.id()))
                .max((a, b) -> Long.compare(a.bandwidthBitsPerSecond(), b.bandwidthBitsPerSecond()))
                .map(Link::id)
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the link between "
                        + source.name() + " and " + to.name() + " (" + joining.get(0).name() + ") is down")));
    }

    private Size size(Handle h, TransferSpec spec, VmRow vm, List<FabricDisk> disks,
            Optional<TransferRow> previous, Instant now) {
        TransferKind chainKind = previous.map(TransferRow::chainKind).orElse(spec.kind());
        if (chainKind == TransferKind.VOLUME_MIRROR) {
            Set<UUID> volumes = disks.stream().map(FabricDisk::volumeId).collect(Collectors.toCollection(TreeSet::new));
            List<GuestWrites.Counter> counters = countersOn(h, volumes, now);
            Map<UUID, Long> written = new LinkedHashMap<>();
            counters.forEach(c -> written.put(c.vmId(), c.bytes()));
            if (previous.isEmpty()) {
                long used = volumes.stream().mapToLong(v -> inventory.requireVolume(h, v).usedBytes()).sum();
                return new Size(used, written);
            }
            Map<UUID, Long> before = transfers.written(h, previous.get().id());
            long bytes = counters.stream().mapToLong(c -> Math.min(c.maxBytes(), before.containsKey(c.vmId())
                    ? c.bytes() - before.get(c.vmId()) : c.usedBytes() + c.bytes())).sum();
            return new Size(bytes, written);
        }
        writes.settle(h, vm.id(), now);
        long counter = writes.require(h, vm.id()).bytes();
        long used = disks.stream().mapToLong(FabricDisk::usedBytes).sum();
        long bytes = switch (spec.kind()) {
            case FULL, BASE -> used;
            case LIVE -> used + vm.memoryMb() * MIB;
            case DELTA -> Math.min(disks.stream().mapToLong(FabricDisk::maxBytes).sum(),
                    counter - transfers.written(h, previous.orElseThrow().id()).getOrDefault(vm.id(), counter));
            case VOLUME_MIRROR -> throw new IllegalStateException("sized above");
        };
        return new Size(bytes, Map.of(vm.id(), counter));
    }

    /** The written counters of the VMs on the volumes, their operations that were due settled first. */
    private List<GuestWrites.Counter> countersOn(Handle h, Set<UUID> volumes, Instant now) {
        if (volumes.isEmpty()) {
            return List.of();
        }
        h.createQuery("SELECT DISTINCT v.id FROM sim_vm v JOIN sim_operation o ON o.id = v.running_operation_id"
                        + " WHERE o.state = 'RUNNING' AND o.ends <= :now"
                        + " AND v.id IN (SELECT vm_id FROM sim_disk WHERE volume_id IN (<volumes>))")
                .bind("now", SimRows.timestamp(now)).bindList("volumes", List.copyOf(volumes))
                .mapTo(UUID.class).list()
                .forEach(id -> starts.current(h, id, now));
        return writes.onVolumes(h, volumes, now);
    }

    /** Counts the bytes on the target volume; CAPACITY, naming it, when it is full or lacks room. */
    private void reserve(Handle h, Volume target, long bytes, TransferSpec spec, Instant now) {
        if (faults.isInForce(h, FaultKind.VOLUME_FULL, target.id(), now)) {
            throw new ClusterException(ClusterErrorCode.CAPACITY, "volume " + target.name()
                    + " is full (no free space); transfer " + spec.id() + " cannot write there");
        }
        if (!usage.reserveVolume(h, target.id(), bytes)) {
            throw new ClusterException(ClusterErrorCode.CAPACITY, "volume " + target.name() + " has "
                    + Placement.bytes(target.capacityBytes() - target.usedBytes()) + " free; transfer " + spec.id()
                    + " needs " + Placement.bytes(bytes) + " there");
        }
    }

    private static ClusterException unsupported(String message) {
        return new ClusterException(ClusterErrorCode.UNSUPPORTED, message);
    }

    private static ClusterException invalid(String message) {
        return new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, message);
    }
}
