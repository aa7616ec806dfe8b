package io.gio.spf.jobs;

import static io.gio.spf.store.SpfStore.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** VMM jobs as rows: created when a command is accepted, advanced by {@link JobRunner}. */
public final class JobStore {

    /** A job that still waits on a fabric operation. */
    public record OpenJob(UUID id, UUID targetId, UUID fabricOperationId, String action) {}

    private final Jdbi jdbi;

    public JobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a new running job. */
    public void create(UUID id, UUID stampId, String name, String cmdlet, String action, UUID targetId,
            String targetType, String targetName, String owner, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO vmm_job (id, stamp_id, name, cmdlet_name, action,"
                        + " target_object_id, target_object_type, target_name, status, progress_value, is_completed,"
                        + " start_time, owner) VALUES (:id, :stamp, :name, :cmdlet, :action, :target, :type, :tname,"
                        + " 'Running', 0, FALSE, :now, :owner)")
                .bind("id", id).bind("stamp", stampId).bind("name", name).bind("cmdlet", cmdlet)
                .bind("action", action).bind("target", targetId).bind("type", targetType)
                .bind("tname", targetName).bind("now", utc(now)).bind("owner", owner)
                .execute());
    }

    public void attachOperation(UUID jobId, UUID fabricOperationId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_job SET fabric_op_id = :op WHERE id = :id")
                .bind("op", fabricOperationId).bind("id", jobId).execute());
    }

    public void progress(UUID jobId, int progress) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_job SET progress_value = :p WHERE id = :id AND NOT is_completed")
                .bind("p", progress).bind("id", jobId).execute());
    }

    /** Marks the job completed; returns false when it already was. */
    public boolean complete(UUID jobId, Instant end) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE vmm_job SET status = 'Completed', progress_value = 100,"
                        + " is_completed = TRUE, end_time = :end WHERE id = :id AND NOT is_completed")
                .bind("end", utc(end)).bind("id", jobId).execute()) == 1;
    }

    /** Marks the job failed with a VMM-style error; returns false when it already was completed. */
    public boolean fail(UUID jobId, String code, String message, Instant end) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE vmm_job SET status = 'Failed', is_completed = TRUE,"
                        + " end_time = :end, error_code = :code, error_message = :msg WHERE id = :id AND NOT is_completed")
                .bind("end", utc(end)).bind("code", code).bind("msg", message).bind("id", jobId)
                .execute()) == 1;
    }

    public List<OpenJob> open() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, target_object_id, fabric_op_id, action FROM vmm_job"
                        + " WHERE NOT is_completed AND fabric_op_id IS NOT NULL")
                .map((rs, ctx) -> new OpenJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4)))
                .list());
    }

    public Optional<Boolean> isCompleted(UUID jobId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT is_completed FROM vmm_job WHERE id = :id")
                .bind("id", jobId).mapTo(Boolean.class).findOne());
    }
}
