package io.gio.spf.jobs;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.OperationState;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances open jobs: polls each job's fabric operation, copies its progress into the job and
 * the VM's observed state into the VM, and completes or fails the job when the operation ends.
 * Jobs live in the store, so a restarted gateway picks up where the last one stopped.
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** The job action whose success removes the VM from the VMM view. */
    public static final String DELETE = "Delete";

    private final JobStore jobs;
    private final VmStore vms;
    private final ClusterDriver driver;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<UUID, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
    private final java.util.function.BiConsumer<JobStore.OpenJob, Boolean> effects;
    private ScheduledFuture<?> task;

    /**
     * @param effects what a finished job changes in the VMM view beyond the VM's state, called with
     *     whether the job succeeded (e.g. a deleted VM is removed, a checkpoint tree re-read)
     */
    public JobRunner(JobStore jobs, VmStore vms, ClusterDriver driver, Clock clock, ScheduledExecutorService scheduler,
            java.util.function.BiConsumer<JobStore.OpenJob, Boolean> effects) {
        this.effects = effects;
        this.jobs = jobs;
        this.vms = vms;
        this.driver = driver;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Starts polling every {@code period} of real time. */
    public synchronized void start(Duration period) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::tickSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A future completed when the job completes (or at once if it already has). */
    public CompletableFuture<Void> completion(UUID jobId) {
        CompletableFuture<Void> f = waiters.computeIfAbsent(jobId, k -> new CompletableFuture<>());
        if (jobs.isCompleted(jobId).orElse(true)) {
            finished(jobId);
        }
        return f;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("Job runner tick failed; retrying on the next tick", e);
        }
    }

    /** One pass over the open jobs. Public so tests can drive it on a virtual clock. */
    public void tick() {
        for (JobStore.OpenJob job : jobs.open()) {
            FabricOperation op;
            try {
                op = driver.operation(job.fabricOperationId());
            } catch (ClusterException e) {
                jobs.fail(job.id(), e.code().name(), e.getMessage(), clock.instant());
                finished(job.id());
                continue;
            }
            if (job.targetId() != null) {
                vms.refreshState(job.targetId(), driver.vm(job.targetId()), clock.instant());
            }
            if (op.state() == OperationState.RUNNING) {
                jobs.progress(job.id(), op.progress());
            } else if (op.state() == OperationState.SUCCEEDED) {
                effects.accept(job, true);
                jobs.complete(job.id(), op.ended().orElse(clock.instant()));
                finished(job.id());
            } else {
                ClusterException err = op.error().orElse(null);
                jobs.fail(job.id(), err == null ? "FABRIC_FAILURE" : err.code().name(),
                        err == null ? "The operation failed on the fabric." : err.getMessage(),
                        op.ended().orElse(clock.instant()));
                if (job.targetId() != null) {
                    vms.recordFailure(job.targetId(), job.id());
                }
                effects.accept(job, false);
                finished(job.id());
            }
        }
    }

    void finished(UUID jobId) {
        CompletableFuture<Void> f = waiters.remove(jobId);
        if (f != null) {
            f.complete(null);
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
