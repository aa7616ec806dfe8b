package io.gio.migration;

import static io.gio.migration.MigrationException.Reason.CONFLICT;
import static io.gio.migration.MigrationException.Reason.NOT_FOUND;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.Volume;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves VMs between stamps, one migration per VM, at the time the tenant picks, with rollback
 * until the tenant commits.
 *
 * <p>How it stays safe: every migration is a row of mig_migration with a state and a step. One
 * pass ({@link #tick()}) first lets the {@link Scheduler} admit migrations and share bandwidth,
 * then advances each open migration by its step ({@link ForwardSteps}, {@link RollbackSteps}).
 * Every change is stored before the side effect it leads to, fabric calls are idempotent by IDs
 * derived from the migration, and steps that cannot be made idempotent observe the fabric first.
 * So after a crash the next pass resumes each migration where it was, and none runs twice. Writes
 * check the row's version, so a tenant's command and the pass never overwrite each other. Passes
 * run on one thread; nothing here blocks a request thread.
 */
public final class MigrationEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationEngine.class);

    private final ClusterDriver driver;
    private final MigrationStore store;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Planner planner;
    private final StepContext ctx;
    private final ForwardSteps forward;
    private final CutoverSteps cutover;
    private final RollbackSteps rollback;
    private final Function<Link, Long> guaranteedBitsPerSecond;
    /** How often the estimates of queued migrations are brought up to date, in engine time. */
    static final Duration ESTIMATE_PERIOD = Duration.ofMinutes(5);

    private volatile MigrationSettings settings;
    private Instant lastEstimates;
    private ScheduledFuture<?> task;

    /**
     * @param guaranteedBitsPerSecond the tenants' guaranteed minimum bandwidth on a link, which
     *     migrations never take
     */
    public MigrationEngine(DataSource dataSource, ClusterDriver driver, Clock clock, ScheduledExecutorService executor,
            MigrationListener listener, Function<Link, Long> guaranteedBitsPerSecond) {
        this.driver = driver;
        this.store = new MigrationStore(dataSource);
        this.clock = clock;
        this.executor = executor;
        this.guaranteedBitsPerSecond = guaranteedBitsPerSecond;
        this.settings = SettingsCodec.decode(store.settings());
        this.planner = new Planner(driver, store);
        this.ctx = new StepContext(driver, store, clock, listener, () -> this.settings);
        this.forward = new ForwardSteps(ctx);
        this.cutover = new CutoverSteps(ctx);
        this.rollback = new RollbackSteps(ctx);
    }

    /** Runs a pass every {@code period} of real time. */
    public synchronized void start(Duration period) {
        if (task == null) {
            task = executor.scheduleWithFixedDelay(this::safeTick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Checks and stores a migration; it starts when its window opens and the scheduler admits it. */
    public Migration schedule(MigrationRequest request) {
        synchronized (store) {
            if (store.find(request.id()).isPresent()) {
                throw new MigrationException(CONFLICT, "migration " + request.id() + " already exists");
            }
            Map<UUID, Long> reserved = new HashMap<>();
            store.entries().forEach(e -> reserved.merge(e.targetVolume(), e.reservedBytes(), Long::sum));
            MigrationRow row = planner.plan(request, clock.instant(), reserved);
            store.insert(row, "Scheduled: " + row.strategy.wireName() + " from " + row.sourceStampId + " to "
                    + row.targetStampId + (row.convertToVhdx ? ", converting to VHDX" : "")
                    + ", window from " + row.notBefore);
            return row.view(null);
        }
    }

    public Optional<Migration> get(UUID id) {
        return store.find(id).map(r -> r.view(ctx.retainedUntil(r)));
    }

    /** The migration that holds a VM as its source or target, while it is not final. */
    public Optional<Migration> holding(UUID vmId) {
        return store.holding(vmId).map(r -> r.view(ctx.retainedUntil(r)));
    }

    /** Every migration that is not final: the queue across tenants, oldest first. */
    public List<Migration> queue() {
        return store.open().stream().map(r -> r.view(ctx.retainedUntil(r))).toList();
    }

    /** The {@code limit} migrations that ended last, newest first (the queue has the others). */
    public List<Migration> recentlyEnded(int limit) {
        return store.recentlyEnded(limit).stream().map(r -> r.view(ctx.retainedUntil(r))).toList();
    }

    /**
     * As of the last pass: bytes per second the copies use on each link, and bytes the admitted
     * migrations hold on each target volume.
     */
    public Usage usage() {
        return usage;
    }

    /** What migrations use of the fabric: link rates (bytes per second) and volume reservations (bytes). */
    public record Usage(Map<UUID, Long> linkBytesPerSecond, Map<UUID, Long> reservedBytesByVolume) {
        static final Usage NONE = new Usage(Map.of(), Map.of());
    }

    public List<MigrationEvent> events(UUID id) {
        return store.events(id);
    }

    public MigrationSettings settings() {
        return settings;
    }

    public void updateSettings(MigrationSettings updated) {
        store.replaceSettings(SettingsCodec.encode(updated));
        settings = updated;
        store.wakeRetentionWaits(); // a shorter retention period may have ended already
    }

    /** A tenant's command; CONFLICT, naming the state, when the migration's state does not allow it. */
    public Migration command(UUID id, MigrationCommand command) {
        for (int attempt = 0; attempt < 5; attempt++) {
            MigrationRow r = store.find(id).orElseThrow(() -> new MigrationException(NOT_FOUND,
                    "migration " + id + " does not exist"));
            try {
                apply(r, command);
                return r.view(ctx.retainedUntil(r));
            } catch (StepContext.LostRace e) {
                // the engine's pass changed the row meanwhile: read it again
            }
        }
        throw new MigrationException(MigrationException.Reason.UNAVAILABLE, "migration " + id
                + " is changing too fast to apply " + command.wireName() + "; try again");
    }

    private void apply(MigrationRow r, MigrationCommand command) {
        MigrationState s = r.state;
        switch (command) {
            case CUTOVER -> {
                require(s == MigrationState.AWAITING_CUTOVER, r, command,
                        r.cutoverMode == CutoverMode.AUTOMATIC ? "it cuts over by itself (CutoverMode Automatic)"
                                : "only once the pre-copy has converged (AwaitingCutover)");
                if (r.step == Step.WAIT) {
                    forward.beginCutover(r, "Cutover asked by the tenant");
                } else {
                    r.cutoverRequested = true;
                    ctx.save(r, "Cutover asked by the tenant; it starts when the running refresh copy ends");
                }
            }
            case CANCEL -> {
                require(s == MigrationState.SCHEDULED || s == MigrationState.PRECOPYING
                        || s == MigrationState.AWAITING_CUTOVER, r, command, "only before the cut-over starts");
                if (s == MigrationState.SCHEDULED) {
                    r.state = MigrationState.CANCELLED;
                    r.endedAt = clock.instant();
                    ctx.save(r, "Cancelled before it started");
                } else {
                    ctx.startRollback(r, MigrationState.CANCELLED, "cancelled by the tenant");
                }
            }
            case ROLLBACK -> {
                require(s == MigrationState.COMPLETED && r.step == Step.WAIT, r, command,
                        "only once Completed and before Commit");
                Instant until = ctx.retainedUntil(r);
                require(until == null || clock.instant().isBefore(until), r, command,
                        "the retention period ended at " + until + ", so the migration commits");
                ctx.startRollback(r, MigrationState.ROLLED_BACK, "asked by the tenant");
            }
            case COMMIT -> {
                require(s == MigrationState.COMPLETED && r.step == Step.WAIT, r, command, "only once Completed");
                r.step = Step.COMMIT;
                r.retryAt = null;
                ctx.save(r, "Commit asked by the tenant; deleting the retained source VM");
            }
        }
    }

    private static void require(boolean ok, MigrationRow r, MigrationCommand c, String when) {
        if (!ok) {
            throw new MigrationException(CONFLICT, "cannot " + c.wireName() + " migration " + r.id + " while it is "
                    + r.state.wireName() + (r.step == Step.COMMIT ? " (committing)" : "") + ": " + when);
        }
    }

    private volatile Usage usage = Usage.NONE;
    private volatile long decisionNanos;

    /**
     * How long the scheduler took to decide in the last pass: which queued migrations to admit,
     * where to place them, and each copy's rate (not the store reads and writes around it).
     */
    public Duration lastDecisionTime() {
        return Duration.ofNanos(decisionNanos);
    }

    /**
     * One pass: admissions and rates, then every open migration advanced as far as it goes now.
     * Public so tests and benchmarks can drive it on a virtual clock. Returns the earliest
     * instant something is expected to change, if known.
     */
    public synchronized Optional<Instant> tick() {
        Instant now = clock.instant();
        ctx.nextEvent = null;
        ctx.transfersStarted = 0;
        ctx.changed = false;
        List<Scheduler.Entry> entries = store.entries();
        if (entries.isEmpty()) {
            usage = Usage.NONE;
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        Scheduler.Plan plan = Scheduler.plan(entries, capacity(), settings, now);
        decisionNanos = System.nanoTime() - t0;
        usage = usage(entries, plan);
        Set<UUID> admit = new HashSet<>(plan.admit());
        queued(entries, plan, admit, now);
        List<UUID> working = new java.util.ArrayList<>(plan.admit());
        for (Scheduler.Entry e : entries) {
            if (e.state() == MigrationState.SCHEDULED) {
                continue;
            }
            if (e.retryAt().isPresent() && e.retryAt().get().isAfter(now)) {
                ctx.expect(e.retryAt().get()); // waiting: a back-off, a refresh, the retention period
            } else {
                working.add(e.id());
            }
        }
        for (MigrationRow r : store.rows(working)) {
            try {
                if (r.state == MigrationState.SCHEDULED) {
                    r.targetVolumeId = plan.placements().getOrDefault(r.id, r.targetVolumeId);
                    if (forward.admit(r)) {
                        advance(r, plan.rates().getOrDefault(r.id, 0L));
                    }
                } else if (r.retryAt == null || !r.retryAt.isAfter(now)) {
                    advance(r, plan.rates().getOrDefault(r.id, 0L));
                } else {
                    ctx.expect(r.retryAt);
                }
            } catch (StepContext.LostRace e) {
                ctx.expect(now);
            } catch (RuntimeException e) {
                try {
                    ctx.fail(r, "step " + r.step, e);
                } catch (RuntimeException again) {
                    LOG.warn("migration {}: cannot record a failure", r.id, again);
                }
            }
        }
        if (ctx.transfersStarted > 0 || ctx.changed) {
            rebalance();
        }
        return Optional.ofNullable(ctx.nextEvent);
    }

    /** Queued migrations: when to look again, and their estimates (refreshed now and then). */
    private static Usage usage(List<Scheduler.Entry> entries, Scheduler.Plan plan) {
        Map<UUID, Long> links = new java.util.HashMap<>();
        Map<UUID, Long> volumes = new java.util.HashMap<>();
        for (Scheduler.Entry e : entries) {
            Long rate = plan.rates().get(e.id());
            if (e.copying() && rate != null && e.link().isPresent()) {
                links.merge(e.link().get(), rate, Long::sum);
            }
            if (e.reservedBytes() > 0 && e.targetVolume() != null) {
                volumes.merge(e.targetVolume(), e.reservedBytes(), Long::sum);
            }
        }
        return new Usage(Map.copyOf(links), Map.copyOf(volumes));
    }

    private void queued(List<Scheduler.Entry> entries, Scheduler.Plan plan, Set<UUID> admit, Instant now) {
        boolean refresh = lastEstimates == null || !now.isBefore(lastEstimates.plus(ESTIMATE_PERIOD));
        if (refresh) {
            lastEstimates = now;
        }
        Map<UUID, Instant> estimates = new HashMap<>();
        for (Scheduler.Entry e : entries) {
            if (e.state() != MigrationState.SCHEDULED || admit.contains(e.id())) {
                continue;
            }
            if (e.notBefore().isAfter(now)) {
                ctx.expect(e.notBefore());
            }
            Instant eta = plan.queuedEstimates().get(e.id());
            boolean moved = eta != null && e.estimate().map(old -> Duration.between(old, eta).abs()
                    .compareTo(Duration.ofMinutes(1)) > 0).orElse(true);
            if (moved && (e.estimate().isEmpty() || refresh)) {
                estimates.put(e.id(), eta);
            }
        }
        store.estimates(estimates);
    }

    /**
     * Transfers started during a pass begin at a provisional rate, and a copy that ended or began
     * converting frees its share; this shares the bandwidth again at once, so that no copy runs at
     * a stale rate until the next pass.
     */
    private void rebalance() {
        List<Scheduler.Entry> entries = store.entries();
        Scheduler.Plan plan = Scheduler.plan(entries, capacity(), settings, clock.instant());
        for (Scheduler.Entry e : entries) {
            Long rate = plan.rates().get(e.id());
            if (!e.copying() || e.transfer().isEmpty() || rate == null || plan.admit().contains(e.id())) {
                continue;
            }
            try {
                Transfer t = ctx.fabric.transfer(e.transfer().get());
                if (t.state() == OperationState.RUNNING && !t.converting()
                        && Math.abs(t.bytesPerSecond() - rate) > rate / 50) {
                    ctx.expect(ctx.fabric.throttle(t.id(), rate).estimatedEnd());
                }
            } catch (ClusterException ex) {
                LOG.debug("migration {}: cannot rebalance its transfer: {}", e.id(), ex.getMessage());
            }
        }
    }

    private void advance(MigrationRow r, long rate) {
        for (int i = 0; i < 16 && step(r, rate); i++) {
            // each step returns true while it can go on at once
        }
    }

    private boolean step(MigrationRow r, long rate) {
        return switch (r.step) {
            case COPY -> forward.copy(r, rate);
            case WAIT -> r.state == MigrationState.AWAITING_CUTOVER ? forward.refresh(r)
                    : r.state == MigrationState.COMPLETED && cutover.retention(r);
            case STOP -> cutover.stop(r);
            case IMPORT -> cutover.importVm(r);
            case DIGEST -> cutover.verify(r);
            case START -> cutover.startTarget(r);
            case COMMIT -> cutover.commit(r);
            case TARGET_OFF -> rollback.targetOff(r);
            case TARGET_DELETE -> rollback.targetDelete(r);
            case DISCARD -> rollback.discard(r);
            case SOURCE_RESTORE -> rollback.sourceRestore(r);
        };
    }

    private Scheduler.Capacity capacity() {
        Map<UUID, Long> throughput = new HashMap<>();
        Map<UUID, Long> free = new HashMap<>();
        Map<UUID, List<UUID>> byStamp = new HashMap<>();
        for (io.gio.cluster.spi.Stamp stamp : driver.stamps()) {
            for (Volume v : driver.volumes(stamp.id())) {
                byStamp.computeIfAbsent(stamp.id(), k -> new java.util.ArrayList<>()).add(v.id());
                throughput.put(v.id(), v.throughputBytesPerSecond());
                free.put(v.id(), v.capacityBytes() - v.usedBytes());
            }
        }
        Map<UUID, Long> links = new HashMap<>();
        for (Link l : driver.links()) {
            long guaranteed = Math.max(0, guaranteedBitsPerSecond.apply(l));
            links.put(l.id(), Math.max(0, l.bandwidthBitsPerSecond() - guaranteed) / 8);
        }
        return new Scheduler.Capacity(links, throughput, free, byStamp);
    }

    private void safeTick() {
        try {
            tick();
        } catch (ClusterException | MigrationException e) {
            LOG.warn("migration pass failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("migration pass failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
