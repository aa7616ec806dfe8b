package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricSeeding;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Puts VMs on the fabric in batches of {@value #CHUNK}, one transaction per batch. Every VM is
 * validated against its stamp before anything is written; capacity is counted but not checked,
 * so seeded fleets may overcommit hosts and volumes. A failure part-way leaves the earlier
 * batches in place; seeding again is safe, since VMs that exist are skipped.
 */
final class SimSeeding implements FabricSeeding {

    static final int CHUNK = 1000;

    private final SimStore store;
    private final Inventory inventory;
    private final VmRepository vms;
    private final Usage usage;

    SimSeeding(SimStore store, Inventory inventory, VmRepository vms, Usage usage) {
        this.store = store;
        this.inventory = inventory;
        this.vms = vms;
        this.usage = usage;
    }

    @Override
    public List<FabricVm> seedVms(List<SeededVm> seeded) {
        requireNonNull(seeded, "vms is null");
        Map<UUID, SeededVm> byId = new LinkedHashMap<>();
        seeded.forEach(vm -> byId.putIfAbsent(vm.spec().id(), vm));
        Fabric fabric = store.read(this::fabric);
        List<NewVm> all = byId.values().stream().map(fabric::toNewVm).toList();
        List<FabricVm> out = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<NewVm> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            out.addAll(store.write(h -> insertChunk(h, chunk)));
        }
        return out;
    }

    private List<FabricVm> insertChunk(Handle h, List<NewVm> chunk) {
        Set<UUID> existing = vms.existing(h, chunk.stream().map(vm -> vm.row().id()).toList());
        List<NewVm> fresh = chunk.stream().filter(vm -> !existing.contains(vm.row().id())).toList();
        List<FabricVm> out = new ArrayList<>(vms.insert(h, fresh));
        for (UUID id : existing) {
            vms.load(h, id).ifPresent(out::add);
        }
        Map<UUID, Long> hostMemory = new HashMap<>();
        Map<UUID, Long> volumeBytes = new HashMap<>();
        for (NewVm vm : fresh) {
            hostMemory.merge(vm.row().hostId(), (long) vm.row().memoryMb(), Long::sum);
            vm.disks().forEach(d -> volumeBytes.merge(d.volumeId(), d.maxBytes(), Long::sum));
        }
        usage.add(h, hostMemory, volumeBytes);
        return out;
    }

    private Fabric fabric(Handle h) {
        List<Volume> volumes = inventory.allVolumes(h);
        return new Fabric(
                index(inventory.stamps(h), Stamp::id),
                index(inventory.allHosts(h), Host::id),
                index(volumes, Volume::id),
                volumes.stream().collect(Collectors.groupingBy(Volume::stampId,
                        Collectors.toMap(Volume::id, Function.identity()))),
                inventory.allNetworks(h).stream().collect(Collectors.groupingBy(FabricNetwork::stampId,
                        Collectors.mapping(FabricNetwork::id, Collectors.toSet()))));
    }

    private static <T> Map<UUID, T> index(List<T> items, Function<T, UUID> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity()));
    }

    /** The inventory, read once per seeding call. */
    private record Fabric(Map<UUID, Stamp> stamps, Map<UUID, Host> hosts, Map<UUID, Volume> volumes,
            Map<UUID, Map<UUID, Volume>> volumesByStamp, Map<UUID, Set<UUID>> networksByStamp) {

        NewVm toNewVm(SeededVm seeded) {
            VmSpec spec = seeded.spec();
            Stamp stamp = Optional.ofNullable(stamps.get(spec.stampId())).orElseThrow(() ->
                    new ClusterException(ClusterErrorCode.NOT_FOUND, "stamp " + spec.stampId() + " does not exist"));
            Host host = hosts.get(seeded.hostId());
            if (host == null || !host.stampId().equals(stamp.id())) {
                throw new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "host " + seeded.hostId() + " does not exist on stamp " + stamp.name());
            }
            SpecRules.validate(stamp, spec, volumesByStamp.getOrDefault(stamp.id(), Map.of()),
                    networksByStamp.getOrDefault(stamp.id(), Set.of()), true);
            List<FabricDisk> disks = new ArrayList<>();
            for (DiskSpec disk : spec.disks()) {
                disks.add(VmCreation.disk(spec.name(), disk, volumes.get(disk.volumeId().orElseThrow())));
            }
            VmRow row = new VmRow(spec.id(), stamp.id(), host.id(), spec.name(), seeded.state(),
                    spec.cpuCount(), spec.memoryMb(), Optional.empty(), Optional.empty());
            return new NewVm(row, disks, spec.nics());
        }
    }
}
