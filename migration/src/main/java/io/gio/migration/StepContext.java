package io.gio.migration;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.MigrationSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the steps share: the fabric, the store, the clock, and how a step saves or fails. */
final class StepContext {

    private static final Logger LOG = LoggerFactory.getLogger(StepContext.class);

    /**
     * Transient fabric failures retried before a migration rolls back: patiently while the VM
     * runs (pre-copy: a link that is down for a quarter of an hour costs nothing but time), briefly
     * once the source is stopped (every retry is downtime; a rollback brings the source back).
     */
    static final int MAX_ATTEMPTS_RUNNING = 6;
    static final int MAX_ATTEMPTS_STOPPED = 3;
    static final Duration BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    /** Thrown when another writer changed the row: the engine re-reads it on its next pass. */
    static final class LostRace extends RuntimeException {
        LostRace() {
            super(null, null, false, false);
        }
    }

    final ClusterDriver driver;
    final MigrationSupport fabric;
    final MigrationStore store;
    final Clock clock;
    final MigrationListener listener;
    final Supplier<MigrationSettings> settings;
    /** The earliest instant a waiting step expects something to change; for event-driven callers. */
    Instant nextEvent;
    /** Transfers started in the current pass (they start at a provisional rate). */
    int transfersStarted;
    /** Something changed in this pass that moves bandwidth between migrations. */
    boolean changed;

    StepContext(ClusterDriver driver, MigrationStore store, Clock clock, MigrationListener listener,
            Supplier<MigrationSettings> settings) {
        this.driver = driver;
        this.fabric = driver.migrations().orElse(null);
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.settings = settings;
    }

    Instant now() {
        return clock.instant();
    }

    /** Notes when a waiting step expects its operation to end. */
    void expect(Instant at) {
        if (at != null && (nextEvent == null || at.isBefore(nextEvent))) {
            nextEvent = at;
        }
    }

    /** Stores progress without a timeline entry. */
    void save(MigrationRow r) {
        r.updated = now();
        if (!store.update(r, Optional.empty())) {
            throw new LostRace();
        }
    }

    /** Stores a change with a timeline entry and tells the listener. */
    void save(MigrationRow r, String message, MigrationListener.Milestone milestone) {
        r.updated = now();
        r.phase = message;
        changed = true;
        if (!store.update(r, Optional.of(message))) {
            throw new LostRace();
        }
        try {
            listener.changed(r.view(retainedUntil(r)), milestone, message);
        } catch (RuntimeException e) {
            LOG.warn("the migration listener failed on {}", r.id, e);
        }
    }

    void save(MigrationRow r, String message) {
        save(r, message, MigrationListener.Milestone.CHANGED);
    }

    Instant retainedUntil(MigrationRow r) {
        return r.completedAt == null || r.state != MigrationState.COMPLETED ? null
                : r.completedAt.plus(settings.get().retention());
    }

    /**
     * A step failed. Before the migration completed: a transient failure is retried after a
     * back-off, up to {@link #MAX_ATTEMPTS_RUNNING} or {@link #MAX_ATTEMPTS_STOPPED} times; anything else rolls back, and the migration ends
     * FAILED with the source as it was. During a rollback or a commit the step is retried after a
     * back-off until it succeeds: neither may be abandoned halfway.
     */
    void fail(MigrationRow r, String what, RuntimeException e) {
        String reason = e instanceof ClusterException ce ? ce.getMessage() : String.valueOf(e.getMessage());
        boolean transientFailure = !(e instanceof ClusterException ce) || ce.code() == ClusterErrorCode.FABRIC_FAILURE;
        if (!(e instanceof ClusterException)) {
            LOG.warn("migration {}: {} failed", r.id, what, e);
        }
        boolean forward = r.state != MigrationState.ROLLING_BACK && r.state != MigrationState.COMPLETED;
        int max = r.state == MigrationState.PRECOPYING || r.state == MigrationState.AWAITING_CUTOVER
                ? MAX_ATTEMPTS_RUNNING : MAX_ATTEMPTS_STOPPED;
        if (forward && (!transientFailure || r.attempts + 1 >= max)) {
            startRollback(r, MigrationState.FAILED, what + " failed: " + reason);
            return;
        }
        r.attempts++;
        r.retryAt = now().plus(backoff(r.attempts));
        expect(r.retryAt); // the next pass is due then
        if (r.step == Step.COPY) {
            discardQuietly(r);
            r.transferId = null; // a new transfer, with a new ID, when the step runs again
            r.transferBytes = 0;
        }
        save(r, what + " failed (" + reason + "); trying again at " + r.retryAt);
    }

    /**
     * Discards a failed transfer before it is tried again under a new ID, so that what it wrote
     * and reserved on the target is freed now, not only by a rollback. A discard that fails is
     * logged; the rollback's discard tries every attempt's transfer again.
     */
    private void discardQuietly(MigrationRow r) {
        if (r.transferId == null || fabric == null) {
            return;
        }
        try {
            fabric.discard(r.transferId);
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.NOT_FOUND) {
                LOG.warn("migration {}: discarding failed transfer {}: {}", r.id, r.transferId, e.getMessage());
            }
        }
    }

    static Duration backoff(int attempts) {
        Duration d = BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    void startRollback(MigrationRow r, MigrationState outcome, String message) {
        r.state = MigrationState.ROLLING_BACK;
        r.step = Step.TARGET_OFF;
        r.outcome = outcome;
        if (outcome == MigrationState.FAILED) {
            r.error = message;
        }
        r.retryAt = null;
        r.transferBytes = 0;
        r.estimatedCompletion = null;
        save(r, (outcome == MigrationState.CANCELLED ? "Cancelling: " : "Rolling back: ") + message);
    }
}
