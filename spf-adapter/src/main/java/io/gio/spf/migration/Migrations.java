package io.gio.spf.migration;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.migration.CutoverMode;
import io.gio.migration.Migration;
import io.gio.migration.MigrationCommand;
import io.gio.migration.MigrationEngine;
import io.gio.migration.MigrationException;
import io.gio.migration.MigrationListener;
import io.gio.migration.MigrationRequest;
import io.gio.migration.MigrationState;
import io.gio.migration.Strategy;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.JobStore;
import io.gio.spf.query.Scope;
import io.gio.spf.tenancy.Quotas;
import io.gio.spf.tenancy.Subscriptions;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrations as the API offers them ({@code GIO.Migrations}), over the {@link MigrationEngine}:
 * requests checked in the caller's scope ({@link MigrationTargets}) and mapped from clouds to
 * stamps, the VMM-side facts of each migration ({@code gio_migration}), tenant commands, the VMM
 * jobs and view that mirror each migration ({@link MigrationMirror}), and the refusal of changes to
 * a VM a migration holds. Nothing here waits for a migration: its job shows how it goes.
 */
public final class Migrations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** While a migration is in one of these states, its source VM may not be changed. */
    private static final Set<MigrationState> SOURCE_HELD = EnumSet.of(MigrationState.CUTTING_OVER,
            MigrationState.VERIFYING, MigrationState.COMPLETED, MigrationState.ROLLING_BACK);
    /** While a migration is in one of these states, its target VM may not be changed. */
    private static final Set<MigrationState> TARGET_HELD = EnumSet.of(MigrationState.CUTTING_OVER,
            MigrationState.VERIFYING, MigrationState.ROLLING_BACK);

    /** A scheduled migration and the job that mirrors it. */
    public record Scheduled(UUID migrationId, UUID stampId, UUID jobId) {}

    private final Quotas quotas;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final MigrationFacts facts;
    private final MigrationTargets targets;
    private final MigrationJobs jobs;
    private final MigrationMirror mirror;
    private final VmStore vms;
    private final MigrationEngine engine;
    private ScheduledFuture<?> task;
    private final ClusterDriver driver;
    private final UsageHistory history = new UsageHistory();

    public Migrations(DataSource dataSource, Jdbi jdbi, ClusterDriver driver, Clock clock,
            ScheduledExecutorService scheduler, JobStore jobStore, VmStore vms, Subscriptions subscriptions,
            Quotas quotas) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.vms = vms;
        this.driver = driver;
        this.facts = new MigrationFacts(jdbi);
        this.quotas = quotas;
        this.targets = new MigrationTargets(jdbi, subscriptions, quotas);
        this.jobs = new MigrationJobs(jdbi, jobStore, clock);
        this.mirror = new MigrationMirror(facts, jobs, new MigrationView(jdbi, driver, vms, clock));
        this.engine = new MigrationEngine(dataSource, driver, clock, scheduler, mirror, new GuaranteedBandwidth(jdbi));
    }

    /** What migrations used of links and volumes over the last hour, sampled by the running passes. */
    public UsageHistory history() {
        return history;
    }

    /** The engine, for the operator's settings and queue. */
    public MigrationEngine engine() {
        return engine;
    }

    /**
     * Runs the engine's pass, then brings the VMM jobs and view in line, every {@code period} of
     * real time.
     */
    public synchronized void start(Duration period) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::pass, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One pass: the engine's, then the mirror's. Public so tests can drive it on a virtual clock. */
    public void tick() {
        engine.tick();
        mirror.sync(engine);
    }

    private void pass() {
        try {
            tick();
            history.maybeSample(Instant.now(), driver, engine); // real time: the operator's charts are
        } catch (RuntimeException e) {
            LOG.warn("migration pass failed: {}", e.toString());
        }
    }

    /**
     * Checks and schedules a migration in the caller's scope. NOT_FOUND for a VM or cloud the scope
     * does not see, BAD_REQUEST for invalid input (and whatever the engine refuses as invalid),
     * FORBIDDEN when the target's plan does not offer migration, CONFLICT when the VM is migrating.
     */
    public Scheduled schedule(MigrationInput in, Scope scope, String principal) {
        Strategy strategy = in.strategy().map(s -> Strategy.fromWire(s.trim()).orElseThrow(() -> invalid("Strategy", s,
                Arrays.stream(Strategy.values()).map(Strategy::wireName)))).orElse(Strategy.AUTO);
        CutoverMode mode = in.cutoverMode().map(s -> CutoverMode.fromWire(s.trim()).orElseThrow(() -> invalid(
                "CutoverMode", s, Arrays.stream(CutoverMode.values()).map(CutoverMode::wireName))))
                .orElse(CutoverMode.AUTOMATIC);
        UUID jobId = UUID.randomUUID();
        MigrationTargets.Target t = targets.resolve(in, scope, jobId);
        try {
            return schedule(in, t, jobId, strategy, mode, principal);
        } catch (RuntimeException e) {
            quotas.settle(jobId); // never scheduled: the hold on the target's quotas goes
            throw e;
        }
    }

    private Scheduled schedule(MigrationInput in, MigrationTargets.Target t, UUID jobId, Strategy strategy,
            CutoverMode mode, String principal) {
        UUID id = UUID.randomUUID();
        MigrationFacts.Row row = new MigrationFacts.Row(id, t.vm().stampId(), t.stampId(), t.vm().id(), t.vm().name(),
                t.vm().cloudId(), t.cloudId(), t.viaSubscription().orElse(null), t.vm().ownerUser(), principal, jobId,
                null, null, false);
        // The facts and the job first, so that the engine's first change finds them; a crash before the
        // engine's row leaves facts that list nothing.
        facts.insert(row, clock.instant());
        jobs.create(jobId, t.vm().stampId(), t.vm().id(), t.vm().name(), principal);
        Migration m;
        try {
            m = engine.schedule(new MigrationRequest(id, t.vm().id(), t.stampId(), in.targetVolumeId(), strategy,
                    in.convertToVhdx(), in.targetCpuCount(), in.targetMemoryMb(), in.notBefore(), mode));
        } catch (RuntimeException e) {
            jobs.delete(jobId);
            facts.delete(id);
            throw e instanceof MigrationException me ? MigrationErrors.of(me) : e;
        }
        vms.startedJob(t.vm().id(), jobId);
        mirror.changed(m, MigrationListener.Milestone.CHANGED, "scheduled");
        return new Scheduled(id, t.vm().stampId(), jobId);
    }

    /**
     * A tenant's command ({@code Cutover}, {@code Cancel}, {@code Rollback}, {@code Commit}); returns
     * the job that follows it. NOT_FOUND for a migration the scope does not see; BAD_REQUEST for
     * an unknown command; CONFLICT, with the engine's reason, when the migration's state does not
     * allow it.
     */
    public UUID command(UUID migrationId, UUID stampId, String operation, Scope scope, String principal) {
        MigrationFacts.Row f = facts.find(migrationId).filter(r -> r.sourceStampId().equals(stampId))
                .filter(r -> scope.binding().map(b -> b.cloudId().equals(r.sourceCloudId())
                        || b.cloudId().equals(r.targetCloudId())).orElse(true))
                .orElseThrow(() -> notFound(migrationId, stampId));
        Migration current = engine.get(migrationId).orElseThrow(() -> notFound(migrationId, stampId));
        MigrationCommand c = MigrationCommand.fromWire(operation == null ? "" : operation.trim())
                .orElseThrow(() -> invalid("Operation", operation, Arrays.stream(MigrationCommand.values())
                        .map(MigrationCommand::wireName)));
        boolean onTarget = scope.binding().map(b -> b.cloudId().equals(f.targetCloudId())).orElse(false);
        UUID jobId = UUID.randomUUID();
        // The command's job first, so that a command that ends the migration at once (Cancel while
        // Scheduled) finds it when the engine reports the end.
        jobs.createCommand(jobId, c, onTarget ? f.targetStampId() : f.sourceStampId(), onTarget ? current.targetVmId()
                : f.vmId(), f.vmName(), principal);
        facts.command(migrationId, c.wireName(), jobId);
        Migration m;
        try {
            m = engine.command(migrationId, c);
        } catch (RuntimeException e) {
            facts.command(migrationId, f.command(), f.commandJobId());
            jobs.delete(jobId);
            throw e instanceof MigrationException me ? MigrationErrors.of(me) : e;
        }
        if (f.commandJobId() != null) {
            jobs.supersede(f.commandJobId());
        }
        mirror.changed(m, MigrationListener.Milestone.CHANGED, c.wireName());
        return jobId;
    }

    /**
     * Refuses (CONFLICT, naming the migration) a change to a VM that a migration holds: its source
     * from the cut-over until Commit or the end of a rollback, its target from the cut-over until
     * the migration has completed. {@code what} says what was asked, e.g. "started".
     */
    public void requireNotHeld(UUID vmId, String what) {
        Optional<Migration> held = engine.holding(vmId);
        if (held.isEmpty()) {
            return;
        }
        Migration m = held.get();
        boolean source = m.vmId().equals(vmId);
        if (source ? SOURCE_HELD.contains(m.state()) : TARGET_HELD.contains(m.state())) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The virtual machine " + m.vmName() + " is held by migration "
                    + m.id() + ", which is " + m.state().wireName() + "; it cannot be " + what + " until "
                    + (source ? "the migration is committed or rolled back" : "the migration has completed") + ".");
        }
    }

    private static SpfException notFound(UUID migrationId, UUID stampId) {
        return SpfException.notFound("The migration " + migrationId + " on stamp " + stampId + " was not found.");
    }

    private static SpfException invalid(String property, String value, java.util.stream.Stream<String> valid) {
        return SpfException.badRequest("The " + property + " value '" + value + "' is not valid. Valid values: "
                + valid.collect(Collectors.joining(", ")) + ".");
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        engine.close();
    }
}
