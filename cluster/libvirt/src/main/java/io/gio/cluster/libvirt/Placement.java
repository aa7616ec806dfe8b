package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.VmSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where a new VM goes. Storage pools are local to their host, so a disk that names its volume
 * fixes the host; otherwise the host is the one with the most free memory among those with
 * enough processors and memory for the VM and every network it asks for, and each disk goes to
 * that host's pool with the most room.
 */
final class Placement {

    /** The chosen host and each disk's pool. */
    record Choice(HostConnection host, Map<UUID, Topology.Pool> pools) {}

    private final Fabric fabric;

    Placement(Fabric fabric) {
        this.fabric = fabric;
    }

    Choice choose(VmSpec spec, Stamp stamp, List<String> networks) {
        return choose(spec, stamp, networks, List.of());
    }

    /** As above, on one of {@code images} (the hosts that have the template images it copies) unless empty. */
    Choice choose(VmSpec spec, Stamp stamp, List<String> networks, List<HostConnection> images) {
        List<Topology.Pool> pools = fabric.topology.pools(stamp.id());
        Map<UUID, Topology.Pool> named = new HashMap<>();
        for (DiskSpec d : spec.disks()) {
            if (d.volumeId().isPresent()) {
                named.put(d.id(), pools.stream().filter(p -> p.volume().id().equals(d.volumeId().get())).findFirst()
                        .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND, "No volume with ID "
                                + d.volumeId().get() + " on stamp " + stamp.name() + ".")));
            }
        }
        Set<HostConnection> fixed = new LinkedHashSet<>();
        named.values().forEach(p -> fixed.add(p.host()));
        if (fixed.size() > 1) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The disks name volumes of different hosts;"
                    + " a VM's disks must be on storage pools of its own host.");
        }
        List<HostConnection> candidates = new ArrayList<>(fixed.isEmpty() ? fabric.topology.connections(stamp.id())
                : fixed);
        candidates.removeIf(h -> h.facts().cpus() < spec.cpuCount() || h.facts().memoryMb() < spec.memoryMb()
                || !networks.stream().allMatch(n -> fabric.topology.hasNetwork(h, n)));
        if (!images.isEmpty()) {
            candidates.removeIf(h -> !images.contains(h));
        }
        if (candidates.isEmpty()) {
            throw new ClusterException(ClusterErrorCode.CAPACITY, "No host of stamp " + stamp.name() + " has "
                    + spec.cpuCount() + " logical processors and " + spec.memoryMb() + " MB of memory"
                    + (networks.isEmpty() ? "" : " with the networks " + networks)
                    + (images.isEmpty() ? "" : " and the template's image") + ".");
        }
        candidates.sort(Comparator.comparingLong(Placement::freeMemory).reversed());
        ClusterException lastRefusal = null;
        for (HostConnection h : candidates) {
            try {
                return new Choice(h, disksOn(h, spec, pools, named));
            } catch (ClusterException e) {
                lastRefusal = e;
            }
        }
        throw lastRefusal;
    }

    private static Map<UUID, Topology.Pool> disksOn(HostConnection h, VmSpec spec, List<Topology.Pool> pools,
            Map<UUID, Topology.Pool> named) {
        Map<UUID, Long> planned = new HashMap<>();
        Map<UUID, Topology.Pool> out = new HashMap<>();
        for (DiskSpec d : spec.disks()) {
            Optional<Topology.Pool> pool = Optional.ofNullable(named.get(d.id())).or(() -> pools.stream()
                    .filter(p -> p.host() == h)
                    .max(Comparator.comparingLong(p -> room(p, planned))));
            if (pool.isEmpty()) {
                throw new ClusterException(ClusterErrorCode.CAPACITY, "The host " + h.facts().hostname()
                        + " has no active storage pool.");
            }
            Topology.Pool p = pool.get();
            if (room(p, planned) < d.usedBytes()) {
                throw new ClusterException(ClusterErrorCode.CAPACITY, "The volume " + p.volume().name() + " has "
                        + room(p, planned) + " bytes free; the disk " + d.name() + " needs " + d.usedBytes() + ".");
            }
            planned.merge(p.volume().id(), d.usedBytes(), Long::sum);
            out.put(d.id(), p);
        }
        return out;
    }

    private static long room(Topology.Pool p, Map<UUID, Long> planned) {
        return p.volume().capacityBytes() - p.volume().usedBytes() - planned.getOrDefault(p.volume().id(), 0L);
    }

    private static long freeMemory(HostConnection h) {
        try {
            return h.connect().getFreeMemory();
        } catch (org.libvirt.LibvirtException | RuntimeException e) {
            return 0;
        }
    }
}
