package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.OperationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's operations. libvirt's calls block until done, so each operation's work runs on a
 * worker thread while callers poll it by ID. A VM runs at most one operation at a time (the one
 * {@link #running} names). Operations are kept in memory and in {@code lv_operation}: a gateway
 * that restarts answers for them, and one whose previous process died while an operation ran
 * (its heartbeat older than the lease) reports that operation FAILED with FABRIC_FAILURE.
 */
final class Operations implements AutoCloseable {

    static final String INTERRUPTED = "The operation was interrupted by a restart of the gateway; the VM is as"
            + " libvirt shows it now.";
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final Duration KEPT_IN_MEMORY = Duration.ofMinutes(10);

    /** The work of an operation: throws {@link ClusterException} to fail it. */
    @FunctionalInterface
    interface Work {
        void run();
    }

    /** An operation of this process. */
    static final class Op {
        final UUID id;
        final UUID vmId;
        final OpKind kind;
        final String subject;
        final Instant started;
        volatile OperationState state = OperationState.RUNNING;
        volatile Instant ended;
        volatile int endProgress;
        volatile ClusterException error;

        Op(UUID id, UUID vmId, OpKind kind, String subject, Instant started) {
            this.id = id;
            this.vmId = vmId;
            this.kind = kind;
            this.subject = subject;
            this.started = started;
        }
    }

    private final OperationStore store;
    private final Clock clock;
    private final Duration lease;
    private final ExecutorService workers;
    private final ScheduledFuture<?> heartbeat;
    private final Map<UUID, Op> ops = new ConcurrentHashMap<>();
    private final Map<UUID, Op> busy = new ConcurrentHashMap<>();

    Operations(OperationStore store, Clock clock, ScheduledExecutorService scheduler, Duration lease, int threads) {
        this.store = store;
        this.clock = clock;
        this.lease = lease;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gio-libvirt-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        failStale();
        long period = Math.max(1, lease.toMillis() / 3);
        this.heartbeat = scheduler.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** The operation a VM is busy with, if any. */
    Optional<Op> running(UUID vmId) {
        return Optional.ofNullable(busy.get(vmId));
    }

    /**
     * Starts an operation; the caller has checked the VM is not busy. A call racing with the same
     * call (kind and caller-chosen ID) gets the operation that won.
     */
    FabricOperation start(UUID vmId, OpKind kind, String subject, Work work) {
        UUID id = UUID.randomUUID();
        Op op = new Op(id, vmId, kind, subject == null ? id.toString() : subject, clock.instant());
        Op other = busy.putIfAbsent(vmId, op);
        if (other != null && other.kind == kind && other.subject.equals(op.subject) && subject != null) {
            return view(other); // the same call, raced with itself: one operation
        }
        if (other != null) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE,
                    "The VM " + vmId + " is busy with operation " + other.id + " (" + other.kind + ").");
        }
        try {
            store.insert(new OperationStore.Row(id, vmId, kind, op.subject, OperationState.RUNNING, 0, op.started,
                    op.started.plus(kind.expected()), Optional.empty(), op.started, Optional.empty()));
        } catch (ClusterException e) {
            busy.remove(vmId, op);
            throw e;
        }
        ops.put(id, op);
        FabricOperation view = view(op);
        workers.execute(() -> execute(op, work));
        return view;
    }

    /**
     * Records an operation that happened outside this class, between {@code started} and
     * {@code ended} (a live migration's switch-over, as the hypervisor measured it), for the
     * caller-chosen ID {@code subject}; a second call for the same subject returns the first.
     */
    synchronized FabricOperation done(UUID vmId, OpKind kind, String subject, Instant started, Instant ended) {
        Optional<FabricOperation> existing = find(kind, subject);
        if (existing.isPresent()) {
            return existing.get();
        }
        UUID id = UUID.randomUUID();
        store.insert(new OperationStore.Row(id, vmId, kind, subject, OperationState.SUCCEEDED, 100, started, ended,
                Optional.of(ended), ended, Optional.empty()));
        return read(id);
    }

    FabricOperation read(UUID id) {
        Op op = ops.get(id);
        if (op != null) {
            return view(op);
        }
        OperationStore.Row row = store.find(id).orElseThrow(() ->
                new ClusterException(ClusterErrorCode.NOT_FOUND, "No operation with ID " + id + "."));
        if (row.state() == OperationState.RUNNING && row.heartbeat().isBefore(clock.instant().minus(lease))) {
            interrupt(row);
            row = store.find(id).orElseThrow();
        }
        return view(row);
    }

    /** The latest operation of a kind for a caller-chosen ID, running or ended. */
    Optional<FabricOperation> find(OpKind kind, String subject) {
        for (Op op : ops.values()) {
            if (op.kind == kind && op.subject.equals(subject) && op.state == OperationState.RUNNING) {
                return Optional.of(view(op));
            }
        }
        return store.bySubject(kind, subject).map(r -> read(r.id()));
    }

    /** The VM a caller-chosen ID was used for by an operation of that kind. */
    Optional<UUID> vmOf(OpKind kind, String subject) {
        return store.bySubject(kind, subject).map(OperationStore.Row::vmId);
    }

    Map<String, Instant> succeeded(UUID vmId, OpKind kind) {
        return store.succeeded(vmId, kind);
    }

    private void execute(Op op, Work work) {
        ClusterException error = null;
        try {
            work.run();
        } catch (ClusterException e) {
            error = e;
        } catch (RuntimeException e) {
            LOG.error("Operation {} ({}) of VM {} failed", op.id, op.kind, op.vmId, e);
            error = new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The operation failed: " + e, e);
        }
        Instant now = clock.instant();
        int progress = error == null ? 100 : progress(op.started, op.kind, now);
        OperationState state = error == null ? OperationState.SUCCEEDED : OperationState.FAILED;
        if (error != null) {
            LOG.info("Operation {} ({}) of VM {} failed: {}", op.id, op.kind, op.vmId, error.getMessage());
        }
        try {
            store.finish(op.id, state, progress, now, Optional.ofNullable(error));
        } catch (ClusterException e) {
            LOG.error("Cannot record the end of operation {}", op.id, e);
        }
        busy.remove(op.vmId, op);
        op.ended = now;
        op.endProgress = progress;
        op.error = error;
        op.state = state;
    }

    private FabricOperation view(Op op) {
        OperationState state = op.state;
        if (state == OperationState.RUNNING) {
            Instant now = clock.instant();
            return new FabricOperation(op.id, op.vmId, op.kind.name(), state, progress(op.started, op.kind, now),
                    op.started, estimatedEnd(op.started, op.kind, now), Optional.empty(), Optional.empty());
        }
        return new FabricOperation(op.id, op.vmId, op.kind.name(), state, op.endProgress, op.started, op.ended,
                Optional.of(op.ended), Optional.ofNullable(op.error));
    }

    private FabricOperation view(OperationStore.Row r) {
        if (r.state() == OperationState.RUNNING) {
            Instant now = clock.instant();
            return new FabricOperation(r.id(), r.vmId(), r.kind().name(), r.state(), progress(r.started(), r.kind(), now),
                    r.started(), estimatedEnd(r.started(), r.kind(), now), Optional.empty(), Optional.empty());
        }
        return new FabricOperation(r.id(), r.vmId(), r.kind().name(), r.state(), r.progress(), r.started(),
                r.ended().orElse(r.estimatedEnd()), r.ended(), r.error());
    }

    /** Progress from the time elapsed against the kind's usual duration; 99 at most until it ends. */
    private static int progress(Instant started, OpKind kind, Instant now) {
        long elapsed = Math.max(0, Duration.between(started, now).toMillis());
        return (int) Math.min(99, elapsed * 100 / Math.max(1, kind.expected().toMillis()));
    }

    private static Instant estimatedEnd(Instant started, OpKind kind, Instant now) {
        Instant usual = started.plus(kind.expected());
        return usual.isAfter(now) ? usual : now.plusSeconds(1);
    }

    private void beat() {
        try {
            Instant now = clock.instant();
            store.heartbeat(busy.values().stream().map(op -> op.id).toList(), now);
            ops.values().removeIf(op -> op.state != OperationState.RUNNING && op.ended.isBefore(now.minus(KEPT_IN_MEMORY)));
            failStale();
        } catch (RuntimeException e) {
            LOG.warn("Renewing the libvirt operations' heartbeat failed; trying again", e);
        }
    }

    /** Fails what a gateway that died left running. */
    private void failStale() {
        for (OperationStore.Row row : store.stale(clock.instant().minus(lease))) {
            if (!ops.containsKey(row.id())) {
                interrupt(row);
            }
        }
    }

    private void interrupt(OperationStore.Row row) {
        Instant now = clock.instant();
        if (store.finish(row.id(), OperationState.FAILED, row.progress(), now,
                Optional.of(new ClusterException(ClusterErrorCode.FABRIC_FAILURE, INTERRUPTED)))) {
            LOG.warn("Operation {} ({}) of VM {} was running when its gateway stopped; it is marked failed",
                    row.id(), row.kind(), row.vmId());
        }
    }

    /** Lets running libvirt calls end (a few seconds at most), then stops the workers. */
    @Override
    public void close() {
        heartbeat.cancel(false);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
