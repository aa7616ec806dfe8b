package io.gio.spf.extension;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.NetworkQos;
import io.gio.cluster.spi.QosSupport;
import io.gio.cluster.spi.StorageQos;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Network QoS of virtual adapters (Mbps) and storage QoS of virtual disks (IOPS), as Hyper-V
 * sets them: a value given replaces the setting, 0 removes it, an absent value keeps it. The
 * fabric checks them against the stamp's generation and capacity; what it accepts is stored.
 */
public final class QosSettings {

    private static final long BITS_PER_MBIT = 1_000_000L;

    private record Target(UUID vmId, OptionalLong max, OptionalLong min) {}

    private final Jdbi jdbi;
    private final ClusterDriver driver;

    public QosSettings(Jdbi jdbi, ClusterDriver driver) {
        this.jdbi = jdbi;
        this.driver = driver;
    }

    public void changeNetwork(UUID nicId, UUID stampId, Optional<Long> maximumMbps, Optional<Long> minimumMbps) {
        Target current = current("vmm_nic", "qos_max_mbps", "qos_min_mbps", nicId, stampId, "virtual network adapter");
        OptionalLong max = merged(current.max(), maximumMbps, "MaximumBandwidthMbps");
        OptionalLong min = merged(current.min(), minimumMbps, "MinimumBandwidthMbps");
        NetworkQos applied;
        try {
            applied = support().setNetworkQos(current.vmId(), nicId, new NetworkQos(times(max, BITS_PER_MBIT),
                    times(min, BITS_PER_MBIT)));
        } catch (ClusterException e) {
            throw SpfException.fromFabric(e);
        }
        store("vmm_nic", "qos_max_mbps", "qos_min_mbps", nicId, divided(applied.maximumBitsPerSecond(), BITS_PER_MBIT),
                divided(applied.minimumBitsPerSecond(), BITS_PER_MBIT));
    }

    public void changeStorage(UUID vhdId, UUID stampId, Optional<Long> maximumIops, Optional<Long> minimumIops) {
        Target current = current("vmm_vhd", "qos_max_iops", "qos_min_iops", vhdId, stampId, "virtual hard disk");
        OptionalLong max = merged(current.max(), maximumIops, "MaximumIops");
        OptionalLong min = merged(current.min(), minimumIops, "MinimumIops");
        StorageQos applied;
        try {
            applied = support().setStorageQos(current.vmId(), vhdId, new StorageQos(max, min));
        } catch (ClusterException e) {
            throw SpfException.fromFabric(e);
        }
        store("vmm_vhd", "qos_max_iops", "qos_min_iops", vhdId, applied.maximumIops(), applied.minimumIops());
    }

    private Target current(String table, String maxColumn, String minColumn, UUID id, UUID stampId, String what) {
        return jdbi.withHandle(h -> h.createQuery("SELECT vm_id, " + maxColumn + ", " + minColumn + " FROM " + table
                        + " WHERE id = :id AND stamp_id = :stamp AND vm_id IS NOT NULL")
                .bind("id", id).bind("stamp", stampId)
                .map((rs, ctx) -> new Target(rs.getObject(1, UUID.class), nullable(rs.getObject(2, Long.class)),
                        nullable(rs.getObject(3, Long.class))))
                .findOne())
                .orElseThrow(() -> SpfException.notFound("The " + what + " with ID " + id + " on stamp " + stampId
                        + " was not found."));
    }

    private void store(String table, String maxColumn, String minColumn, UUID id, OptionalLong max, OptionalLong min) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE " + table + " SET " + maxColumn + " = :max, " + minColumn
                        + " = :min WHERE id = :id")
                .bindByType("max", max.isPresent() ? max.getAsLong() : null, Long.class)
                .bindByType("min", min.isPresent() ? min.getAsLong() : null, Long.class)
                .bind("id", id).execute());
    }

    private QosSupport support() {
        return driver.qos().orElseThrow(() -> new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED,
                "The '" + driver.name() + "' fabric does not offer QoS."));
    }

    /** Absent keeps, 0 removes, a positive value replaces; anything else is refused. */
    private static OptionalLong merged(OptionalLong current, Optional<Long> given, String property) {
        if (given.isEmpty()) {
            return current;
        }
        long v = given.get();
        if (v < 0) {
            throw SpfException.badRequest(property + " must be 0 (no limit) or positive, not " + v + ".");
        }
        return v == 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static OptionalLong nullable(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static OptionalLong times(OptionalLong v, long factor) {
        if (v.isEmpty()) {
            return v;
        }
        if (v.getAsLong() > Long.MAX_VALUE / factor) {
            throw SpfException.badRequest("The bandwidth " + v.getAsLong() + " Mbps is out of range.");
        }
        return OptionalLong.of(v.getAsLong() * factor);
    }

    private static OptionalLong divided(OptionalLong v, long divisor) {
        return v.isEmpty() ? v : OptionalLong.of(v.getAsLong() / divisor);
    }
}
