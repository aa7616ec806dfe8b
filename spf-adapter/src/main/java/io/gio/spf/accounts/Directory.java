package io.gio.spf.accounts;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The administrator's view of who is in the store: user accounts with their tenant, the tenants
 * (SPF's Admin {@code Tenants}) and the stamps (SPF's Admin {@code Stamps}). Creates tenant user
 * accounts, with their tenant when it is new.
 */
public final class Directory {

    /** A user account as the admin API shows it (never its password hash); its e-mail is its name unless set. */
    public record User(String name, String email, UserState state, Principal.Role role, Optional<UUID> tenantId,
            Optional<String> tenantName, Instant created, long subscriptionCount) {}

    /** One page of users, WAP-style. */
    public record UserPage(List<User> items, long filteredTotalCount, long totalCount) {}

    /** A tenant: its ID, name, creation time, and how many subscriptions it holds and how many are active. */
    public record Tenant(UUID id, String name, Instant created, long subscriptions, long activeSubscriptions) {}

    /** A stamp of the fabric as the store knows it. */
    public record StampRow(UUID id, String name, String generation, String hypervisor, int maxCpu, int maxMemoryMb) {}

    private static final String USER_SELECT = "SELECT a.name, a.role, a.tenant_id, t.name AS tenant_name, a.created,"
            + " (SELECT COUNT(*) FROM gio_subscription s WHERE s.account_name = a.name) AS subs, a.state, a.email"
            + " FROM gio_account a LEFT JOIN gio_tenant t ON t.id = a.tenant_id";

    private final Jdbi jdbi;
    private final Accounts accounts;
    private final Clock clock;

    public Directory(Jdbi jdbi, Accounts accounts, Clock clock) {
        this.jdbi = jdbi;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Users by name; {@code nameContains} (case-insensitive) filters when present. */
    public UserPage users(Optional<String> nameContains, int skip, int top) {
        if (skip < 0 || top < 1) {
            throw SpfException.badRequest("skip must be 0 or more and take 1 or more.");
        }
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM gio_account").mapTo(Long.class).one();
            String where = nameContains.isPresent() ? " WHERE LOWER(a.name) LIKE :pat ESCAPE '!'" : "";
            Query count = h.createQuery("SELECT COUNT(*) FROM gio_account a" + where);
            nameContains.ifPresent(n -> count.bind("pat", like(n)));
            long filtered = count.mapTo(Long.class).one();
            Query q = h.createQuery(USER_SELECT + where + " ORDER BY a.name LIMIT :top OFFSET :skip")
                    .bind("top", top).bind("skip", skip);
            nameContains.ifPresent(n -> q.bind("pat", like(n)));
            return new UserPage(q.map((rs, ctx) -> userRow(rs)).list(), filtered, total);
        });
    }

    public Optional<User> user(String name) {
        return jdbi.withHandle(h -> h.createQuery(USER_SELECT + " WHERE a.name = :n").bind("n", name)
                .map((rs, ctx) -> userRow(rs)).findOne());
    }

    /**
     * Creates an SPF provider account: HTTP Basic on the SPF VMM service, with what the
     * administrator sees there, and no token, no WAP API, no SPF Admin service. 409 when the
     * account exists.
     */
    public User createProvider(String name, String password) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 256 || n.contains(":")) {
            throw SpfException.badRequest("Name must be 1 to 256 characters long, without ':'.");
        }
        if (password == null || password.length() < 8) {
            throw SpfException.badRequest("Password must be at least 8 characters long.");
        }
        if (accounts.exists(n)) {
            throw new SpfException(SpfErrorCode.CONFLICT, "A user named '" + n + "' exists already.");
        }
        try {
            accounts.create(n, password, Principal.Role.PROVIDER, Optional.empty());
        } catch (RuntimeException e) {
            if (accounts.exists(n)) {
                throw new SpfException(SpfErrorCode.CONFLICT, "A user named '" + n + "' exists already.");
            }
            throw e;
        }
        return user(n).orElseThrow();
    }

    /**
     * Creates a tenant user account. Its tenant is the one named {@code tenantName} (created when
     * there is none), or a new tenant named as the user. 409 when the account exists.
     */
    public User createTenantUser(String name, String password, Optional<String> tenantName) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 256 || n.contains(":")) {
            throw SpfException.badRequest("Name must be 1 to 256 characters long, without ':'.");
        }
        if (password == null || password.length() < 8) {
            throw SpfException.badRequest("Password must be at least 8 characters long.");
        }
        String tn = tenantName.map(String::trim).filter(s -> !s.isEmpty()).orElse(n);
        if (tn.length() > 256) {
            throw SpfException.badRequest("TenantName must be at most 256 characters long.");
        }
        if (accounts.exists(n)) {
            throw new SpfException(SpfErrorCode.CONFLICT, "A user named '" + n + "' exists already.");
        }
        UUID tenantId = jdbi.inTransaction(h -> h.createQuery("SELECT id FROM gio_tenant WHERE name = :n")
                .bind("n", tn).mapTo(UUID.class).findOne().orElseGet(() -> {
                    UUID id = UUID.randomUUID();
                    h.createUpdate("INSERT INTO gio_tenant (id, name, created) VALUES (:id, :name, :now)")
                            .bind("id", id).bind("name", tn).bind("now", utc(clock.instant())).execute();
                    return id;
                }));
        try {
            accounts.create(n, password, Principal.Role.TENANT, Optional.of(tenantId));
        } catch (RuntimeException e) {
            if (accounts.exists(n)) {
                throw new SpfException(SpfErrorCode.CONFLICT, "A user named '" + n + "' exists already.");
            }
            throw e;
        }
        return user(n).orElseThrow();
    }

    /**
     * WAP's user update: any of a new e-mail address, state (active or suspended) and password; what is
     * empty keeps its value. A suspended user can neither sign in nor use a token it holds. The
     * administrator account cannot be suspended; a user being deleted cannot change (409).
     */
    public User updateUser(String name, Optional<String> email, Optional<UserState> state, Optional<String> password) {
        User u = user(name).orElseThrow(() -> SpfException.notFound("There is no user '" + name + "'."));
        Optional<String> mail = email.map(String::trim);
        if (mail.isPresent() && (mail.get().isEmpty() || mail.get().length() > 256)) {
            throw SpfException.badRequest("Email must be 1 to 256 characters long.");
        }
        if (password.isPresent() && password.get().length() < 8) {
            throw SpfException.badRequest("Password must be at least 8 characters long.");
        }
        if (state.isPresent() && state.get() != UserState.ACTIVE && u.role() == Principal.Role.ADMIN) {
            throw SpfException.badRequest("The administrator account '" + name + "' cannot be suspended.");
        }
        if (u.state() == UserState.DELETE_PENDING) {
            throw new SpfException(SpfErrorCode.CONFLICT, "User '" + name + "' is being deleted; it cannot change.");
        }
        jdbi.useHandle(h -> {
            mail.ifPresent(m -> h.createUpdate("UPDATE gio_account SET email = :e WHERE name = :n")
                    .bind("e", m.equals(name) ? null : m).bind("n", name).execute());
            state.ifPresent(st -> h.createUpdate("UPDATE gio_account SET state = :s WHERE name = :n")
                    .bind("s", st.wireName()).bind("n", name).execute());
        });
        password.ifPresent(p -> accounts.setPassword(name, p));
        accounts.forget(name);
        return user(name).orElseThrow();
    }

    /** The IDs of the subscriptions an account holds. */
    public List<UUID> subscriptionsOf(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_subscription WHERE account_name = :n"
                + " ORDER BY created, id").bind("n", name).mapTo(UUID.class).list());
    }

    /** Marks a tenant account as being deleted: from now on it cannot sign in. The administrator's: a 400. */
    public User markDeletePending(String name) {
        User u = user(name).orElseThrow(() -> SpfException.notFound("There is no user '" + name + "'."));
        if (u.role() == Principal.Role.ADMIN) {
            throw SpfException.badRequest("The administrator account '" + name + "' cannot be deleted.");
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE gio_account SET state = :s WHERE name = :n")
                .bind("s", UserState.DELETE_PENDING.wireName()).bind("n", name).execute());
        accounts.forget(name);
        return user(name).orElseThrow();
    }

    /**
     * Removes an account that is being deleted once it holds no subscription; returns whether it is
     * gone. Its tenant stays (SPF's Tenants keep their history).
     */
    public boolean removeIfUnused(String name) {
        boolean removed = jdbi.withHandle(h -> h.createUpdate("DELETE FROM gio_account WHERE name = :n AND state = :s"
                        + " AND NOT EXISTS (SELECT 1 FROM gio_subscription WHERE account_name = :n)")
                .bind("n", name).bind("s", UserState.DELETE_PENDING.wireName()).execute()) == 1;
        if (removed) {
            accounts.forget(name);
        }
        return removed;
    }

    /** Every tenant, by name. */
    public List<Tenant> tenants() {
        return jdbi.withHandle(h -> h.createQuery("SELECT t.id, t.name, t.created,"
                        + " (SELECT COUNT(*) FROM gio_subscription s WHERE s.tenant_id = t.id),"
                        + " (SELECT COUNT(*) FROM gio_subscription s WHERE s.tenant_id = t.id AND s.state = 'Active')"
                        + " FROM gio_tenant t ORDER BY t.name, t.id")
                .map((rs, ctx) -> new Tenant(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getLong(4), rs.getLong(5)))
                .list());
    }

    /** Every stamp, by name. */
    public List<StampRow> stamps() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, generation, hypervisor, max_cpu, max_memory_mb"
                        + " FROM vmm_stamp ORDER BY name, id")
                .map((rs, ctx) -> new StampRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getInt(6)))
                .list());
    }

    /** The IDs of the stamps a tenant's subscriptions are on. */
    public List<UUID> tenantStamps(UUID tenantId) {
        return jdbi.withHandle(h -> tenantStamps(h, tenantId));
    }

    private static List<UUID> tenantStamps(Handle h, UUID tenantId) {
        return h.createQuery("SELECT DISTINCT p.stamp_id FROM gio_subscription s JOIN gio_plan p ON p.id = s.plan_id"
                        + " WHERE s.tenant_id = :t ORDER BY p.stamp_id")
                .bind("t", tenantId).mapTo(UUID.class).list();
    }

    private static User userRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        String name = rs.getString(1);
        return new User(name, Optional.ofNullable(rs.getString(8)).orElse(name), UserState.ofStored(rs.getString(7)),
                Principal.Role.valueOf(rs.getString(2)), Optional.ofNullable(rs.getObject(3, UUID.class)),
                Optional.ofNullable(rs.getString(4)), rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getLong(6));
    }

    private static String like(String s) {
        return "%" + s.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
