package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.NetworkQos;
import io.gio.cluster.spi.QosSupport;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.StorageQos;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Network QoS of simulated adapters (sim_nic.qos_*_bits_per_second) and storage QoS of simulated
 * disks (sim_disk.qos_*_iops). Settings are plain column values, not operations: they apply at
 * once, in any power state, and nothing in the sim is throttled by them. Every call settles the
 * VM's due operation first, so a VM whose DELETE has ended is NOT_FOUND.
 */
final class SimQos implements QosSupport {

    private final SimStore store;
    private final Supplier<Instant> clock;
    private final OperationStarts starts;
    private final Inventory inventory;

    SimQos(SimStore store, Supplier<Instant> clock, OperationStarts starts, Inventory inventory) {
        this.store = store;
        this.clock = clock;
        this.starts = starts;
        this.inventory = inventory;
    }

    @Override
    public NetworkQos setNetworkQos(UUID vmId, UUID nicId, NetworkQos qos) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(nicId, "nicId is null");
        requireNonNull(qos, "qos is null");
        Instant now = clock.get();
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            readNetwork(h, vm, nicId);
            if (!qos.isNone()) {
                checkNetwork(h, vm, qos);
            }
            h.createUpdate("UPDATE sim_nic SET qos_max_bits_per_second = :max, qos_min_bits_per_second = :min"
                            + " WHERE id = :nic AND vm_id = :vm")
                    .bindByType("max", boxed(qos.maximumBitsPerSecond()), Long.class)
                    .bindByType("min", boxed(qos.minimumBitsPerSecond()), Long.class)
                    .bind("nic", nicId).bind("vm", vm.id()).execute();
            return qos;
        });
    }

    @Override
    public StorageQos setStorageQos(UUID vmId, UUID diskId, StorageQos qos) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(diskId, "diskId is null");
        requireNonNull(qos, "qos is null");
        Instant now = clock.get();
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            readStorage(h, vm, diskId);
            if (!qos.isNone()) {
                checkStorage(h, vm, diskId, qos);
            }
            h.createUpdate("UPDATE sim_disk SET qos_max_iops = :max, qos_min_iops = :min"
                            + " WHERE id = :disk AND vm_id = :vm")
                    .bindByType("max", boxed(qos.maximumIops()), Long.class)
                    .bindByType("min", boxed(qos.minimumIops()), Long.class)
                    .bind("disk", diskId).bind("vm", vm.id()).execute();
            return qos;
        });
    }

    @Override
    public NetworkQos networkQos(UUID vmId, UUID nicId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(nicId, "nicId is null");
        Instant now = clock.get();
        return store.write(h -> readNetwork(h, starts.current(h, vmId, now), nicId));
    }

    @Override
    public StorageQos storageQos(UUID vmId, UUID diskId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(diskId, "diskId is null");
        Instant now = clock.get();
        return store.write(h -> readStorage(h, starts.current(h, vmId, now), diskId));
    }

    private static NetworkQos readNetwork(Handle h, VmRow vm, UUID nicId) {
        return h.createQuery("SELECT qos_max_bits_per_second, qos_min_bits_per_second FROM sim_nic"
                        + " WHERE id = :nic AND vm_id = :vm")
                .bind("nic", nicId).bind("vm", vm.id())
                .map((rs, ctx) -> new NetworkQos(optional(rs, "qos_max_bits_per_second"),
                        optional(rs, "qos_min_bits_per_second")))
                .findOne()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "network adapter " + nicId + " of VM '" + vm.name() + "' does not exist"));
    }

    private static StorageQos readStorage(Handle h, VmRow vm, UUID diskId) {
        return h.createQuery("SELECT qos_max_iops, qos_min_iops FROM sim_disk WHERE id = :disk AND vm_id = :vm")
                .bind("disk", diskId).bind("vm", vm.id())
                .map((rs, ctx) -> new StorageQos(optional(rs, "qos_max_iops"), optional(rs, "qos_min_iops")))
                .findOne()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "disk " + diskId + " of VM '" + vm.name() + "' does not exist"));
    }

    private void checkNetwork(Handle h, VmRow vm, NetworkQos qos) {
        Stamp stamp = inventory.requireStamp(h, vm.stampId());
        if (!stamp.generation().networkQos()) {
            throw unsupported(stamp, "network QoS");
        }
        positive("maximum bandwidth", qos.maximumBitsPerSecond(), SimQos::bps);
        positive("minimum bandwidth", qos.minimumBitsPerSecond(), SimQos::bps);
        ordered("minimum bandwidth", qos.minimumBitsPerSecond(), qos.maximumBitsPerSecond(), SimQos::bps);
        if (qos.minimumBitsPerSecond().isPresent()) {
            long minimum = qos.minimumBitsPerSecond().getAsLong();
            Limit host = h.createQuery("SELECT name, nic_bits_per_second FROM sim_host WHERE id = :id")
                    .bind("id", vm.hostId())
                    .map((rs, ctx) -> new Limit(rs.getString("name"), rs.getLong("nic_bits_per_second")))
                    .one();
            if (minimum > host.value()) {
                throw invalid("the minimum bandwidth of " + bps(minimum) + " exceeds the " + bps(host.value())
                        + " of the network adapter of host " + host.name() + ", which runs VM '" + vm.name() + "'");
            }
        }
    }

    private void checkStorage(Handle h, VmRow vm, UUID diskId, StorageQos qos) {
        Stamp stamp = inventory.requireStamp(h, vm.stampId());
        if (!stamp.generation().storageQos()) {
            throw unsupported(stamp, "storage QoS");
        }
        positive("maximum IOPS", qos.maximumIops(), SimQos::iops);
        positive("minimum IOPS", qos.minimumIops(), SimQos::iops);
        ordered("minimum", qos.minimumIops(), qos.maximumIops(), SimQos::iops);
        if (qos.minimumIops().isPresent()) {
            long minimum = qos.minimumIops().getAsLong();
            Limit volume = h.createQuery("SELECT v.name, v.max_iops FROM sim_disk d"
                            + " JOIN sim_volume v ON v.id = d.volume_id WHERE d.id = :disk")
                    .bind("disk", diskId)
                    .map((rs, ctx) -> new Limit(rs.getString("name"), rs.getLong("max_iops")))
                    .one();
            if (minimum > volume.value()) {
                throw invalid("the minimum of " + iops(minimum) + " exceeds the " + iops(volume.value())
                        + " that volume " + volume.name() + " can deliver");
            }
        }
    }

    /** UNSUPPORTED naming the stamp and its generation, e.g. "Stamp GIO-V1 (Hyper-V 2.0 (...)) has no network QoS". */
    private static ClusterException unsupported(Stamp stamp, String what) {
        Generation generation = stamp.generation();
        return new ClusterException(ClusterErrorCode.UNSUPPORTED,
                "Stamp " + stamp.name() + " (" + generation.hypervisor() + ") has no " + what);
    }

    private static void positive(String what, OptionalLong value, LongFunction<String> unit) {
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw invalid("the " + what + " must be positive, not " + unit.apply(value.getAsLong()));
        }
    }

    private static void ordered(String what, OptionalLong minimum, OptionalLong maximum, LongFunction<String> unit) {
        if (minimum.isPresent() && maximum.isPresent() && minimum.getAsLong() > maximum.getAsLong()) {
            throw invalid("the " + what + " of " + unit.apply(minimum.getAsLong())
                    + " exceeds the maximum of " + unit.apply(maximum.getAsLong()));
        }
    }

    private static String bps(long value) {
        return value + " bits per second";
    }

    private static String iops(long value) {
        return value + " IOPS";
    }

    private static ClusterException invalid(String message) {
        return new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, message);
    }

    private static OptionalLong optional(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    /** A named capacity: a host's NIC bandwidth or a volume's IOPS. */
    private record Limit(String name, long value) {
    }
}
