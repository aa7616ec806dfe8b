package io.gio.spf.tenancy;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A subscription's VM Clouds quotas: what it may use (its plan, raised by its add-ons, replaced by
 * its own overrides), what it uses (the VMs in its cloud), and atomic reservations for VM creates
 * and resizes.
 *
 * <p>A reservation runs in one transaction that first locks the subscription's row
 * ({@code SELECT ... FOR UPDATE}, on H2 and PostgreSQL alike), so reservations of one subscription
 * are serialized: each sees every VM row and every reservation committed before it. Usage is the
 * VMs in the cloud (not counting those whose creation failed) plus the reservations still open; a
 * reservation for a new VM stops counting as soon as the VM's row exists, and a resize's (what the
 * VM grows by) as soon as its job has ended, when the VM's row carries the new size; so nothing is
 * counted twice, and deleting a VM frees its share when its row goes.
 */
public final class Quotas {

    /** How long an unreleased reservation counts (a create that died between reserve and insert). */
    static final Duration RESERVATION_TTL = Duration.ofHours(1);
    private static final Duration LOCK_RETRY_LIMIT = Duration.ofSeconds(60);
    private static final Set<String> LOCK_STATES = Set.of("HYT00", "40001", "55P03", "40P01");

    /**
     * Which unexpired reservations {@code r} count: a new VM's until its row exists, a resize's
     * until its job has ended (before the job's row exists too: it is written after the reservation).
     */
    private static final String COUNTING = "(r.vm_id IS NULL OR NOT EXISTS (SELECT 1 FROM vmm_vm v WHERE v.id = r.vm_id))"
            + " AND NOT EXISTS (SELECT 1 FROM vmm_job j WHERE j.id = r.job_id AND j.is_completed)";

    private final Jdbi jdbi;
    private final Clock clock;

    public Quotas(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** What the subscription may use and do. */
    public EffectiveQuota effective(UUID subscriptionId) {
        return jdbi.withHandle(h -> effective(h, Subscriptions.require(h, subscriptionId)));
    }

    /** The resources the VMs in the subscription's cloud take (VMs whose creation failed take none). */
    public Usage usage(UUID subscriptionId) {
        return jdbi.withHandle(h -> vmUsage(h, Subscriptions.require(h, subscriptionId).cloudId()));
    }

    /** The quotas set on the subscription itself, replacing the plan's (an empty value = unlimited). */
    public Map<QuotaName, OptionalLong> overrides(UUID subscriptionId) {
        return jdbi.withHandle(h -> {
            Subscriptions.require(h, subscriptionId);
            return overrides(h, subscriptionId);
        });
    }

    /**
     * Sets quotas on the subscription itself (WAP's subscription quota update): each given quota
     * replaces the plan's value plus add-ons; an empty value makes it unlimited. Quotas not given
     * keep their override, if any.
     */
    public EffectiveQuota setOverrides(UUID subscriptionId, Map<QuotaName, OptionalLong> values) {
        for (Map.Entry<QuotaName, OptionalLong> e : values.entrySet()) {
            if (e.getValue().isPresent() && e.getValue().getAsLong() < 0) {
                throw SpfException.badRequest("Quota " + e.getKey().wireName() + " must not be negative.");
            }
        }
        return jdbi.inTransaction(h -> {
            Subscription s = Subscriptions.lock(h, subscriptionId);
            for (Map.Entry<QuotaName, OptionalLong> e : values.entrySet()) {
                h.createUpdate("DELETE FROM gio_subscription_quota WHERE subscription_id = :s AND quota = :q")
                        .bind("s", subscriptionId).bind("q", e.getKey().wireName()).execute();
                h.createUpdate("INSERT INTO gio_subscription_quota (subscription_id, quota, quota_value)"
                                + " VALUES (:s, :q, :v)")
                        .bind("s", subscriptionId).bind("q", e.getKey().wireName())
                        .bindByType("v", Rows.nullable(e.getValue()), Long.class).execute();
            }
            return effective(h, s);
        });
    }

    /** Removes overrides: those quotas follow the plan and add-ons again. */
    public EffectiveQuota clearOverrides(UUID subscriptionId, Set<QuotaName> quotas) {
        return jdbi.inTransaction(h -> {
            Subscription s = Subscriptions.lock(h, subscriptionId);
            for (QuotaName q : quotas) {
                h.createUpdate("DELETE FROM gio_subscription_quota WHERE subscription_id = :s AND quota = :q")
                        .bind("s", subscriptionId).bind("q", q.wireName()).execute();
            }
            return effective(h, s);
        });
    }

    /**
     * Reserves a change of usage (a resize: more processors, memory or storage) if the
     * subscription's quotas allow it, atomically with every other reservation of the subscription.
     * Release it when the change has been applied or has failed.
     *
     * @throws SpfException BAD_REQUEST naming the quota that stopped it; FORBIDDEN when the
     *     subscription is suspended; CONFLICT when it is being deleted
     */
    public Reservation reserve(UUID subscriptionId, Usage delta) {
        return reserve(subscriptionId, Optional.empty(), Optional.empty(), delta, Optional.empty());
    }

    /**
     * Reserves room for a new VM of {@code size} (1 VM, its processors, memory and disks) if the
     * subscription's quotas and its plan's largest VM allow it. The reservation stops counting once
     * the VM's row is in the store; release it then, or when the create failed before that.
     */
    public Reservation reserveVm(UUID subscriptionId, UUID vmId, Usage size) {
        return reserve(subscriptionId, Optional.of(vmId), Optional.empty(), size, Optional.of(size));
    }

    /**
     * For VM provisioning: reserves room for a new VM in a cloud if a subscription is bound to it;
     * empty (nothing checked) for a cloud no subscription holds, such as the SPF administrator's.
     */
    public Optional<Reservation> reserveVmInCloud(UUID cloudId, UUID vmId, Usage size) {
        return subscriptionOf(cloudId).map(s -> reserveVm(s, vmId, size));
    }

    /**
     * For a VM resize: reserves what the VM grows by ({@code growth}: processors, memory; never
     * negative) in the subscription holding its cloud, for the job {@code jobId} that applies it. It
     * counts, atomically with every other reservation of the subscription, until that job has ended
     * (then the VM's row carries its new size); {@link #settle(UUID)} releases it. The plan's largest
     * VM is checked against {@code target} in the dimensions that grow. Empty when nothing grows or
     * no subscription holds the cloud (nothing is checked then).
     *
     * @throws SpfException as {@link #reserve(UUID, Usage)}
     */
    public Optional<Reservation> reserveResize(UUID cloudId, UUID jobId, Usage growth, Usage target) {
        if (growth.equals(Usage.NONE)) {
            return Optional.empty();
        }
        Usage checked = new Usage(0, growth.cores() > 0 ? target.cores() : 0,
                growth.memoryMb() > 0 ? target.memoryMb() : 0, 0);
        return subscriptionOf(cloudId).map(s -> reserve(s, Optional.empty(), Optional.of(jobId), growth,
                Optional.of(checked)));
    }

    /**
     * Holds room for a VM of {@code size} in the subscription holding a cloud, for as long as the job
     * {@code jobId} runs (at most {@code ttl}): a migration's hold on its target, which stops counting
     * when the migration's job ends (its VM then counts in the target cloud) or is released with
     * {@link #settle(UUID)} when the migration was never scheduled. Empty for a cloud no subscription
     * holds.
     *
     * @throws SpfException as {@link #reserve(UUID, Usage)}, and naming the plan's largest VM
     */
    public Optional<Reservation> holdForJob(UUID cloudId, UUID jobId, Usage size, Duration ttl) {
        return subscriptionOf(cloudId).map(s -> reserve(s, Optional.empty(), Optional.of(jobId), size, Optional.of(size),
                ttl));
    }

    /** Releases the reservations of a job that has ended (again, or for a job without one: no change). */
    public void settle(UUID jobId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM gio_quota_reservation WHERE job_id = :j").bind("j", jobId)
                .execute());
    }

    private Optional<UUID> subscriptionOf(UUID cloudId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_subscription WHERE cloud_id = :c")
                .bind("c", cloudId).mapTo(UUID.class).findOne());
    }

    /** Releases a reservation (again: no change). */
    public void release(Reservation reservation) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM gio_quota_reservation WHERE id = :id")
                .bind("id", reservation.id()).execute());
    }

    /** The reservations still counting for a subscription, added up. */
    public Usage reserved(UUID subscriptionId) {
        return jdbi.withHandle(h -> reservedUsage(h, subscriptionId, clock.instant()));
    }

    /**
     * @param vmId a new VM's ID: the reservation stops counting once its row exists
     * @param jobId the job applying the change: the reservation stops counting once it has ended
     * @param vmSize checked against the plan's largest VM (0 = not checked)
     */
    private Reservation reserve(UUID subscriptionId, Optional<UUID> vmId, Optional<UUID> jobId, Usage delta,
            Optional<Usage> vmSize) {
        return reserve(subscriptionId, vmId, jobId, delta, vmSize, RESERVATION_TTL);
    }

    private Reservation reserve(UUID subscriptionId, Optional<UUID> vmId, Optional<UUID> jobId, Usage delta,
            Optional<Usage> vmSize, Duration ttl) {
        if (delta.vms() < 0 || delta.cores() < 0 || delta.memoryMb() < 0 || delta.storageGb() < 0) {
            throw SpfException.badRequest("A quota reservation cannot be negative; a smaller VM needs none.");
        }
        long deadline = System.nanoTime() + LOCK_RETRY_LIMIT.toNanos();
        while (true) {
            try {
                return jdbi.inTransaction(h -> reserveLocked(h, subscriptionId, vmId, jobId, delta, vmSize, ttl));
            } catch (RuntimeException e) {
                if (!isLockFailure(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    private Reservation reserveLocked(Handle h, UUID subscriptionId, Optional<UUID> vmId, Optional<UUID> jobId,
            Usage delta, Optional<Usage> vmSize, Duration ttl) {
        Subscription s = Subscriptions.lock(h, subscriptionId);
        switch (s.state()) {
            case SUSPENDED -> throw new SpfException(SpfErrorCode.FORBIDDEN, "Subscription '" + s.name()
                    + "' is suspended: its objects can be read but not changed.");
            case DELETING -> throw new SpfException(SpfErrorCode.CONFLICT, "Subscription '" + s.name()
                    + "' is being deleted.");
            case ACTIVE -> { }
        }
        EffectiveQuota q = effective(h, s);
        if (vmSize.isPresent()) {
            Usage size = vmSize.get();
            if (q.maxCpuPerVm().isPresent() && size.cores() > q.maxCpuPerVm().getAsInt()) {
                throw SpfException.badRequest("Plan '" + s.planName() + "' allows at most " + q.maxCpuPerVm().getAsInt()
                        + " virtual processors per VM; " + size.cores() + " were asked for.");
            }
            if (q.maxMemoryMbPerVm().isPresent() && size.memoryMb() > q.maxMemoryMbPerVm().getAsInt()) {
                throw SpfException.badRequest("Plan '" + s.planName() + "' allows at most "
                        + q.maxMemoryMbPerVm().getAsInt() + " MB of memory per VM; " + size.memoryMb()
                        + " MB were asked for.");
            }
        }
        Instant now = clock.instant();
        h.createUpdate("DELETE FROM gio_quota_reservation WHERE subscription_id = :s AND (expires <= :now"
                        + " OR EXISTS (SELECT 1 FROM vmm_vm v WHERE v.id = gio_quota_reservation.vm_id)"
                        + " OR EXISTS (SELECT 1 FROM vmm_job j WHERE j.id = gio_quota_reservation.job_id"
                        + " AND j.is_completed))")
                .bind("s", subscriptionId).bind("now", utc(now)).execute();
        Usage inUse = usageWithReservations(h, s.cloudId(), subscriptionId, now);
        check(q.quota().role(), inUse, delta, false);
        check(q.quota().member(), inUse, delta, true);
        UUID id = UUID.randomUUID();
        h.createUpdate("INSERT INTO gio_quota_reservation (id, subscription_id, vm_id, job_id, vm_count, cpu_count,"
                        + " memory_mb, storage_gb, expires) VALUES (:id, :s, :vm, :job, :n, :cpu, :mem, :sto, :exp)")
                .bind("id", id).bind("s", subscriptionId).bindByType("vm", vmId.orElse(null), UUID.class)
                .bindByType("job", jobId.orElse(null), UUID.class)
                .bind("n", delta.vms()).bind("cpu", delta.cores()).bind("mem", delta.memoryMb())
                .bind("sto", delta.storageGb()).bind("exp", utc(now.plus(ttl))).execute();
        return new Reservation(id, subscriptionId, vmId, delta);
    }

    /** Refuses a change that would take usage past a limit, naming the quota. */
    private static void check(QuotaLimits limits, Usage inUse, Usage delta, boolean member) {
        String whose = member ? "The subscription's per-user quota of " : "The subscription's quota of ";
        refuseIfOver(limits.vms(), inUse.vms(), delta.vms(), whose, "virtual machines", "");
        refuseIfOver(limits.cores(), inUse.cores(), delta.cores(), whose, "virtual processors", "");
        refuseIfOver(limits.memoryMb(), inUse.memoryMb(), delta.memoryMb(), whose, "MB of memory", " MB");
        refuseIfOver(limits.storageGb(), inUse.storageGb(), delta.storageGb(), whose, "GB of storage", " GB");
    }

    private static void refuseIfOver(OptionalLong limit, long used, long delta, String whose, String what,
            String unit) {
        if (delta == 0 || limit.isEmpty() || used + delta <= limit.getAsLong()) {
            return;
        }
        long max = limit.getAsLong();
        String message = used >= max
                ? whose + max + " " + what + " is used up (" + used + unit + " in use)."
                : whose + max + " " + what + " does not leave room for " + delta + unit + " more (" + used + unit
                        + " in use).";
        throw SpfException.badRequest(message);
    }

    static EffectiveQuota effective(Handle h, Subscription s) {
        Plan plan = Plans.find(h, s.planId()).orElseThrow();
        QuotaSettings quota = plan.spec().quota();
        Set<UUID> templates = new HashSet<>(plan.spec().templateIds());
        boolean backup = false;
        for (UUID addOnId : s.addOnIds()) {
            AddOn a = AddOns.find(h, addOnId).orElseThrow();
            quota = quota.plus(a.spec().quotaIncrement());
            templates.addAll(a.spec().templateIds());
            backup |= a.spec().kind() == AddOnKind.BACKUP;
        }
        quota = quota.with(overrides(h, s.id()));
        OptionalInt maxCpu = plan.spec().maxCpuPerVm();
        return new EffectiveQuota(quota, plan.spec().actions(), templates, plan.spec().hardwareProfileIds(),
                plan.spec().vmNetworkIds(), plan.spec().migrationAllowed(), backup, maxCpu,
                plan.spec().maxMemoryMbPerVm());
    }

    private static Map<QuotaName, OptionalLong> overrides(Handle h, UUID subscriptionId) {
        Map<QuotaName, OptionalLong> m = new EnumMap<>(QuotaName.class);
        h.createQuery("SELECT quota, quota_value FROM gio_subscription_quota WHERE subscription_id = :s")
                .bind("s", subscriptionId)
                .map((rs, ctx) -> Map.entry(QuotaName.ofWireName(rs.getString(1)), Rows.optLong(rs, "quota_value")))
                .forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static Usage vmUsage(Handle h, UUID cloudId) {
        return h.createQuery("SELECT COUNT(*), COALESCE(SUM(cpu_count), 0), COALESCE(SUM(memory_mb), 0),"
                        + " COALESCE(SUM(total_size), 0) FROM vmm_vm WHERE cloud_id = :c AND status <> 'CreationFailed'")
                .bind("c", cloudId)
                .map((rs, ctx) -> new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3), Usage.gigabytes(rs.getLong(4))))
                .one();
    }

    /**
     * The VMs in the cloud plus the open reservations, read in ONE statement: under READ COMMITTED
     * each statement sees its own snapshot, and with two statements a VM row committed between them
     * would be counted by neither (its reservation no longer counts once the row exists).
     */
    private static Usage usageWithReservations(Handle h, UUID cloudId, UUID subscriptionId, Instant now) {
        String vms = " FROM vmm_vm WHERE cloud_id = :c AND status <> 'CreationFailed')";
        String open = " FROM gio_quota_reservation r WHERE r.subscription_id = :s AND r.expires > :now"
                + " AND " + COUNTING + ")";
        return h.createQuery("SELECT (SELECT COUNT(*)" + vms + ", (SELECT COALESCE(SUM(cpu_count), 0)" + vms
                        + ", (SELECT COALESCE(SUM(memory_mb), 0)" + vms + ", (SELECT COALESCE(SUM(total_size), 0)" + vms
                        + ", (SELECT COALESCE(SUM(r.vm_count), 0)" + open + ", (SELECT COALESCE(SUM(r.cpu_count), 0)" + open
                        + ", (SELECT COALESCE(SUM(r.memory_mb), 0)" + open + ", (SELECT COALESCE(SUM(r.storage_gb), 0)"
                        + open)
                .bind("c", cloudId).bind("s", subscriptionId).bind("now", utc(now))
                .map((rs, ctx) -> new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3), Usage.gigabytes(rs.getLong(4)))
                        .plus(new Usage(rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8))))
                .one();
    }

    private static Usage reservedUsage(Handle h, UUID subscriptionId, Instant now) {
        return h.createQuery("SELECT COALESCE(SUM(r.vm_count), 0), COALESCE(SUM(r.cpu_count), 0),"
                        + " COALESCE(SUM(r.memory_mb), 0), COALESCE(SUM(r.storage_gb), 0) FROM gio_quota_reservation r"
                        + " WHERE r.subscription_id = :s AND r.expires > :now AND " + COUNTING)
                .bind("s", subscriptionId).bind("now", utc(now))
                .map((rs, ctx) -> new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).one();
    }

    private static boolean isLockFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && LOCK_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** For tests and the admin view: every open reservation of a subscription. */
    List<Reservation> openReservations(UUID subscriptionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, vm_id, vm_count, cpu_count, memory_mb, storage_gb"
                        + " FROM gio_quota_reservation WHERE subscription_id = :s")
                .bind("s", subscriptionId)
                .map((rs, ctx) -> new Reservation(rs.getObject(1, UUID.class), subscriptionId,
                        Optional.ofNullable(rs.getObject(2, UUID.class)),
                        new Usage(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))))
                .list());
    }
}
