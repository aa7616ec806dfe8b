package io.gio.spf.migration;

import static io.gio.spf.store.SpfStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** gio_migration: what VMM knows about each migration beyond the engine's state. */
final class MigrationFacts {

    /** One row. {@code command} and {@code commandJobId} belong to the latest tenant command, if any. */
    record Row(UUID id, UUID sourceStampId, UUID targetStampId, UUID vmId, String vmName, UUID sourceCloudId,
            UUID targetCloudId, UUID subscriptionId, String ownerUser, String requestedBy, UUID jobId,
            String command, UUID commandJobId, boolean settled) {}

    private static final String COLUMNS = "id, source_stamp_id, target_stamp_id, vm_id, vm_name, source_cloud_id,"
            + " target_cloud_id, subscription_id, owner_user, requested_by, job_id, command, command_job_id, settled";

    private final Jdbi jdbi;

    MigrationFacts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Row r, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO gio_migration (" + COLUMNS + ", created) VALUES (:id, :ss,"
                        + " :ts, :vm, :vmName, :sc, :tc, :sub, :owner, :by, :job, NULL, NULL, FALSE, :now)")
                .bind("id", r.id()).bind("ss", r.sourceStampId()).bind("ts", r.targetStampId()).bind("vm", r.vmId())
                .bind("vmName", r.vmName()).bindByType("sc", r.sourceCloudId(), UUID.class)
                .bind("tc", r.targetCloudId()).bindByType("sub", r.subscriptionId(), UUID.class)
                .bind("owner", r.ownerUser()).bind("by", r.requestedBy()).bind("job", r.jobId())
                .bind("now", utc(now)).execute());
    }

    void delete(UUID id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM gio_migration WHERE id = :id").bind("id", id).execute());
    }

    Optional<Row> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM gio_migration WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Migrations whose VMM view and jobs may still change. */
    List<Row> unsettled() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM gio_migration WHERE NOT settled")
                .map((rs, ctx) -> row(rs)).list());
    }

    void command(UUID id, String command, UUID jobId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE gio_migration SET command = :c, command_job_id = :job WHERE id = :id")
                .bindByType("c", command, String.class).bindByType("job", jobId, UUID.class).bind("id", id).execute());
    }

    void settle(UUID id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE gio_migration SET settled = TRUE WHERE id = :id").bind("id", id)
                .execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("source_stamp_id", UUID.class),
                rs.getObject("target_stamp_id", UUID.class), rs.getObject("vm_id", UUID.class), rs.getString("vm_name"),
                rs.getObject("source_cloud_id", UUID.class), rs.getObject("target_cloud_id", UUID.class),
                rs.getObject("subscription_id", UUID.class), rs.getString("owner_user"), rs.getString("requested_by"),
                rs.getObject("job_id", UUID.class), rs.getString("command"), rs.getObject("command_job_id", UUID.class),
                rs.getBoolean("settled"));
    }
}
