package io.gio.spf.lifecycle;

import io.gio.spf.SpfException;
import io.gio.spf.accounts.Accounts;
import io.gio.spf.accounts.Directory;
import io.gio.spf.jobs.JobStore;
import io.gio.spf.network.VmNetworks;
import io.gio.spf.tenancy.Subscription;
import io.gio.spf.tenancy.SubscriptionTeardown;
import io.gio.spf.vm.VmCommands;
import io.gio.spf.vm.VmOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes subscriptions as WAP does, in the background: a request only marks the subscription
 * {@code Deleting} and returns; each pass then moves every subscription being deleted along. Its VMs
 * go through the normal job paths: a running, paused or saved VM is turned off first ({@code Stop},
 * as WAP's VM Clouds provider has VMM do), a stopped one is deleted; a VM with a job still running,
 * or in a transitional state, is waited for. Once its cloud is empty, its own VM networks are
 * deleted and {@link SubscriptionTeardown#finish(UUID)} removes the subscription, its cloud and user
 * role; an account being deleted goes with its last subscription. Everything it needs is in the
 * store, so a restarted gateway carries on. A VM that still cannot be removed after
 * {@value #MAX_ATTEMPTS} commands leaves the subscription {@code Deleting} with the reason as its
 * last error; a repeated delete request tries again.
 */
public final class SubscriptionRemoval implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRemoval.class);
    static final int MAX_ATTEMPTS = 5;
    private static final Set<String> DELETABLE = Set.of("PowerOff", "CreationFailed", "Missing");
    private static final Set<String> TURN_OFF = Set.of("Running", "Paused", "Saved");

    private record Vm(UUID id, UUID stampId, String name, String status, UUID lastJob) {}

    private final Jdbi jdbi;
    private final SubscriptionTeardown teardown;
    private final VmCommands commands;
    private final VmNetworks networks;
    private final JobStore jobs;
    private final Directory directory;
    private final ScheduledExecutorService scheduler;
    private final Map<UUID, Integer> attempts = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;

    public SubscriptionRemoval(Jdbi jdbi, SubscriptionTeardown teardown, VmCommands commands, VmNetworks networks,
            JobStore jobs, Directory directory, ScheduledExecutorService scheduler) {
        this.jdbi = jdbi;
        this.teardown = teardown;
        this.commands = commands;
        this.networks = networks;
        this.jobs = jobs;
        this.directory = directory;
        this.scheduler = scheduler;
    }

    /**
     * Starts deleting a subscription (WAP's {@code DELETE /subscriptions/{id}}, or its state set to
     * 3) and returns it, {@code Deleting}, at once; the work runs on the scheduler. Asking again
     * retries a removal that got stuck.
     */
    public Subscription request(UUID subscriptionId) {
        return request(subscriptionId, s -> s);
    }

    /**
     * As {@link #request(UUID)}, with the caller's answer made from the subscription before the
     * background work starts (so that a subscription with nothing to remove, gone a moment later,
     * can still be described).
     */
    public <T> T request(UUID subscriptionId, java.util.function.Function<Subscription, T> answer) {
        Subscription s = teardown.begin(subscriptionId);
        vms(s.cloudId()).forEach(vm -> attempts.remove(vm.id()));
        T out = answer.apply(s);
        scheduler.execute(this::tickSafely);
        return out;
    }

    /** Moves the removals along every {@code period}. */
    public synchronized void start(Duration period) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::tickSafely, period.toMillis(), period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("Removing deleted subscriptions failed; retrying on the next pass", e);
        }
    }

    /** One pass over the subscriptions being deleted. Public so tests can drive it on a virtual clock. */
    public synchronized void tick() {
        for (Subscription s : teardown.deleting()) {
            try {
                advance(s);
            } catch (RuntimeException e) {
                LOG.warn("Removing subscription {} failed; retrying on the next pass", s.id(), e);
                teardown.recordError(s.id(), "Removing the subscription failed: " + e.getMessage());
            }
        }
    }

    private void advance(Subscription s) {
        List<Vm> vms = vms(s.cloudId());
        if (vms.isEmpty()) {
            for (UUID network : teardown.ownedNetworks(s)) {
                try {
                    networks.delete(network, s.stampId(), Accounts.ADMIN);
                } catch (SpfException e) {
                    LOG.info("VM network {} of deleted subscription {} stays without owner: {}", network, s.id(),
                            e.getMessage());
                }
            }
            if (teardown.finish(s.id())) {
                LOG.info("Subscription {} ({}) is deleted", s.id(), s.name());
                directory.removeIfUnused(s.accountName());
            }
            return;
        }
        for (Vm vm : vms) {
            if (vm.lastJob() != null && !jobs.isCompleted(vm.lastJob()).orElse(true)) {
                continue;
            }
            boolean delete = DELETABLE.contains(vm.status());
            if (!delete && !TURN_OFF.contains(vm.status())) {
                continue;
            }
            int n = attempts.merge(vm.id(), 1, Integer::sum);
            if (n > MAX_ATTEMPTS) {
                if (n == MAX_ATTEMPTS + 1) {
                    teardown.recordError(s.id(), "The virtual machine " + vm.name() + " could not be "
                            + (delete ? "deleted" : "turned off") + failure(vm.id()) + " Delete the subscription again"
                            + " to retry.");
                }
                continue;
            }
            try {
                if (delete) {
                    commands.delete(vm.id(), vm.stampId(), Accounts.ADMIN);
                } else {
                    commands.power(vm.id(), vm.stampId(), VmOperation.STOP, Accounts.ADMIN);
                }
            } catch (SpfException e) {
                LOG.info("Removing VM {} of subscription {}: {}", vm.name(), s.id(), e.getMessage());
            }
        }
    }

    private List<Vm> vms(UUID cloudId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, stamp_id, name, status, most_recent_task_id FROM vmm_vm"
                        + " WHERE cloud_id = :c ORDER BY id")
                .bind("c", cloudId)
                .map((rs, ctx) -> new Vm(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getObject(5, UUID.class)))
                .list());
    }

    /** ": <reason>." from the VM's failed job, or "." */
    private String failure(UUID vmId) {
        Optional<String> reason = jdbi.withHandle(h -> h.createQuery("SELECT j.error_message FROM vmm_vm v"
                        + " JOIN vmm_job j ON j.id = v.failed_job_id WHERE v.id = :id")
                .bind("id", vmId).mapTo(String.class).findOne());
        return reason.filter(r -> !r.isBlank()).map(r -> ": " + r + (r.endsWith(".") ? "" : ".")).orElse(".");
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
