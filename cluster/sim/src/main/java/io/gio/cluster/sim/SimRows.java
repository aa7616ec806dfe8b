package io.gio.cluster.sim;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.VmHardware;
import io.gio.cluster.spi.Volume;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.mapper.RowMapper;

/** Row mappers and column conversions of the sim tables. */
final class SimRows {

    static final RowMapper<Stamp> STAMP = (rs, ctx) -> new Stamp(uuid(rs, "id"), rs.getString("name"),
            new Generation(rs.getString("generation_name"), rs.getString("hypervisor"),
                    rs.getInt("max_cpu_per_vm"), rs.getInt("max_memory_mb_per_vm"),
                    SimCodes.diskFormats(rs.getString("disk_formats")),
                    rs.getBoolean("network_qos"), rs.getBoolean("storage_qos"),
                    rs.getBoolean("live_storage_migration"), rs.getBoolean("shared_nothing_live_migration"),
                    rs.getBoolean("online_vhdx_resize"), rs.getBoolean("online_export")));

    static final RowMapper<Host> HOST = (rs, ctx) -> new Host(uuid(rs, "id"), uuid(rs, "stamp_id"),
            rs.getString("name"), rs.getString("cluster_name"), rs.getInt("logical_processors"),
            rs.getLong("memory_mb"), rs.getLong("nic_bits_per_second"));

    static final RowMapper<Volume> VOLUME = (rs, ctx) -> new Volume(uuid(rs, "id"), uuid(rs, "stamp_id"),
            rs.getString("name"), SimCodes.volumeKind(rs.getString("kind")), rs.getString("path"),
            rs.getLong("capacity_bytes"), rs.getLong("used_bytes"), rs.getInt("max_iops"),
            rs.getLong("throughput_bytes_per_second"));

    static final RowMapper<FabricNetwork> NETWORK = (rs, ctx) -> new FabricNetwork(uuid(rs, "id"),
            uuid(rs, "stamp_id"), rs.getString("name"), rs.getBoolean("network_virtualization"),
            rs.getString("subnet"));

    static final RowMapper<Link> LINK = (rs, ctx) -> new Link(uuid(rs, "id"), uuid(rs, "from_stamp_id"),
            uuid(rs, "to_stamp_id"), rs.getString("name"), rs.getLong("bandwidth_bits_per_second"));

    static final RowMapper<FabricDisk> DISK = (rs, ctx) -> new FabricDisk(uuid(rs, "id"), rs.getString("name"),
            SimCodes.diskFormat(rs.getString("format")), rs.getString("path"), uuid(rs, "volume_id"),
            rs.getLong("max_bytes"), rs.getLong("used_bytes"), rs.getLong("dirty_bytes_per_second"),
            rs.getBoolean("boot"));

    static final RowMapper<FabricNic> NIC = (rs, ctx) -> new FabricNic(uuid(rs, "id"),
            rs.getString("mac_address"), uuid(rs, "network_id"), List.of(rs.getString("ipv4_address")));

    static final RowMapper<VmRow> VM = (rs, ctx) -> new VmRow(uuid(rs, "id"), uuid(rs, "stamp_id"),
            uuid(rs, "host_id"), rs.getString("name"), SimCodes.powerState(rs.getString("state")),
            rs.getInt("cpu_count"), rs.getInt("memory_mb"), dynamicMemory(rs),
            Optional.ofNullable(rs.getObject("running_operation_id", UUID.class)));

    static final RowMapper<OperationRow> OPERATION = (rs, ctx) -> new OperationRow(uuid(rs, "id"),
            uuid(rs, "vm_id"), rs.getString("kind"), SimCodes.operationState(rs.getString("state")),
            Optional.ofNullable(rs.getString("end_vm_state")).map(SimCodes::powerState),
            instant(rs, "started"), instant(rs, "ends"), Optional.ofNullable(instantOrNull(rs, "ended")),
            Optional.ofNullable(rs.getString("error_code")).map(SimCodes::errorCode),
            Optional.ofNullable(rs.getString("error_message")),
            Optional.ofNullable(rs.getObject("checkpoint_id", UUID.class)),
            Optional.ofNullable(rs.getObject("backup_id", UUID.class)));

    static final RowMapper<CheckpointRow> CHECKPOINT = (rs, ctx) -> new CheckpointRow(uuid(rs, "id"),
            uuid(rs, "vm_id"), rs.getString("name"), Optional.ofNullable(rs.getObject("parent_id", UUID.class)),
            instant(rs, "created"), SimCodes.powerState(rs.getString("captured_state")),
            new VmHardware(rs.getInt("cpu_count"), rs.getInt("memory_mb"), dynamicMemory(rs)),
            rs.getLong("delta_bytes"));

    static final RowMapper<BackupRow> BACKUP = (rs, ctx) -> new BackupRow(uuid(rs, "id"), uuid(rs, "vm_id"),
            rs.getLong("size_bytes"), instant(rs, "started"), Optional.ofNullable(instantOrNull(rs, "completed")),
            SimCodes.backupConsistency(rs.getString("consistency")));

    private SimRows() {
    }

    /** Binds an instant to a TIMESTAMP WITH TIME ZONE column, in UTC. */
    static Argument timestamp(Instant instant) {
        OffsetDateTime value = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, value);
    }

    /** Reads dynamic_memory_min_mb and dynamic_memory_max_mb: both set, or static memory. */
    static Optional<VmHardware.DynamicMemory> dynamicMemory(ResultSet rs) throws SQLException {
        int min = rs.getInt("dynamic_memory_min_mb");
        if (rs.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new VmHardware.DynamicMemory(min, rs.getInt("dynamic_memory_max_mb")));
    }

    static Integer minimumMb(VmHardware hardware) {
        return hardware.dynamicMemory().map(VmHardware.DynamicMemory::minimumMb).orElse(null);
    }

    static Integer maximumMb(VmHardware hardware) {
        return hardware.dynamicMemory().map(VmHardware.DynamicMemory::maximumMb).orElse(null);
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
