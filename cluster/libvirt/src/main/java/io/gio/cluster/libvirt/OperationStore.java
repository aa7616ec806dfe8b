package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.OperationState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code lv_operation} table. */
final class OperationStore {

    /** A stored operation. */
    record Row(UUID id, UUID vmId, OpKind kind, String subject, OperationState state, int progress, Instant started,
            Instant estimatedEnd, Optional<Instant> ended, Instant heartbeat, Optional<ClusterException> error) {}

    private static final String COLUMNS = "id, vm_id, kind, subject, state, progress, started_ms, estimated_end_ms,"
            + " ended_ms, heartbeat_ms, error_code, error_message";

    private final DataSource dataSource;

    OperationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Row r) {
        update("INSERT INTO lv_operation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, r.id());
            s.setObject(2, r.vmId());
            s.setString(3, r.kind().name());
            s.setString(4, r.subject());
            s.setString(5, r.state().name());
            s.setInt(6, r.progress());
            s.setLong(7, r.started().toEpochMilli());
            s.setLong(8, r.estimatedEnd().toEpochMilli());
            if (r.ended().isPresent()) {
                s.setLong(9, r.ended().get().toEpochMilli());
            } else {
                s.setNull(9, Types.BIGINT);
            }
            s.setLong(10, r.heartbeat().toEpochMilli());
            s.setNull(11, Types.VARCHAR);
            s.setNull(12, Types.VARCHAR);
        });
    }

    /** Ends a running operation; returns whether it was still running. */
    boolean finish(UUID id, OperationState state, int progress, Instant ended, Optional<ClusterException> error) {
        return update("UPDATE lv_operation SET state = ?, progress = ?, ended_ms = ?, estimated_end_ms = ?,"
                + " error_code = ?, error_message = ? WHERE id = ? AND state = 'RUNNING'", s -> {
                    s.setString(1, state.name());
                    s.setInt(2, progress);
                    s.setLong(3, ended.toEpochMilli());
                    s.setLong(4, ended.toEpochMilli());
                    s.setString(5, error.map(e -> e.code().name()).orElse(null));
                    s.setString(6, error.map(e -> truncate(e.getMessage())).orElse(null));
                    s.setObject(7, id);
                }) > 0;
    }

    void heartbeat(Collection<UUID> ids, Instant now) {
        for (UUID id : ids) {
            update("UPDATE lv_operation SET heartbeat_ms = ? WHERE id = ? AND state = 'RUNNING'", s -> {
                s.setLong(1, now.toEpochMilli());
                s.setObject(2, id);
            });
        }
    }

    /** Running operations whose heartbeat is older than {@code staleBefore}: their gateway died. */
    List<Row> stale(Instant staleBefore) {
        return query("SELECT " + COLUMNS + " FROM lv_operation WHERE state = 'RUNNING' AND heartbeat_ms < ?",
                s -> s.setLong(1, staleBefore.toEpochMilli()));
    }

    Optional<Row> find(UUID id) {
        return query("SELECT " + COLUMNS + " FROM lv_operation WHERE id = ?", s -> s.setObject(1, id))
                .stream().findFirst();
    }

    /** The latest operation of a kind for a caller-chosen ID. */
    Optional<Row> bySubject(OpKind kind, String subject) {
        return query("SELECT " + COLUMNS + " FROM lv_operation WHERE subject = ? AND kind = ? ORDER BY started_ms DESC",
                s -> {
                    s.setString(1, subject);
                    s.setString(2, kind.name());
                }).stream().findFirst();
    }

    /** Subject to start instant of a VM's succeeded operations of a kind. */
    Map<String, Instant> succeeded(UUID vmId, OpKind kind) {
        Map<String, Instant> out = new LinkedHashMap<>();
        query("SELECT " + COLUMNS + " FROM lv_operation WHERE vm_id = ? AND kind = ? AND state = 'SUCCEEDED'", s -> {
            s.setObject(1, vmId);
            s.setString(2, kind.name());
        }).forEach(r -> out.put(r.subject(), r.started()));
        return out;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    private List<Row> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        long ended = rs.getLong("ended_ms");
        Optional<Instant> endedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended));
        String code = rs.getString("error_code");
        Optional<ClusterException> error = code == null ? Optional.empty()
                : Optional.of(new ClusterException(ClusterErrorCode.valueOf(code),
                        Optional.ofNullable(rs.getString("error_message")).orElse("The operation failed.")));
        return new Row(rs.getObject("id", UUID.class), rs.getObject("vm_id", UUID.class),
                OpKind.valueOf(rs.getString("kind")), rs.getString("subject"),
                OperationState.valueOf(rs.getString("state")), rs.getInt("progress"),
                Instant.ofEpochMilli(rs.getLong("started_ms")), Instant.ofEpochMilli(rs.getLong("estimated_end_ms")),
                endedAt, Instant.ofEpochMilli(rs.getLong("heartbeat_ms")), error);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

    private static ClusterException storeFailure(SQLException e) {
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "the gateway's store failed for a libvirt operation: " + e.getMessage(), e);
    }
}
