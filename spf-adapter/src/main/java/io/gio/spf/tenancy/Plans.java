package io.gio.spf.tenancy;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * WAP plans for VM Clouds: created, read, updated and listed by the administrator, with the
 * add-ons each offers. A plan's templates, hardware profiles and VM networks must be on its stamp.
 */
public final class Plans {

    private static final String COLUMNS = "p.id, p.name, p.display_name, p.state, p.stamp_id, p.role_vm_count,"
            + " p.member_vm_count, p.role_cpu_count, p.member_cpu_count, p.role_memory_mb, p.member_memory_mb,"
            + " p.role_storage_gb, p.member_storage_gb, p.max_vm_cpu, p.max_vm_memory_mb, p.migration_allowed,"
            + " p.max_subscriptions_per_account, p.created, p.modified,"
            + " (SELECT COUNT(*) FROM gio_subscription s WHERE s.plan_id = p.id) AS subscription_count";

    private final Jdbi jdbi;
    private final Clock clock;

    public Plans(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Plan create(PlanSpec spec) {
        return create(UUID.randomUUID(), spec);
    }

    /** Creates a plan with a given ID (deterministic IDs for seeded data). */
    public Plan create(UUID id, PlanSpec spec) {
        PlanSpec s = normalize(spec);
        return jdbi.inTransaction(h -> {
            validate(h, s, Optional.empty());
            if (find(h, id).isPresent()) {
                throw new SpfException(SpfErrorCode.CONFLICT, "A plan with ID " + id + " exists already.");
            }
            Instant now = clock.instant();
            h.createUpdate("INSERT INTO gio_plan (id, name, display_name, state, stamp_id, created, modified)"
                            + " VALUES (:id, :name, :dn, :state, :stamp, :now, :now)")
                    .bind("id", id).bind("name", s.name()).bind("dn", s.displayName())
                    .bind("state", s.state().wireName()).bind("stamp", s.stampId()).bind("now", utc(now)).execute();
            write(h, id, s, now);
            return find(h, id).orElseThrow();
        });
    }

    /** Replaces a plan's settings. Its stamp cannot change while it has subscriptions. */
    public Plan update(UUID id, PlanSpec spec) {
        PlanSpec s = normalize(spec);
        return jdbi.inTransaction(h -> {
            Plan old = lock(h, id);
            validate(h, s, Optional.of(id));
            if (!old.spec().stampId().equals(s.stampId()) && old.subscriptionCount() > 0) {
                throw new SpfException(SpfErrorCode.CONFLICT, "Plan '" + old.name() + "' has " + old.subscriptionCount()
                        + " subscription(s) bound to clouds on its stamp; its stamp cannot change.");
            }
            h.createUpdate("UPDATE gio_plan SET name = :name, display_name = :dn, state = :state, stamp_id = :stamp"
                            + " WHERE id = :id")
                    .bind("id", id).bind("name", s.name()).bind("dn", s.displayName())
                    .bind("state", s.state().wireName()).bind("stamp", s.stampId()).execute();
            write(h, id, s, clock.instant());
            return find(h, id).orElseThrow();
        });
    }

    /** Makes a plan public, private or decommissioned (a decommissioned plan takes no new subscriptions). */
    public Plan setState(UUID id, PlanState state) {
        return update(id, get(id).spec().withState(state));
    }

    public Optional<Plan> find(UUID id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** The plan; a 404 naming it otherwise. */
    public Plan get(UUID id) {
        return find(id).orElseThrow(() -> SpfException.notFound("There is no plan with ID " + id + "."));
    }

    public Optional<Plan> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_plan WHERE name = :n").bind("n", name)
                .mapTo(UUID.class).findOne().flatMap(id -> find(h, id)));
    }

    /** Every plan, by name. */
    public List<Plan> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_plan ORDER BY name, id").mapTo(UUID.class).list()
                .stream().map(id -> find(h, id).orElseThrow()).toList());
    }

    /** Offers an add-on on a plan; its subscriptions may then take it. */
    public Plan attachAddOn(UUID planId, UUID addOnId) {
        return jdbi.inTransaction(h -> {
            lock(h, planId);
            AddOns.require(h, addOnId);
            int have = h.createQuery("SELECT COUNT(*) FROM gio_plan_addon WHERE plan_id = :p AND addon_id = :a")
                    .bind("p", planId).bind("a", addOnId).mapTo(Integer.class).one();
            if (have == 0) {
                h.createUpdate("INSERT INTO gio_plan_addon (plan_id, addon_id) VALUES (:p, :a)").bind("p", planId)
                        .bind("a", addOnId).execute();
            }
            return find(h, planId).orElseThrow();
        });
    }

    /** Stops offering an add-on; refused while a subscription of the plan holds it. */
    public Plan detachAddOn(UUID planId, UUID addOnId) {
        return jdbi.inTransaction(h -> {
            lock(h, planId);
            int holders = h.createQuery("SELECT COUNT(*) FROM gio_subscription_addon sa JOIN gio_subscription s"
                            + " ON s.id = sa.subscription_id WHERE s.plan_id = :p AND sa.addon_id = :a")
                    .bind("p", planId).bind("a", addOnId).mapTo(Integer.class).one();
            if (holders > 0) {
                throw new SpfException(SpfErrorCode.CONFLICT, holders + " subscription(s) of the plan hold add-on "
                        + addOnId + "; remove it from them first.");
            }
            h.createUpdate("DELETE FROM gio_plan_addon WHERE plan_id = :p AND addon_id = :a").bind("p", planId)
                    .bind("a", addOnId).execute();
            return find(h, planId).orElseThrow();
        });
    }

    static Optional<Plan> find(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM gio_plan p WHERE p.id = :id").bind("id", id)
                .map((rs, ctx) -> {
                    QuotaSettings quota = new QuotaSettings(
                            new QuotaLimits(Rows.optLong(rs, "role_vm_count"), Rows.optLong(rs, "role_cpu_count"),
                                    Rows.optLong(rs, "role_memory_mb"), Rows.optLong(rs, "role_storage_gb")),
                            new QuotaLimits(Rows.optLong(rs, "member_vm_count"), Rows.optLong(rs, "member_cpu_count"),
                                    Rows.optLong(rs, "member_memory_mb"), Rows.optLong(rs, "member_storage_gb")));
                    PlanSpec spec = new PlanSpec(rs.getString("name"), rs.getString("display_name"),
                            PlanState.ofWireName(rs.getString("state")), rs.getObject("stamp_id", UUID.class), quota,
                            Set.of(), Set.of(), Set.of(), Set.of(), rs.getBoolean("migration_allowed"),
                            Rows.optInt(rs, "max_vm_cpu"), Rows.optInt(rs, "max_vm_memory_mb"),
                            Rows.optLong(rs, "max_subscriptions_per_account"));
                    return new Plan(id, spec, List.of(), rs.getLong("subscription_count"), Rows.instant(rs, "created"),
                            Rows.instant(rs, "modified"));
                })
                .findOne()
                .map(p -> new Plan(id, new PlanSpec(p.spec().name(), p.spec().displayName(), p.spec().state(),
                        p.spec().stampId(), p.spec().quota(),
                        Set.copyOf(h.createQuery("SELECT action FROM gio_plan_action WHERE plan_id = :k")
                                .bind("k", id).mapTo(String.class).list()),
                        Set.copyOf(Rows.uuids(h, "SELECT template_id FROM gio_plan_template WHERE plan_id = :k", id)),
                        Set.copyOf(Rows.uuids(h, "SELECT hardware_profile_id FROM gio_plan_hardware_profile"
                                + " WHERE plan_id = :k", id)),
                        Set.copyOf(Rows.uuids(h, "SELECT vm_network_id FROM gio_plan_vm_network WHERE plan_id = :k",
                                id)),
                        p.spec().migrationAllowed(), p.spec().maxCpuPerVm(), p.spec().maxMemoryMbPerVm(),
                        p.spec().maxSubscriptionsPerAccount()),
                        Rows.uuids(h, "SELECT addon_id FROM gio_plan_addon WHERE plan_id = :k ORDER BY addon_id", id),
                        p.subscriptionCount(), p.created(), p.modified()));
    }

    /** The plan, its row locked for the transaction; a 404 otherwise. */
    static Plan lock(Handle h, UUID id) {
        h.createQuery("SELECT id FROM gio_plan WHERE id = :id FOR UPDATE").bind("id", id).mapTo(UUID.class).findOne()
                .orElseThrow(() -> SpfException.notFound("There is no plan with ID " + id + "."));
        return find(h, id).orElseThrow();
    }

    private static PlanSpec normalize(PlanSpec s) {
        String name = s.name().trim();
        String display = s.displayName().trim().isEmpty() ? name : s.displayName().trim();
        return new PlanSpec(name, display, s.state(), s.stampId(), s.quota(), PlanActions.validate(s.actions()),
                s.templateIds(), s.hardwareProfileIds(), s.vmNetworkIds(), s.migrationAllowed(), s.maxCpuPerVm(),
                s.maxMemoryMbPerVm(), s.maxSubscriptionsPerAccount());
    }

    private static void validate(Handle h, PlanSpec s, Optional<UUID> self) {
        if (s.name().isEmpty() || s.name().length() > 256 || s.displayName().length() > 256) {
            throw SpfException.badRequest("A plan's name and display name must be 1 to 256 characters long.");
        }
        var stamp = h.createQuery("SELECT name, max_cpu, max_memory_mb FROM vmm_stamp WHERE id = :id")
                .bind("id", s.stampId())
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getInt(3)}).findOne()
                .orElseThrow(() -> SpfException.badRequest("There is no stamp with ID " + s.stampId() + "."));
        String stampName = (String) stamp[0];
        if (s.maxCpuPerVm().isPresent() && (s.maxCpuPerVm().getAsInt() < 1
                || s.maxCpuPerVm().getAsInt() > (Integer) stamp[1])) {
            throw SpfException.badRequest("Stamp " + stampName + " runs VMs with 1 to " + stamp[1]
                    + " virtual processors; a plan cannot allow " + s.maxCpuPerVm().getAsInt() + ".");
        }
        if (s.maxMemoryMbPerVm().isPresent() && (s.maxMemoryMbPerVm().getAsInt() < 1
                || s.maxMemoryMbPerVm().getAsInt() > (Integer) stamp[2])) {
            throw SpfException.badRequest("Stamp " + stampName + " runs VMs with at most " + stamp[2]
                    + " MB of memory; a plan cannot allow " + s.maxMemoryMbPerVm().getAsInt() + " MB.");
        }
        if (s.maxSubscriptionsPerAccount().isPresent() && s.maxSubscriptionsPerAccount().getAsLong() < 1) {
            throw SpfException.badRequest("MaxSubscriptionsPerAccount must be at least 1, or unlimited.");
        }
        requireOnStamp(h, "vmm_template", "template", s.templateIds(), s.stampId(), stampName);
        requireOnStamp(h, "vmm_hardware_profile", "hardware profile", s.hardwareProfileIds(), s.stampId(), stampName);
        requireOnStamp(h, "vmm_vm_network", "VM network", s.vmNetworkIds(), s.stampId(), stampName);
        Optional<UUID> sameName = h.createQuery("SELECT id FROM gio_plan WHERE name = :n").bind("n", s.name())
                .mapTo(UUID.class).findOne();
        if (sameName.isPresent() && !sameName.equals(self)) {
            throw new SpfException(SpfErrorCode.CONFLICT, "A plan named '" + s.name() + "' exists already.");
        }
    }

    static void requireOnStamp(Handle h, String table, String what, Set<UUID> ids, UUID stampId, String stampName) {
        if (ids.isEmpty()) {
            return;
        }
        Set<UUID> found = new HashSet<>(h.createQuery("SELECT id FROM " + table
                        + " WHERE stamp_id = :stamp AND id IN (<ids>)")
                .bind("stamp", stampId).bindList("ids", List.copyOf(ids)).mapTo(UUID.class).list());
        for (UUID id : ids) {
            if (!found.contains(id)) {
                throw SpfException.badRequest("There is no " + what + " with ID " + id + " on stamp " + stampName + ".");
            }
        }
    }

    private static void write(Handle h, UUID id, PlanSpec s, Instant now) {
        QuotaSettings q = s.quota();
        h.createUpdate("UPDATE gio_plan SET role_vm_count = :rvm, member_vm_count = :mvm, role_cpu_count = :rcpu,"
                        + " member_cpu_count = :mcpu, role_memory_mb = :rmem, member_memory_mb = :mmem,"
                        + " role_storage_gb = :rsto, member_storage_gb = :msto, max_vm_cpu = :maxcpu,"
                        + " max_vm_memory_mb = :maxmem, migration_allowed = :mig, max_subscriptions_per_account = :maxsub,"
                        + " modified = :now WHERE id = :id")
                .bindByType("rvm", Rows.nullable(q.role().vms()), Long.class)
                .bindByType("mvm", Rows.nullable(q.member().vms()), Long.class)
                .bindByType("rcpu", Rows.nullable(q.role().cores()), Long.class)
                .bindByType("mcpu", Rows.nullable(q.member().cores()), Long.class)
                .bindByType("rmem", Rows.nullable(q.role().memoryMb()), Long.class)
                .bindByType("mmem", Rows.nullable(q.member().memoryMb()), Long.class)
                .bindByType("rsto", Rows.nullable(q.role().storageGb()), Long.class)
                .bindByType("msto", Rows.nullable(q.member().storageGb()), Long.class)
                .bindByType("maxcpu", Rows.nullable(s.maxCpuPerVm()), Integer.class)
                .bindByType("maxmem", Rows.nullable(s.maxMemoryMbPerVm()), Integer.class)
                .bind("mig", s.migrationAllowed())
                .bindByType("maxsub", s.maxSubscriptionsPerAccount().isPresent()
                        ? (Integer) (int) s.maxSubscriptionsPerAccount().getAsLong() : null, Integer.class)
                .bind("now", utc(now)).bind("id", id).execute();
        Rows.replace(h, "gio_plan_action", "plan_id", "action", id, s.actions());
        Rows.replace(h, "gio_plan_template", "plan_id", "template_id", id, s.templateIds());
        Rows.replace(h, "gio_plan_hardware_profile", "plan_id", "hardware_profile_id", id, s.hardwareProfileIds());
        Rows.replace(h, "gio_plan_vm_network", "plan_id", "vm_network_id", id, s.vmNetworkIds());
    }
}
