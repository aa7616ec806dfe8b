package io.gio.migration;

import io.gio.cluster.spi.PowerState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/** mig_migration, mig_event and mig_setting. */
final class MigrationStore {

    private static final String COLUMNS = "id, vm_id, vm_name, source_stamp_id, source_volume_id, source_power_state,"
            + " target_stamp_id, target_volume_id, target_volume_pinned, target_vm_id, link_id, strategy_requested, strategy, convert_to_vhdx,"
            + " target_cpu_count, target_memory_mb, target_networks, not_before, cutover_mode, cutover_requested, state, step, phase,"
            + " outcome, error, progress, bytes_total, bytes_transferred, bytes_done, transfer_seq, transfer_id, transfer_kind, previous_transfer_id, transfer_bytes, transfer_converting, last_transfer_bytes, chain_digest,"
            + " fabric_operation_id, source_stopped_at, target_running_at, downtime_millis, estimated_completion,"
            + " attempts, retry_at, reserved_bytes, reserved_memory_mb, created, updated, completed_at, ended_at, version";

    private final Jdbi jdbi;

    MigrationStore(DataSource dataSource) {
        MigrationSchema.migrate(dataSource);
        this.jdbi = Jdbi.create(dataSource);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    void insert(MigrationRow r, String message) {
        jdbi.useTransaction(h -> {
            String params = Arrays.stream(COLUMNS.split(",")).map(c -> ":" + c.trim()).collect(Collectors.joining(", "));
            bind(h.createUpdate("INSERT INTO mig_migration (" + COLUMNS + ") VALUES (" + params + ")"), r).execute();
            event(h, r, message);
        });
    }

    /**
     * Stores the row if nobody changed it since it was read (its version), with an event when
     * {@code message} is present; false when it lost the race. Bumps the row's version on success.
     */
    boolean update(MigrationRow r, Optional<String> message) {
        return jdbi.inTransaction(h -> {
            String sets = Arrays.stream(COLUMNS.split(",")).map(String::trim).filter(c -> !c.equals("id"))
                    .map(c -> c.equals("version") ? "version = :version + 1" : c + " = :" + c)
                    .collect(Collectors.joining(", "));
            int n = bind(h.createUpdate("UPDATE mig_migration SET " + sets + " WHERE id = :id AND version = :version"), r)
                    .execute();
            if (n != 1) {
                return false;
            }
            r.version++;
            message.ifPresent(m -> event(h, r, m));
            return true;
        });
    }

    Optional<MigrationRow> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM mig_migration WHERE id = :id")
                .bind("id", id).map(MigrationStore::row).findOne());
    }

    /** Every migration that is not final, oldest first. */
    List<MigrationRow> open() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM mig_migration"
                        + " WHERE state NOT IN ('Committed', 'RolledBack', 'Failed', 'Cancelled') ORDER BY created, id")
                .map(MigrationStore::row).list());
    }

    /** The {@code limit} migrations that ended last (Committed, RolledBack, Failed, Cancelled), newest first. */
    List<MigrationRow> recentlyEnded(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM mig_migration"
                        + " WHERE state IN ('Committed', 'RolledBack', 'Failed', 'Cancelled') ORDER BY updated DESC, id"
                        + " LIMIT :limit")
                .bind("limit", limit).map(MigrationStore::row).list());
    }

    /** What the scheduler needs of every open migration, without the rest of the row. */
    List<Scheduler.Entry> entries() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, state, step, transfer_converting, not_before, bytes_total, target_stamp_id, target_volume_pinned,"
                        + " source_volume_id, target_volume_id, link_id, reserved_bytes, estimated_completion, transfer_id, retry_at FROM mig_migration"
                        + " WHERE state NOT IN ('Committed', 'RolledBack', 'Failed', 'Cancelled')")
                .map((rs, ctx) -> new Scheduler.Entry(rs.getObject("id", UUID.class),
                        MigrationState.fromWire(rs.getString("state")).orElseThrow(),
                        Step.valueOf(rs.getString("step")) == Step.COPY && !rs.getBoolean("transfer_converting"),
                        instant(rs, "not_before"), rs.getLong("bytes_total"), rs.getObject("source_volume_id", UUID.class),
                        rs.getObject("target_volume_id", UUID.class),
                        Optional.ofNullable(rs.getObject("link_id", UUID.class)), rs.getLong("reserved_bytes"),
                        Optional.ofNullable(instant(rs, "estimated_completion")),
                        Optional.ofNullable(rs.getObject("transfer_id", UUID.class)),
                        Optional.ofNullable(instant(rs, "retry_at")), rs.getObject("target_stamp_id", UUID.class),
                        rs.getBoolean("target_volume_pinned")))
                .list());
    }

    /** The rows of these migrations, oldest first. */
    List<MigrationRow> rows(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> all = List.copyOf(ids);
        List<MigrationRow> rows = new java.util.ArrayList<>();
        jdbi.useHandle(h -> {
            for (int from = 0; from < all.size(); from += 500) {
                rows.addAll(h.createQuery("SELECT " + COLUMNS + " FROM mig_migration WHERE id IN (<ids>)")
                        .bindList("ids", all.subList(from, Math.min(all.size(), from + 500)))
                        .map(MigrationStore::row).list());
            }
        });
        rows.sort(java.util.Comparator.comparing((MigrationRow r) -> r.created).thenComparing(r -> r.id));
        return rows;
    }

    /** Stores estimates of queued migrations (advisory: no version check, no timeline entry). */
    void estimates(Map<UUID, Instant> estimates) {
        if (estimates.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            var batch = h.prepareBatch("UPDATE mig_migration SET estimated_completion = :eta"
                    + " WHERE id = :id AND state = 'Scheduled'");
            estimates.forEach((id, eta) -> batch.bind("eta", ts(eta)).bind("id", id).add());
            batch.execute();
        });
    }

    /** The migration that holds a VM (as source or target), if any. */
    Optional<MigrationRow> holding(UUID vmId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM mig_migration"
                        + " WHERE (vm_id = :vm OR target_vm_id = :vm)"
                        + " AND state NOT IN ('Committed', 'RolledBack', 'Failed', 'Cancelled')")
                .bind("vm", vmId).map(MigrationStore::row).findFirst());
    }

    List<MigrationEvent> events(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT migration_id, seq, at, state, message FROM mig_event"
                        + " WHERE migration_id = :id ORDER BY seq")
                .bind("id", id)
                .map((rs, ctx) -> new MigrationEvent(rs.getObject(1, UUID.class), rs.getInt(2), instant(rs, "at"),
                        MigrationState.fromWire(rs.getString(4)).orElseThrow(), rs.getString(5)))
                .list());
    }

    Map<String, String> settings() {
        return jdbi.withHandle(h -> {
            Map<String, String> out = new HashMap<>();
            h.createQuery("SELECT name, setting_value FROM mig_setting")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    /**
     * Wakes the completed migrations that wait for their retention period to end, so that the next
     * pass measures it again (after the operator changed it).
     */
    void wakeRetentionWaits() {
        jdbi.useHandle(h -> h.createUpdate("UPDATE mig_migration SET retry_at = NULL WHERE state = :state AND step = :step")
                .bind("state", MigrationState.COMPLETED.wireName()).bind("step", Step.WAIT.name()).execute());
    }

    void replaceSettings(Map<String, String> settings) {
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM mig_setting");
            settings.forEach((k, v) -> h.createUpdate("INSERT INTO mig_setting (name, setting_value) VALUES (:n, :v)")
                    .bind("n", k).bind("v", v).execute());
        });
    }

    private static void event(Handle h, MigrationRow r, String message) {
        int seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM mig_event WHERE migration_id = :id")
                .bind("id", r.id).mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO mig_event (migration_id, seq, at, state, message) VALUES (:id, :seq, :at, :state, :msg)")
                .bind("id", r.id).bind("seq", seq).bind("at", ts(r.updated)).bind("state", r.state.wireName())
                .bind("msg", message.length() > 2000 ? message.substring(0, 2000) : message).execute();
    }

    private static Update bind(Update u, MigrationRow r) {
        return u.bind("id", r.id).bind("vm_id", r.vmId).bind("vm_name", r.vmName).bind("source_stamp_id", r.sourceStampId)
                .bind("source_volume_id", r.sourceVolumeId).bind("source_power_state", r.sourcePowerState.name())
                .bind("target_stamp_id", r.targetStampId).bind("target_volume_id", r.targetVolumeId)
                .bind("target_volume_pinned", r.targetVolumePinned)
                .bind("target_vm_id", r.targetVmId).bindByType("link_id", r.linkId, UUID.class)
                .bind("strategy_requested", r.strategyRequested.wireName()).bind("strategy", r.strategy.wireName())
                .bind("convert_to_vhdx", r.convertToVhdx).bind("target_cpu_count", r.targetCpuCount)
                .bind("target_memory_mb", r.targetMemoryMb)
                .bind("target_networks", r.targetNetworks.stream().map(UUID::toString).collect(Collectors.joining(",")))
                .bind("not_before", ts(r.notBefore)).bind("cutover_mode", r.cutoverMode.wireName())
                .bind("cutover_requested", r.cutoverRequested)
                .bind("state", r.state.wireName()).bind("step", r.step.name()).bind("phase", clip(r.phase, 400))
                .bind("outcome", r.outcome == null ? null : r.outcome.wireName()).bind("error", clip(r.error, 2000))
                .bind("bytes_total", r.bytesTotal).bind("progress", r.progress())
                .bind("bytes_transferred", r.bytesDone + r.transferBytes).bind("bytes_done", r.bytesDone).bind("transfer_seq", r.transferSeq)
                .bindByType("transfer_id", r.transferId, UUID.class)
                .bind("transfer_kind", r.transferKind == null ? null : r.transferKind.name())
                .bindByType("previous_transfer_id", r.previousTransferId, UUID.class).bind("transfer_bytes", r.transferBytes)
                .bind("last_transfer_bytes", r.lastTransferBytes).bind("transfer_converting", r.transferConverting)
                .bind("chain_digest", r.chainDigest).bindByType("fabric_operation_id", r.fabricOperationId, UUID.class)
                .bind("source_stopped_at", ts(r.sourceStoppedAt)).bind("target_running_at", ts(r.targetRunningAt))
                .bindByType("downtime_millis", r.downtimeMillis, Long.class)
                .bind("estimated_completion", ts(r.estimatedCompletion)).bind("attempts", r.attempts)
                .bind("retry_at", ts(r.retryAt)).bind("reserved_bytes", r.reservedBytes)
                .bind("reserved_memory_mb", r.reservedMemoryMb).bind("created", ts(r.created))
                .bind("updated", ts(r.updated)).bind("completed_at", ts(r.completedAt)).bind("ended_at", ts(r.endedAt))
                .bind("version", r.version);
    }

    private static MigrationRow row(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        MigrationRow r = new MigrationRow();
        r.id = rs.getObject("id", UUID.class);
        r.vmId = rs.getObject("vm_id", UUID.class);
        r.vmName = rs.getString("vm_name");
        r.sourceStampId = rs.getObject("source_stamp_id", UUID.class);
        r.sourceVolumeId = rs.getObject("source_volume_id", UUID.class);
        r.sourcePowerState = PowerState.valueOf(rs.getString("source_power_state"));
        r.targetStampId = rs.getObject("target_stamp_id", UUID.class);
        r.targetVolumeId = rs.getObject("target_volume_id", UUID.class);
        r.targetVolumePinned = rs.getBoolean("target_volume_pinned");
        r.targetVmId = rs.getObject("target_vm_id", UUID.class);
        r.linkId = rs.getObject("link_id", UUID.class);
        r.strategyRequested = Strategy.fromWire(rs.getString("strategy_requested")).orElseThrow();
        r.strategy = Strategy.fromWire(rs.getString("strategy")).orElseThrow();
        r.convertToVhdx = rs.getBoolean("convert_to_vhdx");
        r.targetCpuCount = rs.getInt("target_cpu_count");
        r.targetMemoryMb = rs.getInt("target_memory_mb");
        String nets = rs.getString("target_networks");
        r.targetNetworks = nets.isEmpty() ? List.of() : Arrays.stream(nets.split(",")).map(UUID::fromString).toList();
        r.notBefore = instant(rs, "not_before");
        r.cutoverMode = CutoverMode.fromWire(rs.getString("cutover_mode")).orElseThrow();
        r.cutoverRequested = rs.getBoolean("cutover_requested");
        r.state = MigrationState.fromWire(rs.getString("state")).orElseThrow();
        r.step = Step.valueOf(rs.getString("step"));
        r.phase = rs.getString("phase");
        String outcome = rs.getString("outcome");
        r.outcome = outcome == null ? null : MigrationState.fromWire(outcome).orElseThrow();
        r.error = rs.getString("error");
        r.bytesTotal = rs.getLong("bytes_total");
        r.bytesDone = rs.getLong("bytes_done");
        r.transferSeq = rs.getInt("transfer_seq");
        r.transferId = rs.getObject("transfer_id", UUID.class);
        String kind = rs.getString("transfer_kind");
        r.transferKind = kind == null ? null : io.gio.cluster.spi.TransferKind.valueOf(kind);
        r.previousTransferId = rs.getObject("previous_transfer_id", UUID.class);
        r.transferBytes = rs.getLong("transfer_bytes");
        r.lastTransferBytes = rs.getLong("last_transfer_bytes");
        r.transferConverting = rs.getBoolean("transfer_converting");
        r.chainDigest = rs.getString("chain_digest");
        r.fabricOperationId = rs.getObject("fabric_operation_id", UUID.class);
        r.sourceStoppedAt = instant(rs, "source_stopped_at");
        r.targetRunningAt = instant(rs, "target_running_at");
        long downtime = rs.getLong("downtime_millis");
        r.downtimeMillis = rs.wasNull() ? null : downtime;
        r.estimatedCompletion = instant(rs, "estimated_completion");
        r.attempts = rs.getInt("attempts");
        r.retryAt = instant(rs, "retry_at");
        r.reservedBytes = rs.getLong("reserved_bytes");
        r.reservedMemoryMb = rs.getLong("reserved_memory_mb");
        r.created = instant(rs, "created");
        r.updated = instant(rs, "updated");
        r.completedAt = instant(rs, "completed_at");
        r.endedAt = instant(rs, "ended_at");
        r.version = rs.getLong("version");
        return r;
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
