package io.gio.spf.tenancy;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * WAP subscriptions for VM Clouds: an account's subscription to a plan, bound to one cloud and
 * one VMM user role on the plan's stamp. Active, suspended (readable, not changeable) or being
 * deleted; optionally linked to the subscription that succeeds it (a migrated customer's new
 * contract).
 */
public final class Subscriptions {

    private static final String SELECT = "SELECT s.id, s.name, s.account_name, s.tenant_id, s.plan_id, p.name AS plan_name,"
            + " p.stamp_id, s.state, s.cloud_id, s.user_role_id, r.name AS role_name, s.successor_subscription_id,"
            + " s.created, s.modified FROM gio_subscription s JOIN gio_plan p ON p.id = s.plan_id"
            + " JOIN vmm_user_role r ON r.id = s.user_role_id";

    private final Jdbi jdbi;
    private final Clock clock;

    public Subscriptions(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Subscribes an account to a plan. The plan must not be decommissioned, and the account must
     * hold fewer than the plan's maximum of subscriptions to it. A given cloud must be on the plan's
     * stamp and not bound to another subscription.
     */
    public Subscription create(NewSubscription req) {
        String name = req.name().trim();
        if (name.isEmpty() || name.length() > 256) {
            throw SpfException.badRequest("A subscription's name must be 1 to 256 characters long.");
        }
        return jdbi.inTransaction(h -> {
            Plan plan = Plans.lock(h, req.planId());
            if (plan.spec().state() == PlanState.DECOMMISSIONED) {
                throw new SpfException(SpfErrorCode.CONFLICT, "Plan '" + plan.name()
                        + "' is decommissioned and takes no new subscriptions.");
            }
            Optional<UUID> tenantId = h.createQuery("SELECT tenant_id FROM gio_account WHERE name = :n")
                    .bind("n", req.accountName())
                    .map((rs, ctx) -> Optional.ofNullable(rs.getObject(1, UUID.class))).findOne()
                    .orElseThrow(() -> SpfException.badRequest("There is no account '" + req.accountName() + "'."));
            if (h.createQuery("SELECT COUNT(*) FROM gio_account WHERE name = :n AND state = 'DeletePending'")
                    .bind("n", req.accountName()).mapTo(Integer.class).one() > 0) {
                throw new SpfException(SpfErrorCode.CONFLICT, "Account '" + req.accountName() + "' is being deleted.");
            }
            if (plan.spec().maxSubscriptionsPerAccount().isPresent()) {
                long max = plan.spec().maxSubscriptionsPerAccount().getAsLong();
                long held = h.createQuery("SELECT COUNT(*) FROM gio_subscription WHERE plan_id = :p"
                                + " AND account_name = :a AND state <> :deleting")
                        .bind("p", plan.id()).bind("a", req.accountName())
                        .bind("deleting", SubscriptionState.DELETING.wireName()).mapTo(Long.class).one();
                if (held >= max) {
                    throw new SpfException(SpfErrorCode.CONFLICT, "Account '" + req.accountName() + "' holds " + held
                            + " subscription(s) to plan '" + plan.name() + "', which allows " + max + " per account.");
                }
            }
            UUID id = req.id().orElseGet(UUID::randomUUID);
            if (h.createQuery("SELECT COUNT(*) FROM gio_subscription WHERE id = :id").bind("id", id)
                    .mapTo(Integer.class).one() > 0) {
                throw new SpfException(SpfErrorCode.CONFLICT, "A subscription with ID " + id + " exists already.");
            }
            UUID stampId = plan.spec().stampId();
            Instant now = clock.instant();
            UUID cloudId;
            UUID roleId;
            if (req.cloudId().isPresent()) {
                cloudId = req.cloudId().get();
                Cloud cloud = cloud(h, cloudId);
                if (!cloud.stampId().equals(stampId)) {
                    throw SpfException.badRequest("Cloud '" + cloud.name() + "' is not on the stamp of plan '"
                            + plan.name() + "'.");
                }
                if (h.createQuery("SELECT COUNT(*) FROM gio_subscription WHERE cloud_id = :c").bind("c", cloudId)
                        .mapTo(Integer.class).one() > 0) {
                    throw new SpfException(SpfErrorCode.CONFLICT, "Cloud '" + cloud.name()
                            + "' is bound to another subscription.");
                }
                roleId = req.userRoleId().or(cloud::userRoleId)
                        .orElseGet(() -> createRole(h, id, req.accountName(), tenantId, stampId));
                requireRole(h, roleId, stampId, req.accountName());
                if (cloud.userRoleId().isEmpty()) {
                    h.createUpdate("UPDATE vmm_cloud SET user_role_id = :r, modified = :now WHERE id = :id")
                            .bind("r", roleId).bind("now", utc(now)).bind("id", cloudId).execute();
                }
            } else {
                roleId = req.userRoleId().orElseGet(() -> createRole(h, id, req.accountName(), tenantId, stampId));
                requireRole(h, roleId, stampId, req.accountName());
                cloudId = derivedId("cloud", id);
                String stampName = h.createQuery("SELECT name FROM vmm_stamp WHERE id = :id").bind("id", stampId)
                        .mapTo(String.class).one();
                h.createUpdate("INSERT INTO vmm_cloud (id, stamp_id, name, description, user_role_id, modified)"
                                + " VALUES (:id, :stamp, :name, :desc, :role, :now)")
                        .bind("id", cloudId).bind("stamp", stampId).bind("name", name)
                        .bind("desc", "Cloud of subscription " + id + " on " + stampName).bind("role", roleId)
                        .bind("now", utc(now)).execute();
            }
            h.createUpdate("INSERT INTO gio_subscription (id, name, account_name, tenant_id, plan_id, state, cloud_id,"
                            + " user_role_id, created, modified) VALUES (:id, :name, :acct, :tenant, :plan, :state,"
                            + " :cloud, :role, :now, :now)")
                    .bind("id", id).bind("name", name).bind("acct", req.accountName())
                    .bindByType("tenant", tenantId.orElse(null), UUID.class).bind("plan", plan.id())
                    .bind("state", SubscriptionState.ACTIVE.wireName()).bind("cloud", cloudId).bind("role", roleId)
                    .bind("now", utc(now)).execute();
            return find(h, id).orElseThrow();
        });
    }

    public Optional<Subscription> find(UUID id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** The subscription; a 404 naming it otherwise. */
    public Subscription get(UUID id) {
        return jdbi.withHandle(h -> require(h, id));
    }

    /** The subscription bound to a cloud, if any (clouds of the SPF administrator have none). */
    public Optional<Subscription> findByCloud(UUID cloudId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_subscription WHERE cloud_id = :c")
                .bind("c", cloudId).mapTo(UUID.class).findOne().flatMap(id -> find(h, id)));
    }

    /** An account's subscriptions, oldest first (what the tenant API's {@code GET /subscriptions/} lists). */
    public List<Subscription> listForAccount(String accountName) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE s.account_name = :a ORDER BY s.created, s.id")
                .bind("a", accountName).map((rs, ctx) -> SubscriptionRow.read(rs)).list().stream()
                .map(r -> r.with(addOns(h, r.id()))).toList());
    }

    /**
     * The administrator's list: a page of the subscriptions matching the filter, oldest first, with
     * how many match and how many there are ({@code skip} from 0, {@code top} at least 1).
     */
    public SubscriptionPage list(SubscriptionFilter filter, int skip, int top) {
        if (skip < 0 || top < 1) {
            throw SpfException.badRequest("skip must be 0 or more and top 1 or more.");
        }
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM gio_subscription").mapTo(Long.class).one();
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            filter.accountName().ifPresent(a -> where.append(" AND s.account_name = :acct"));
            filter.planId().ifPresent(p -> where.append(" AND s.plan_id = :plan"));
            filter.state().ifPresent(s -> where.append(" AND s.state = :state"));
            filter.nameContains().ifPresent(n -> where.append(" AND LOWER(s.name) LIKE :pat ESCAPE '!'"));
            Query count = bindFilter(h.createQuery("SELECT COUNT(*) FROM gio_subscription s" + where), filter);
            long filtered = count.mapTo(Long.class).one();
            Query page = bindFilter(h.createQuery(SELECT + where + " ORDER BY s.created, s.id LIMIT :top OFFSET :skip"),
                    filter).bind("top", top).bind("skip", skip);
            List<Subscription> items = page.map((rs, ctx) -> SubscriptionRow.read(rs)).list().stream()
                    .map(r -> r.with(addOns(h, r.id()))).toList();
            return new SubscriptionPage(items, filtered, total);
        });
    }

    private static Query bindFilter(Query q, SubscriptionFilter f) {
        f.accountName().ifPresent(a -> q.bind("acct", a));
        f.planId().ifPresent(p -> q.bind("plan", p));
        f.state().ifPresent(s -> q.bind("state", s.wireName()));
        f.nameContains().ifPresent(n -> q.bind("pat", "%" + n.toLowerCase(Locale.ROOT).replace("!", "!!")
                .replace("%", "!%").replace("_", "!_") + "%"));
        return q;
    }

    public Subscription rename(UUID id, String name) {
        String n = name.trim();
        if (n.isEmpty() || n.length() > 256) {
            throw SpfException.badRequest("A subscription's name must be 1 to 256 characters long.");
        }
        return jdbi.inTransaction(h -> {
            lock(h, id);
            h.createUpdate("UPDATE gio_subscription SET name = :n, modified = :now WHERE id = :id").bind("n", n)
                    .bind("now", utc(clock.instant())).bind("id", id).execute();
            return find(h, id).orElseThrow();
        });
    }

    /** Suspends a subscription: its objects stay readable but nothing may change. */
    public Subscription suspend(UUID id) {
        return setState(id, SubscriptionState.SUSPENDED);
    }

    /** Makes a suspended subscription active again. */
    public Subscription activate(UUID id) {
        return setState(id, SubscriptionState.ACTIVE);
    }

    /**
     * Marks a subscription as being deleted; it cannot come back from there. Only the mark: the
     * gateway's delete goes through {@code io.gio.spf.lifecycle.SubscriptionRemoval}, which also
     * removes its VMs, cloud and user role.
     */
    public Subscription delete(UUID id) {
        return setState(id, SubscriptionState.DELETING);
    }

    /** Moves a subscription to a state; leaving Deleting is a 409. */
    public Subscription setState(UUID id, SubscriptionState state) {
        return jdbi.inTransaction(h -> {
            Subscription s = lock(h, id);
            if (s.state() == SubscriptionState.DELETING && state != SubscriptionState.DELETING) {
                throw new SpfException(SpfErrorCode.CONFLICT, "Subscription '" + s.name()
                        + "' is being deleted; it cannot become " + state.wireName() + ".");
            }
            if (s.state() != state) {
                h.createUpdate("UPDATE gio_subscription SET state = :st, modified = :now WHERE id = :id")
                        .bind("st", state.wireName()).bind("now", utc(clock.instant())).bind("id", id).execute();
            }
            return find(h, id).orElseThrow();
        });
    }

    /**
     * Links a subscription to the one that succeeds it (the old and new contract of a migrated
     * customer). Both belong to the same account; a subscription has at most one successor and one
     * predecessor, and the links form no cycle.
     */
    public Subscription linkSuccessor(UUID oldId, UUID newId) {
        if (oldId.equals(newId)) {
            throw SpfException.badRequest("A subscription cannot succeed itself.");
        }
        return jdbi.inTransaction(h -> {
            Subscription old = lock(h, oldId);
            Subscription next = lock(h, newId);
            if (!old.accountName().equals(next.accountName())) {
                throw SpfException.badRequest("Subscription '" + next.name() + "' belongs to another account than '"
                        + old.name() + "'; only an account's own subscriptions can be linked.");
            }
            if (old.successorId().isPresent() && !old.successorId().get().equals(newId)) {
                throw new SpfException(SpfErrorCode.CONFLICT, "Subscription '" + old.name()
                        + "' has a successor already (" + old.successorId().get() + ").");
            }
            Optional<UUID> otherPredecessor = h.createQuery("SELECT id FROM gio_subscription"
                            + " WHERE successor_subscription_id = :n AND id <> :o")
                    .bind("n", newId).bind("o", oldId).mapTo(UUID.class).findFirst();
            if (otherPredecessor.isPresent()) {
                throw new SpfException(SpfErrorCode.CONFLICT, "Subscription '" + next.name()
                        + "' succeeds subscription " + otherPredecessor.get() + " already.");
            }
            Set<UUID> seen = new HashSet<>();
            for (Optional<UUID> c = next.successorId(); c.isPresent(); c = find(h, c.get())
                    .flatMap(Subscription::successorId)) {
                if (c.get().equals(oldId) || !seen.add(c.get())) {
                    throw new SpfException(SpfErrorCode.CONFLICT, "Linking '" + old.name() + "' to '" + next.name()
                            + "' would make a cycle of successors.");
                }
            }
            h.createUpdate("UPDATE gio_subscription SET successor_subscription_id = :n, modified = :now WHERE id = :o")
                    .bind("n", newId).bind("now", utc(clock.instant())).bind("o", oldId).execute();
            return find(h, oldId).orElseThrow();
        });
    }

    /** Removes a subscription's successor link. */
    public Subscription unlinkSuccessor(UUID oldId) {
        return jdbi.inTransaction(h -> {
            lock(h, oldId);
            h.createUpdate("UPDATE gio_subscription SET successor_subscription_id = NULL, modified = :now WHERE id = :o")
                    .bind("now", utc(clock.instant())).bind("o", oldId).execute();
            return find(h, oldId).orElseThrow();
        });
    }

    /** The subscription this one succeeds, if any. */
    public Optional<Subscription> predecessor(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_subscription WHERE successor_subscription_id = :id")
                .bind("id", id).mapTo(UUID.class).findFirst().flatMap(p -> find(h, p)));
    }

    /** Gives a subscription an add-on its plan offers (again: no change). */
    public Subscription addAddOn(UUID id, UUID addOnId) {
        return jdbi.inTransaction(h -> {
            Subscription s = lock(h, id);
            AddOn addOn = AddOns.require(h, addOnId);
            if (h.createQuery("SELECT COUNT(*) FROM gio_plan_addon WHERE plan_id = :p AND addon_id = :a")
                    .bind("p", s.planId()).bind("a", addOnId).mapTo(Integer.class).one() == 0) {
                throw SpfException.badRequest("Plan '" + s.planName() + "' does not offer add-on '" + addOn.name() + "'.");
            }
            if (!s.addOnIds().contains(addOnId)) {
                h.createUpdate("INSERT INTO gio_subscription_addon (subscription_id, addon_id) VALUES (:s, :a)")
                        .bind("s", id).bind("a", addOnId).execute();
                h.createUpdate("UPDATE gio_subscription SET modified = :now WHERE id = :id")
                        .bind("now", utc(clock.instant())).bind("id", id).execute();
            }
            return find(h, id).orElseThrow();
        });
    }

    /** Takes an add-on away from a subscription. */
    public Subscription removeAddOn(UUID id, UUID addOnId) {
        return jdbi.inTransaction(h -> {
            lock(h, id);
            h.createUpdate("DELETE FROM gio_subscription_addon WHERE subscription_id = :s AND addon_id = :a")
                    .bind("s", id).bind("a", addOnId).execute();
            return find(h, id).orElseThrow();
        });
    }

    static Optional<Subscription> find(Handle h, UUID id) {
        return h.createQuery(SELECT + " WHERE s.id = :id").bind("id", id).map((rs, ctx) -> SubscriptionRow.read(rs))
                .findOne().map(r -> r.with(addOns(h, id)));
    }

    static Subscription require(Handle h, UUID id) {
        return find(h, id).orElseThrow(() -> SpfException.notFound("There is no subscription with ID " + id + "."));
    }

    /** The subscription with its row locked until the transaction ends; a 404 otherwise. */
    static Subscription lock(Handle h, UUID id) {
        h.createQuery("SELECT id FROM gio_subscription WHERE id = :id FOR UPDATE").bind("id", id).mapTo(UUID.class)
                .findOne().orElseThrow(() -> SpfException.notFound("There is no subscription with ID " + id + "."));
        return require(h, id);
    }

    private static List<UUID> addOns(Handle h, UUID id) {
        return Rows.uuids(h, "SELECT addon_id FROM gio_subscription_addon WHERE subscription_id = :k ORDER BY addon_id",
                id);
    }

    /** IDs of the objects a subscription makes for itself: stable for a subscription ID. */
    static UUID derivedId(String kind, UUID subscriptionId) {
        return UUID.nameUUIDFromBytes(("gio-subscription/" + kind + "/" + subscriptionId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static UUID createRole(Handle h, UUID subscriptionId, String account, Optional<UUID> tenantId,
            UUID stampId) {
        UUID roleId = derivedId("role", subscriptionId);
        h.createUpdate("INSERT INTO vmm_user_role (id, stamp_id, name, tenant_id, profile)"
                        + " VALUES (:id, :stamp, :name, :tenant, 'TenantAdmin')")
                .bind("id", roleId).bind("stamp", stampId).bind("name", account + "_" + subscriptionId)
                .bindByType("tenant", tenantId.orElse(null), UUID.class).execute();
        return roleId;
    }

    /**
     * The user role a new subscription is bound to: on the plan's stamp, and not another account's.
     * A role is what a subscription's tenant scope sees through (its VM networks, their grants), so
     * two accounts sharing one would see and change each other's objects.
     */
    private static void requireRole(Handle h, UUID roleId, UUID stampId, String accountName) {
        UUID stamp = h.createQuery("SELECT stamp_id FROM vmm_user_role WHERE id = :id").bind("id", roleId)
                .mapTo(UUID.class).findOne()
                .orElseThrow(() -> SpfException.badRequest("There is no user role with ID " + roleId + "."));
        if (!stamp.equals(stampId)) {
            throw SpfException.badRequest("User role " + roleId + " is not on the plan's stamp.");
        }
        List<String> holders = h.createQuery("SELECT DISTINCT account_name FROM gio_subscription WHERE user_role_id = :r")
                .bind("r", roleId).mapTo(String.class).list();
        if (holders.stream().anyMatch(a -> !a.equalsIgnoreCase(accountName))) {
            throw new SpfException(SpfErrorCode.CONFLICT, "User role " + roleId
                    + " belongs to another account's subscription; a subscription's role is its own.");
        }
    }

    private record Cloud(String name, UUID stampId, Optional<UUID> userRoleId) {}

    private static Cloud cloud(Handle h, UUID id) {
        return h.createQuery("SELECT name, stamp_id, user_role_id FROM vmm_cloud WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Cloud(rs.getString(1), rs.getObject(2, UUID.class),
                        Optional.ofNullable(rs.getObject(3, UUID.class))))
                .findOne().orElseThrow(() -> SpfException.badRequest("There is no cloud with ID " + id + "."));
    }

    /** A subscription row before its add-ons are read. */
    private record SubscriptionRow(Subscription s) {
        static SubscriptionRow read(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new SubscriptionRow(new Subscription(rs.getObject("id", UUID.class), rs.getString("name"),
                    rs.getString("account_name"), Rows.optUuid(rs, "tenant_id"), rs.getObject("plan_id", UUID.class),
                    rs.getString("plan_name"), rs.getObject("stamp_id", UUID.class),
                    SubscriptionState.ofWireName(rs.getString("state")), rs.getObject("cloud_id", UUID.class),
                    rs.getObject("user_role_id", UUID.class), rs.getString("role_name"),
                    Rows.optUuid(rs, "successor_subscription_id"), List.of(), Rows.instant(rs, "created"),
                    Rows.instant(rs, "modified")));
        }

        UUID id() {
            return s.id();
        }

        Subscription with(List<UUID> addOns) {
            return new Subscription(s.id(), s.name(), s.accountName(), s.tenantId(), s.planId(), s.planName(),
                    s.stampId(), s.state(), s.cloudId(), s.userRoleId(), s.userRoleName(), s.successorId(), addOns,
                    s.created(), s.modified());
        }
    }
}
