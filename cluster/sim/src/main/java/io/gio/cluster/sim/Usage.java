package io.gio.cluster.sim;

import io.gio.cluster.spi.FabricDisk;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The capacity counters: memory allocated on each host (the memory of all its VMs, whatever
 * their state) and bytes used on each volume. A volume's used bytes are the sum of the maximum
 * sizes of the disks on it: the sim reserves fixed-size disks, so a volume never fills up behind
 * the scheduler's back as guests write.
 */
final class Usage {

    /** Reserves memory on a host if it has room; false when it has not (or lost a race). */
    boolean reserveHost(Handle h, UUID hostId, long memoryMb) {
        return h.createUpdate("UPDATE sim_host SET allocated_memory_mb = allocated_memory_mb + :mb"
                        + " WHERE id = :id AND allocated_memory_mb + :mb <= memory_mb")
                .bind("mb", memoryMb).bind("id", hostId).execute() == 1;
    }

    /** Reserves bytes on a volume if it has room; false when it has not (or lost a race). */
    boolean reserveVolume(Handle h, UUID volumeId, long bytes) {
        return h.createUpdate("UPDATE sim_volume SET used_bytes = used_bytes + :bytes"
                        + " WHERE id = :id AND used_bytes + :bytes <= capacity_bytes")
                .bind("bytes", bytes).bind("id", volumeId).execute() == 1;
    }

    /** Adds usage without checking capacity (seeding); negative amounts release. Rows are locked in ID order. */
    void add(Handle h, Map<UUID, Long> hostMemoryMb, Map<UUID, Long> volumeBytes) {
        if (!hostMemoryMb.isEmpty()) {
            PreparedBatch hosts = h.prepareBatch(
                    "UPDATE sim_host SET allocated_memory_mb = allocated_memory_mb + :mb WHERE id = :id");
            new TreeMap<>(hostMemoryMb).forEach((id, mb) -> hosts.bind("id", id).bind("mb", mb).add());
            hosts.execute();
        }
        if (!volumeBytes.isEmpty()) {
            PreparedBatch volumes = h.prepareBatch(
                    "UPDATE sim_volume SET used_bytes = used_bytes + :bytes WHERE id = :id");
            new TreeMap<>(volumeBytes).forEach((id, bytes) -> volumes.bind("id", id).bind("bytes", bytes).add());
            volumes.execute();
        }
    }

    /** Gives back what a VM held. */
    void release(Handle h, VmRow vm, List<FabricDisk> disks) {
        Map<UUID, Long> volumeBytes = disks.stream().collect(
                Collectors.groupingBy(FabricDisk::volumeId, Collectors.summingLong(d -> -d.maxBytes())));
        add(h, Map.of(vm.hostId(), (long) -vm.memoryMb()), volumeBytes);
    }
}
