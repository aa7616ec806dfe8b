package io.gio.spf.migration;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.query.Scope;
import io.gio.spf.tenancy.EffectiveQuota;
import io.gio.spf.tenancy.Quotas;
import io.gio.spf.tenancy.Subscription;
import io.gio.spf.tenancy.SubscriptionState;
import io.gio.spf.tenancy.Subscriptions;
import io.gio.spf.tenancy.Usage;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a migration request may go, in the caller's scope. A subscription may migrate the VMs it
 * sees (another tenant's VM is a 404, exactly like a missing one) to a cloud of one of its
 * account's own subscriptions: by default the cloud of its successor subscription. The plan of the
 * subscription that holds the target cloud must offer migration ({@code MigrationAllowed}, 403
 * otherwise) and bounds the VM's size; that subscription must be active and its quotas must have
 * room for the VM. The administrator may migrate any VM to any cloud (quotas are checked all the same).
 */
final class MigrationTargets {

    /** The VM as the VMM view has it. */
    record SourceVm(UUID id, UUID stampId, String name, UUID cloudId, String ownerUser, int cpuCount, int memoryMb,
            long diskBytes) {}

    /** Where the VM goes and who asked. */
    record Target(SourceVm vm, UUID cloudId, UUID stampId, Optional<UUID> viaSubscription) {}

    private final Jdbi jdbi;
    private final Subscriptions subscriptions;
    private final Quotas quotas;
    /** Longer than any migration waits and runs; the hold ends with the migration's job. */
    private static final java.time.Duration MIGRATION_HOLD = java.time.Duration.ofDays(3650);

    MigrationTargets(Jdbi jdbi, Subscriptions subscriptions, Quotas quotas) {
        this.jdbi = jdbi;
        this.subscriptions = subscriptions;
        this.quotas = quotas;
    }

    /**
     * @param jobId the migration's job: the target subscription's quotas hold room for the VM until
     *     it ends (release the hold with {@code Quotas.settle(jobId)} if the migration is not scheduled)
     */
    Target resolve(MigrationInput in, Scope scope, UUID jobId) {
        Optional<Scope.Binding> b = scope.binding();
        b.ifPresent(MigrationTargets::requireActive);
        if (in.targetCpuCount().isPresent() && in.targetCpuCount().getAsInt() < 1) {
            throw SpfException.badRequest("TargetCPUCount must be at least 1, not " + in.targetCpuCount().getAsInt() + ".");
        }
        if (in.targetMemoryMb().isPresent() && in.targetMemoryMb().getAsInt() < 1) {
            throw SpfException.badRequest("TargetMemoryMB must be at least 1, not " + in.targetMemoryMb().getAsInt() + ".");
        }
        SourceVm vm = vm(in.vmId(), in.stampId()).filter(v -> b.isEmpty() || b.get().cloudId().equals(v.cloudId()))
                .orElseThrow(() -> SpfException.notFound("The virtual machine with ID " + in.vmId() + " on stamp "
                        + in.stampId() + " was not found."));
        UUID cloud = in.targetCloudId().map(c -> allowedCloud(c, b)).orElseGet(() -> successorCloud(vm, b));
        if (cloud.equals(vm.cloudId())) {
            throw SpfException.badRequest("The virtual machine " + vm.name() + " is in cloud " + cloud
                    + " already; TargetCloudId must name another cloud.");
        }
        UUID stamp = cloudStamp(cloud).orElseThrow(() -> cloudNotFound(cloud));
        Optional<Subscription> holder = subscriptions.findByCloud(cloud);
        holder.ifPresent(s -> {
            if (s.state() != SubscriptionState.ACTIVE) {
                throw new SpfException(SpfErrorCode.FORBIDDEN, "Subscription " + s.id() + ", which holds the target cloud, is "
                        + s.state().wireName().toLowerCase(Locale.ROOT) + "; its cloud takes no new virtual machines.");
            }
        });
        if (b.isPresent() && holder.isPresent()) {
            checkPlan(holder.get(), in, vm);
        }
        // The target subscription's quotas hold room for the VM from now until the migration's job
        // ends: two migrations (or a migration and a create) cannot both take the last of a quota.
        quotas.holdForJob(cloud, jobId, Usage.ofVm(in.targetCpuCount().orElse(vm.cpuCount()),
                in.targetMemoryMb().orElse(vm.memoryMb()), vm.diskBytes()), MIGRATION_HOLD);
        return new Target(vm, cloud, stamp, b.map(Scope.Binding::subscriptionId));
    }

    private void checkPlan(Subscription target, MigrationInput in, SourceVm vm) {
        EffectiveQuota q = quotas.effective(target.id());
        if (!q.migrationAllowed()) {
            throw new SpfException(SpfErrorCode.FORBIDDEN, "The plan '" + target.planName() + "' of subscription "
                    + target.id() + " does not offer migration; virtual machines cannot be migrated into its cloud.");
        }
        int cpu = in.targetCpuCount().orElse(vm.cpuCount());
        if (q.maxCpuPerVm().isPresent() && cpu > q.maxCpuPerVm().getAsInt()) {
            throw SpfException.badRequest("The plan '" + target.planName() + "' allows at most "
                    + q.maxCpuPerVm().getAsInt() + " virtual processors per VM, not " + cpu + " (TargetCPUCount).");
        }
        int memory = in.targetMemoryMb().orElse(vm.memoryMb());
        if (q.maxMemoryMbPerVm().isPresent() && memory > q.maxMemoryMbPerVm().getAsInt()) {
            throw SpfException.badRequest("The plan '" + target.planName() + "' allows at most "
                    + q.maxMemoryMbPerVm().getAsInt() + " MB of memory per VM, not " + memory + " (TargetMemoryMB).");
        }
    }

    /** A given target cloud: for a subscription, one of its account's subscriptions' clouds. */
    private UUID allowedCloud(UUID cloud, Optional<Scope.Binding> b) {
        if (b.isPresent()) {
            boolean own = subscriptions.listForAccount(b.get().accountName()).stream()
                    .anyMatch(s -> s.cloudId().equals(cloud) && s.state() != SubscriptionState.DELETING);
            if (!own) {
                throw cloudNotFound(cloud);
            }
        }
        return cloud;
    }

    /** The cloud of the successor of the caller's subscription (the administrator's: of the VM's cloud's). */
    private UUID successorCloud(SourceVm vm, Optional<Scope.Binding> b) {
        Optional<Subscription> from = b.isPresent() ? subscriptions.find(b.get().subscriptionId())
                : Optional.ofNullable(vm.cloudId()).flatMap(subscriptions::findByCloud);
        return from.flatMap(Subscription::successorId).flatMap(subscriptions::find).map(Subscription::cloudId)
                .orElseThrow(() -> SpfException.badRequest("TargetCloudId is required: "
                        + from.map(s -> "subscription " + s.id() + " has no successor subscription to migrate to.")
                                .orElse("the virtual machine's cloud belongs to no subscription with a successor.")));
    }

    private Optional<SourceVm> vm(UUID id, UUID stamp) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, stamp_id, name, cloud_id, owner_user, cpu_count, memory_mb,"
                        + " total_size FROM vmm_vm WHERE id = :id AND stamp_id = :stamp")
                .bind("id", id).bind("stamp", stamp)
                .map((rs, ctx) -> new SourceVm(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getLong(8)))
                .findOne());
    }

    private Optional<UUID> cloudStamp(UUID cloud) {
        return jdbi.withHandle(h -> h.createQuery("SELECT stamp_id FROM vmm_cloud WHERE id = :id").bind("id", cloud)
                .mapTo(UUID.class).findOne());
    }

    private static SpfException cloudNotFound(UUID cloud) {
        return SpfException.notFound("The cloud " + cloud + " was not found (TargetCloudId).");
    }

    private static void requireActive(Scope.Binding b) {
        if (b.state() != SubscriptionState.ACTIVE) {
            throw new SpfException(SpfErrorCode.FORBIDDEN, "Subscription " + b.subscriptionId() + " is "
                    + b.state().wireName().toLowerCase(Locale.ROOT) + "; its resources can be read but not changed.");
        }
    }
}
