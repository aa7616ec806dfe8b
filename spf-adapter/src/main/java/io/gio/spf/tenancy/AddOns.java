package io.gio.spf.tenancy;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.util.HashSet;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Add-ons: the packs (Active Directory, SQL Server, RDS, XenApp), each unlocking its templates and
 * adding quota, and the paid Backup option. Plans offer them, subscriptions take them.
 */
public final class AddOns {

    private final Jdbi jdbi;
    private final Clock clock;

    public AddOns(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public AddOn create(AddOnSpec spec) {
        return create(UUID.randomUUID(), spec);
    }

    /** Creates an add-on with a given ID (deterministic IDs for seeded data). */
    public AddOn create(UUID id, AddOnSpec spec) {
        AddOnSpec s = normalize(spec);
        return jdbi.inTransaction(h -> {
            validate(h, s, Optional.empty());
            if (find(h, id).isPresent()) {
                throw new SpfException(SpfErrorCode.CONFLICT, "An add-on with ID " + id + " exists already.");
            }
            h.createUpdate("INSERT INTO gio_addon (id, name, display_name, kind, created) VALUES (:id, :n, :dn, :k, :now)")
                    .bind("id", id).bind("n", s.name()).bind("dn", s.displayName()).bind("k", s.kind().wireName())
                    .bind("now", utc(clock.instant())).execute();
            write(h, id, s);
            return find(h, id).orElseThrow();
        });
    }

    /** Replaces an add-on's settings; subscriptions holding it see the new quota at once. */
    public AddOn update(UUID id, AddOnSpec spec) {
        AddOnSpec s = normalize(spec);
        return jdbi.inTransaction(h -> {
            require(h, id);
            validate(h, s, Optional.of(id));
            h.createUpdate("UPDATE gio_addon SET name = :n, display_name = :dn, kind = :k WHERE id = :id")
                    .bind("id", id).bind("n", s.name()).bind("dn", s.displayName()).bind("k", s.kind().wireName())
                    .execute();
            write(h, id, s);
            return find(h, id).orElseThrow();
        });
    }

    public Optional<AddOn> find(UUID id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** The add-on; a 404 naming it otherwise. */
    public AddOn get(UUID id) {
        return jdbi.withHandle(h -> require(h, id));
    }

    public Optional<AddOn> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_addon WHERE name = :n").bind("n", name)
                .mapTo(UUID.class).findOne().flatMap(id -> find(h, id)));
    }

    /** Every add-on, by name. */
    public List<AddOn> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM gio_addon ORDER BY name, id").mapTo(UUID.class)
                .list().stream().map(id -> find(h, id).orElseThrow()).toList());
    }

    static AddOn require(Handle h, UUID id) {
        return find(h, id).orElseThrow(() -> SpfException.notFound("There is no add-on with ID " + id + "."));
    }

    static Optional<AddOn> find(Handle h, UUID id) {
        Set<UUID> templates = Set.copyOf(Rows.uuids(h, "SELECT template_id FROM gio_addon_template WHERE addon_id = :k",
                id));
        return h.createQuery("SELECT name, display_name, kind, description, vm_count, cpu_count, memory_mb, storage_gb,"
                        + " created FROM gio_addon WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new AddOn(id, new AddOnSpec(rs.getString("name"), rs.getString("display_name"),
                        AddOnKind.ofWireName(rs.getString("kind")), Optional.ofNullable(rs.getString("description")),
                        new Usage(rs.getLong("vm_count"), rs.getLong("cpu_count"), rs.getLong("memory_mb"),
                                rs.getLong("storage_gb")), templates), Rows.instant(rs, "created")))
                .findOne();
    }

    private static AddOnSpec normalize(AddOnSpec s) {
        String name = s.name().trim();
        return new AddOnSpec(name, s.displayName().trim().isEmpty() ? name : s.displayName().trim(), s.kind(),
                s.description(), s.quotaIncrement(), s.templateIds());
    }

    private static void validate(Handle h, AddOnSpec s, Optional<UUID> self) {
        if (s.name().isEmpty() || s.name().length() > 256 || s.displayName().length() > 256) {
            throw SpfException.badRequest("An add-on's name and display name must be 1 to 256 characters long.");
        }
        Usage q = s.quotaIncrement();
        if (q.vms() < 0 || q.cores() < 0 || q.memoryMb() < 0 || q.storageGb() < 0) {
            throw SpfException.badRequest("An add-on's quota increments must not be negative.");
        }
        if (!s.templateIds().isEmpty()) {
            Set<UUID> found = new HashSet<>(h.createQuery("SELECT id FROM vmm_template WHERE id IN (<ids>)")
                    .bindList("ids", List.copyOf(s.templateIds())).mapTo(UUID.class).list());
            for (UUID t : s.templateIds()) {
                if (!found.contains(t)) {
                    throw SpfException.badRequest("There is no template with ID " + t + ".");
                }
            }
        }
        Optional<UUID> sameName = h.createQuery("SELECT id FROM gio_addon WHERE name = :n").bind("n", s.name())
                .mapTo(UUID.class).findOne();
        if (sameName.isPresent() && !sameName.equals(self)) {
            throw new SpfException(SpfErrorCode.CONFLICT, "An add-on named '" + s.name() + "' exists already.");
        }
    }

    private static void write(Handle h, UUID id, AddOnSpec s) {
        Usage q = s.quotaIncrement();
        h.createUpdate("UPDATE gio_addon SET description = :d, vm_count = :vm, cpu_count = :cpu, memory_mb = :mem,"
                        + " storage_gb = :sto WHERE id = :id")
                .bind("d", s.description().orElse(null)).bind("vm", q.vms()).bind("cpu", q.cores())
                .bind("mem", q.memoryMb()).bind("sto", q.storageGb()).bind("id", id).execute();
        Rows.replace(h, "gio_addon_template", "addon_id", "template_id", id, s.templateIds());
    }
}
