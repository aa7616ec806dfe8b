package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FaultKind;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Chooses a host and volumes for a new VM and reserves their capacity, in the caller's
 * transaction. Host: the one with most free memory that fits. Disks that name a volume go there;
 * the others go together on the volume with most free bytes that fits them all. A host that has
 * crashed (HOST_CRASH) takes nothing, and a full volume (VOLUME_FULL) has no room, while the fault
 * is in force.
 */
final class Placement {

    /** Where a VM goes: its host and, per disk ID, its volume. */
    record Placed(UUID hostId, Map<UUID, Volume> volumeOfDisk) {
        Placed {
            volumeOfDisk = Map.copyOf(volumeOfDisk);
        }
    }

    private record HostRoom(UUID id, String name, long freeMb) {
    }

    private final Inventory inventory;
    private final Usage usage;
    private final FaultRepository faults;

    Placement(Inventory inventory, Usage usage, FaultRepository faults) {
        this.inventory = inventory;
        this.usage = usage;
        this.faults = faults;
    }

    Placed place(Handle h, Stamp stamp, VmSpec spec, Instant now) {
        return new Placed(placeHost(h, stamp, spec.name(), spec.memoryMb(), now), placeDisks(h, stamp, spec, now));
    }

    /** Chooses a host of the stamp for a VM of {@code memoryMb} and reserves the memory; CAPACITY when none has room. */
    UUID placeHost(Handle h, Stamp stamp, String vmName, int memoryMb, Instant now) {
        Set<UUID> crashed = faults.targets(h, FaultKind.HOST_CRASH, now);
        List<HostRoom> rooms = h.createQuery("SELECT id, name, memory_mb - allocated_memory_mb AS free_mb"
                        + " FROM sim_host WHERE stamp_id = :stamp ORDER BY free_mb DESC, name")
                .bind("stamp", stamp.id())
                .map((rs, ctx) -> new HostRoom(SimRows.uuid(rs, "id"), rs.getString("name"), rs.getLong("free_mb")))
                .list().stream().filter(room -> !crashed.contains(room.id())).toList();
        for (HostRoom room : rooms) {
            if (room.freeMb() < memoryMb) {
                break;
            }
            if (usage.reserveHost(h, room.id(), memoryMb)) {
                return room.id();
            }
        }
        String best = rooms.isEmpty() ? "it has no hosts up"
                : "most free: " + rooms.get(0).freeMb() + " MB on " + rooms.get(0).name();
        throw new ClusterException(ClusterErrorCode.CAPACITY, "no host of stamp " + stamp.name() + " has "
                + memoryMb + " MB of memory free for VM '" + vmName + "' (" + best + ")");
    }

    /** CAPACITY, naming the volume, while it is full (VOLUME_FULL). */
    void requireNotFull(Handle h, Volume volume, String forWhat, Instant now) {
        if (faults.isInForce(h, FaultKind.VOLUME_FULL, volume.id(), now)) {
            throw new ClusterException(ClusterErrorCode.CAPACITY, "volume " + volume.name()
                    + " is full (no free space); " + forWhat + " cannot be placed there");
        }
    }

    private Map<UUID, Volume> placeDisks(Handle h, Stamp stamp, VmSpec spec, Instant now) {
        Map<UUID, Volume> placed = new HashMap<>();
        Map<UUID, Long> named = new TreeMap<>();
        spec.disks().forEach(d -> d.volumeId().ifPresent(v -> named.merge(v, d.maxBytes(), Long::sum)));
        Map<UUID, Volume> volumes = inventory.volumes(h, stamp.id()).stream()
                .collect(Collectors.toMap(Volume::id, Function.identity()));
        named.forEach((volumeId, need) -> {
            Volume volume = volumes.get(volumeId);
            requireNotFull(h, volume, "the disks of VM '" + spec.name() + "'", now);
            if (!usage.reserveVolume(h, volumeId, need)) {
                throw new ClusterException(ClusterErrorCode.CAPACITY, "volume " + volume.name() + " has "
                        + bytes(free(volume)) + " free; VM '" + spec.name() + "' needs " + bytes(need) + " there");
            }
        });
        spec.disks().forEach(d -> d.volumeId().ifPresent(v -> placed.put(d.id(), volumes.get(v))));

        List<DiskSpec> rest = spec.disks().stream().filter(d -> d.volumeId().isEmpty()).toList();
        if (!rest.isEmpty()) {
            Volume chosen = placeTogether(h, stamp, spec, rest.stream().mapToLong(DiskSpec::maxBytes).sum(), now);
            rest.forEach(d -> placed.put(d.id(), chosen));
        }
        return placed;
    }

    private Volume placeTogether(Handle h, Stamp stamp, VmSpec spec, long need, Instant now) {
        Set<UUID> full = faults.targets(h, FaultKind.VOLUME_FULL, now);
        List<Volume> candidates = inventory.volumes(h, stamp.id()).stream()
                .filter(volume -> !full.contains(volume.id()))
                .sorted(Comparator.comparingLong(Placement::free).reversed()).toList();
        for (Volume volume : candidates) {
            if (free(volume) < need) {
                break;
            }
            if (usage.reserveVolume(h, volume.id(), need)) {
                return volume;
            }
        }
        String best = candidates.isEmpty() ? "it has no volumes"
                : "most free: " + bytes(free(candidates.get(0))) + " on " + candidates.get(0).name();
        throw new ClusterException(ClusterErrorCode.CAPACITY, "no volume of stamp " + stamp.name() + " has "
                + bytes(need) + " free for the disks of VM '" + spec.name() + "' (" + best + ")");
    }

    private static long free(Volume volume) {
        return volume.capacityBytes() - volume.usedBytes();
    }

    static String bytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
