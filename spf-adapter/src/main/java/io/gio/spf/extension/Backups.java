package io.gio.spf.extension;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.BackupSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricBackup;
import io.gio.cluster.spi.FabricOperation;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.VmJobs;
import io.gio.spf.vm.VmRecord;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full backups of VMs' disks (the paid option, {@code GIO.VMBackup}). A backup is listed at once
 * as {@code Creating} while its job copies the disks, then {@code Available} until it expires
 * after its retention or is deleted. A running VM keeps running: its backup is crash-consistent.
 * Restoring needs the VM stopped (the job fails otherwise, as a resize does) and discards the
 * VM's checkpoints.
 */
public final class Backups {

    /** Job action of every backup job; its end triggers {@link #jobEnded(UUID, boolean)}. */
    public static final String ACTION = "Backup";
    public static final int DEFAULT_RETENTION_DAYS = 14;
    public static final int MAX_RETENTION_DAYS = 3_650;

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);

    /** A backup being taken and its job. */
    public record Created(UUID backupId, UUID stampId, UUID jobId) {}

    private record Row(UUID vmId, String status, UUID jobId) {}

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final VmStore vms;
    private final VmJobs vmJobs;
    private final Clock clock;

    public Backups(Jdbi jdbi, ClusterDriver driver, VmStore vms, VmJobs vmJobs, Clock clock) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.vms = vms;
        this.vmJobs = vmJobs;
        this.clock = clock;
    }

    public Created create(UUID vmId, UUID stampId, Optional<String> name, Optional<String> description,
            OptionalInt retentionDays, String principal) {
        VmRecord vm = vms.find(vmId, stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine with ID " + vmId + " on stamp " + stampId + " was not found."));
        int retention = retentionDays.orElse(DEFAULT_RETENTION_DAYS);
        if (retention < 1 || retention > MAX_RETENTION_DAYS) {
            throw SpfException.badRequest("RetentionDays must be between 1 and " + MAX_RETENTION_DAYS + ", not "
                    + retention + ".");
        }
        Instant now = clock.instant();
        String n = name.map(String::trim).orElse(vm.name() + " " + now.toString().substring(0, 16).replace('T', ' '));
        if (n.isEmpty() || n.length() > 256) {
            throw SpfException.badRequest("Name must be 1 to 256 characters long.");
        }
        BackupSupport support = support();
        UUID id = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO gio_backup (id, stamp_id, vm_id, vm_name, name, description,"
                        + " status, retention_days, created, most_recent_task_id) VALUES (:id, :stamp, :vm, :vmName, :name,"
                        + " :desc, 'Creating', :retention, :now, :job)")
                .bind("id", id).bind("stamp", stampId).bind("vm", vmId).bind("vmName", vm.name()).bind("name", n)
                .bind("desc", description.orElse(null)).bind("retention", retention).bind("now", utc(now))
                .bind("job", jobId).execute());
        run(jobId, vm, "Back up virtual machine", "New-GIOVMBackup", principal, () -> support.create(vmId, id));
        return new Created(id, stampId, jobId);
    }

    public UUID restore(UUID backupId, UUID stampId, String principal) {
        Row b = find(backupId, stampId);
        if (!"Available".equals(b.status())) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The backup " + backupId + " is " + b.status()
                    + "; only an Available backup can be restored.");
        }
        VmRecord vm = vms.find(b.vmId(), stampId).orElseThrow();
        BackupSupport support = support();
        UUID jobId = UUID.randomUUID();
        setStatus(backupId, "Restoring", jobId);
        run(jobId, vm, "Restore virtual machine from backup", "Restore-GIOVMBackup", principal,
                () -> support.restore(b.vmId(), backupId));
        return jobId;
    }

    /** The backup's status; NOT_FOUND when this service does not have it. */
    public String status(UUID backupId, UUID stampId) {
        return find(backupId, stampId).status();
    }

    /** Deletes an Available or Failed backup at once. */
    public void delete(UUID backupId, UUID stampId) {
        Row b = find(backupId, stampId);
        if (b.status().equals("Creating") || b.status().equals("Restoring")) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The backup " + backupId + " is " + b.status()
                    + "; delete it when its job has ended.");
        }
        remove(b.vmId(), backupId);
    }

    /** Removes the backups whose retention has passed; returns how many. */
    public int expire() {
        Instant now = clock.instant();
        List<Map.Entry<UUID, UUID>> due = jdbi.withHandle(h -> h.createQuery("SELECT id, vm_id FROM gio_backup"
                        + " WHERE status = 'Available' AND expires <= :now")
                .bind("now", utc(now))
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list());
        for (Map.Entry<UUID, UUID> b : due) {
            remove(b.getValue(), b.getKey());
            LOG.info("backup {} of VM {} expired and was deleted", b.getKey(), b.getValue());
        }
        return due.size();
    }

    /**
     * Brings the backup a job worked on in line with the fabric once the job has ended: a new
     * backup becomes Available (or Failed), a restored one Available again.
     */
    public void jobEnded(UUID jobId, boolean succeeded) {
        Optional<Map.Entry<UUID, Row>> row = jdbi.withHandle(h -> h.createQuery("SELECT id, vm_id, status,"
                        + " most_recent_task_id FROM gio_backup WHERE most_recent_task_id = :job")
                .bind("job", jobId)
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), new Row(rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getObject(4, UUID.class))))
                .findOne());
        if (row.isEmpty()) {
            return;
        }
        UUID id = row.get().getKey();
        Row b = row.get().getValue();
        if (b.status().equals("Restoring")) {
            setStatus(id, "Available", jobId);
            return;
        }
        Optional<FabricBackup> done = succeeded
                ? support().list(b.vmId()).stream().filter(f -> f.id().equals(id)).findFirst() : Optional.empty();
        if (done.isPresent()) {
            available(id, done.get());
        } else {
            setStatus(id, "Failed", jobId);
        }
    }

    private void available(UUID id, FabricBackup done) {
        jdbi.useHandle(h -> {
            int days = h.createQuery("SELECT retention_days FROM gio_backup WHERE id = :id").bind("id", id)
                    .mapTo(Integer.class).one();
            h.createUpdate("UPDATE gio_backup SET status = 'Available', consistency = :c, size_bytes = :size,"
                            + " completed = :done, expires = :expires WHERE id = :id")
                    .bind("c", switch (done.consistency()) {
                        case CRASH_CONSISTENT -> "CrashConsistent";
                        case CONSISTENT -> "Consistent";
                    })
                    .bind("size", done.sizeBytes()).bind("done", utc(done.completed()))
                    .bind("expires", utc(done.completed().plus(Duration.ofDays(days)))).bind("id", id).execute();
        });
    }

    private void remove(UUID vmId, UUID backupId) {
        try {
            support().delete(vmId, backupId);
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.NOT_FOUND) {
                throw SpfException.fromFabric(e);
            }
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM gio_backup WHERE id = :id").bind("id", backupId).execute());
    }

    private void setStatus(UUID id, String status, UUID jobId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE gio_backup SET status = :s, most_recent_task_id = :job WHERE id = :id")
                .bind("s", status).bind("job", jobId).bind("id", id).execute());
    }

    private void run(UUID jobId, VmRecord vm, String jobName, String cmdlet, String principal,
            Supplier<FabricOperation> start) {
        vmJobs.start(jobId, vm, vm.name(), new VmJobs.Kind(jobName, cmdlet, ACTION), principal, start,
                () -> jobEnded(jobId, false));
    }

    private Row find(UUID backupId, UUID stampId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT vm_id, status, most_recent_task_id FROM gio_backup"
                        + " WHERE id = :id AND stamp_id = :stamp")
                .bind("id", backupId).bind("stamp", stampId)
                .map((rs, ctx) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class)))
                .findOne())
                .orElseThrow(() -> SpfException.notFound("The backup " + backupId + " on stamp " + stampId
                        + " was not found."));
    }

    private BackupSupport support() {
        return driver.backups().orElseThrow(() -> new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED,
                "The '" + driver.name() + "' fabric does not offer backups."));
    }
}
