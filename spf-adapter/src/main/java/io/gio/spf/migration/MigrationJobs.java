package io.gio.spf.migration;

import io.gio.migration.Migration;
import io.gio.migration.MigrationCommand;
import io.gio.migration.MigrationState;
import io.gio.spf.jobs.JobStore;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Migrations as VMM jobs, for clients that only poll {@code Jobs}. Each migration has one job from
 * its request on, named after its current phase ({@code Migrate virtual machine: Precopying}) with
 * its progress; it completes when the migration completes and fails when it fails or is cancelled.
 * Each tenant command ({@code Cutover}, {@code Cancel}, {@code Rollback}, {@code Commit}) has a job
 * of its own that ends when the command's effect is reached (Completed, Cancelled, RolledBack,
 * Committed) or cannot be any more. These jobs have no fabric operation: the job runner leaves
 * them alone, and they are brought in line with the migration here.
 */
final class MigrationJobs {

    /** Job action of every migration job. */
    static final String ACTION = "Migrate";
    static final String CMDLET = "Move-SCVirtualMachine";
    static final String NAME = "Migrate virtual machine";

    private static final Set<MigrationState> ENDED = EnumSet.of(MigrationState.COMMITTED, MigrationState.ROLLED_BACK,
            MigrationState.FAILED, MigrationState.CANCELLED);

    private final Jdbi jdbi;
    private final JobStore jobs;
    private final Clock clock;

    MigrationJobs(Jdbi jdbi, JobStore jobs, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The job of a new migration, running from now. */
    void create(UUID jobId, UUID stampId, UUID vmId, String vmName, String principal) {
        jobs.create(jobId, stampId, NAME + ": " + MigrationState.SCHEDULED.wireName(), CMDLET, ACTION, vmId, "VM", vmName,
                principal, clock.instant());
    }

    /** The job of a tenant's command. */
    void createCommand(UUID jobId, MigrationCommand c, UUID stampId, UUID vmId, String vmName, String principal) {
        jobs.create(jobId, stampId, commandName(c), CMDLET, ACTION, vmId, "VM", vmName, principal, clock.instant());
    }

    /** Removes a job whose request was refused after all. */
    void delete(UUID jobId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM vmm_job WHERE id = :id").bind("id", jobId).execute());
    }

    /** Ends a command job that a newer command replaced before its effect was reached. */
    void supersede(UUID jobId) {
        jobs.complete(jobId, clock.instant());
    }

    /** Brings a migration's jobs in line with it; true when none of them runs any more. */
    boolean sync(MigrationFacts.Row f, Migration m) {
        boolean mainOpen = follow(f.jobId(), NAME, m, mainOutcome(m));
        boolean commandOpen = false;
        if (f.commandJobId() != null) {
            MigrationCommand c = MigrationCommand.fromWire(f.command()).orElse(MigrationCommand.CUTOVER);
            commandOpen = follow(f.commandJobId(), commandName(c), m, commandOutcome(c, m));
        }
        return !mainOpen && !commandOpen;
    }

    /** Empty while the job runs; true when it succeeded, false when it failed. */
    private static Optional<Boolean> mainOutcome(Migration m) {
        if (m.state() == MigrationState.COMPLETED || m.state() == MigrationState.COMMITTED
                || m.completedAt().isPresent()) {
            return Optional.of(true);
        }
        return ENDED.contains(m.state()) ? Optional.of(false) : Optional.empty();
    }

    private static Optional<Boolean> commandOutcome(MigrationCommand c, Migration m) {
        MigrationState s = m.state();
        MigrationState goal = switch (c) {
            case CUTOVER -> MigrationState.COMPLETED;
            case CANCEL -> MigrationState.CANCELLED;
            case ROLLBACK -> MigrationState.ROLLED_BACK;
            case COMMIT -> MigrationState.COMMITTED;
        };
        if (s == goal || (c == MigrationCommand.CUTOVER && s == MigrationState.COMMITTED)) {
            return Optional.of(true);
        }
        return ENDED.contains(s) ? Optional.of(false) : Optional.empty();
    }

    /** Returns whether the job still runs afterwards. */
    private boolean follow(UUID jobId, String name, Migration m, Optional<Boolean> outcome) {
        if (jobs.isCompleted(jobId).orElse(true)) {
            return false;
        }
        if (outcome.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_job SET name = :n, progress_value = :p"
                            + " WHERE id = :id AND NOT is_completed AND (name <> :n OR progress_value <> :p)")
                    .bind("n", clip(name + ": " + m.state().wireName())).bind("p", m.progress()).bind("id", jobId)
                    .execute());
            return true;
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_job SET name = :n WHERE id = :id AND NOT is_completed")
                .bind("n", clip(name + ": " + m.state().wireName())).bind("id", jobId).execute());
        if (outcome.get()) {
            jobs.complete(jobId, m.updated());
        } else {
            String code = switch (m.state()) {
                case CANCELLED -> "MIGRATION_CANCELLED";
                case ROLLED_BACK -> "MIGRATION_ROLLED_BACK";
                case COMMITTED -> "MIGRATION_COMMITTED";
                default -> "MIGRATION_FAILED";
            };
            jobs.fail(jobId, code, "Migration " + m.id() + " of virtual machine " + m.vmName() + " is "
                    + m.state().wireName() + ": " + m.error().orElse(m.phase()), m.updated());
        }
        return false;
    }

    static String commandName(MigrationCommand c) {
        return switch (c) {
            case CUTOVER -> "Cut over migration of virtual machine";
            case CANCEL -> "Cancel migration of virtual machine";
            case ROLLBACK -> "Roll back migration of virtual machine";
            case COMMIT -> "Commit migration of virtual machine";
        };
    }

    private static String clip(String s) {
        return s.length() <= 256 ? s : s.substring(0, 256);
    }
}
