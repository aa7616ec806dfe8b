package io.gio.spf.network;

import static io.gio.spf.store.SpfStore.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.JobStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * VM networks: tenant networks carved from a stamp's logical network, owned by their creator
 * and shared through {@code GrantedToList}. Each change runs as a (short) VMM job, as in VMM.
 */
public final class VmNetworks {

    /** One VMM.UserAndRole entry of a grant list. */
    public record Grant(Optional<String> userName, Optional<String> roleName, Optional<UUID> roleId) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final JobStore jobs;
    private final Clock clock;

    public VmNetworks(Jdbi jdbi, JobStore jobs, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Creates a VM network; returns its ID. */
    public UUID create(UUID stampId, String name, UUID logicalNetworkId, Optional<String> description, String owner) {
        String n = name.trim();
        if (n.isEmpty() || n.length() > 256) {
            throw SpfException.badRequest("Name must be 1 to 256 characters long.");
        }
        UUID id = UUID.randomUUID();
        jdbi.useTransaction(h -> {
            Boolean nv = h.createQuery("SELECT nv_enabled FROM vmm_logical_network WHERE id = :id AND stamp_id = :stamp")
                    .bind("id", logicalNetworkId).bind("stamp", stampId).mapTo(Boolean.class).findOne()
                    .orElseThrow(() -> SpfException.badRequest("LogicalNetworkId " + logicalNetworkId
                            + " is not a logical network on stamp " + stampId + "."));
            var now = utc(clock.instant());
            h.createUpdate("INSERT INTO vmm_vm_network (id, stamp_id, name, description, logical_network_id, isolation_type,"
                            + " owner_user, added, modified) VALUES (:id, :stamp, :name, :desc, :ln, :iso, :owner, :now, :now)")
                    .bind("id", id).bind("stamp", stampId).bind("name", n).bind("desc", description.orElse(null))
                    .bind("ln", logicalNetworkId).bind("iso", nv ? "WindowsNetworkVirtualization" : "NoIsolation")
                    .bind("owner", owner).bind("now", now).execute();
        });
        completedJob(stampId, "Create VM network", "New-SCVMNetwork", id, n, owner);
        return id;
    }

    /** Makes a VM network its user role's (VMM's Owner.RoleName, Owner.RoleID), as a subscription's own network. */
    public void assignOwnerRole(UUID id, UUID roleId, String roleName) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_vm_network SET owner_role = :name, owner_role_id = :role"
                + " WHERE id = :id").bind("name", roleName).bind("role", roleId).bind("id", id).execute());
    }

    /** Changes a VM network's name, description or grant list (merge semantics: empty = unchanged). */
    public UUID update(UUID id, UUID stampId, Optional<String> name, Optional<String> description,
            Optional<List<Grant>> grantedTo, String principal) {
        String current = nameOf(id, stampId);
        jdbi.useTransaction(h -> {
            Map<String, Object> set = new LinkedHashMap<>();
            name.map(String::trim).filter(x -> !x.isEmpty()).ifPresent(x -> set.put("name", x));
            description.ifPresent(x -> set.put("description", x));
            grantedTo.ifPresent(g -> set.put("granted_json", json(g)));
            set.put("modified", utc(clock.instant()));
            StringBuilder sql = new StringBuilder("UPDATE vmm_vm_network SET ");
            set.keySet().forEach(k -> sql.append(sql.toString().endsWith("SET ") ? "" : ", ").append(k).append(" = :").append(k));
            var update = h.createUpdate(sql + " WHERE id = :id AND stamp_id = :stamp").bind("id", id).bind("stamp", stampId);
            set.forEach(update::bind);
            update.execute();
        });
        return completedJob(stampId, "Update VM network", "Set-SCVMNetwork", id, name.orElse(current), principal);
    }

    /** Deletes a VM network no adapter is connected to, or is being connected to by a running job. */
    public UUID delete(UUID id, UUID stampId, String principal) {
        String name = nameOf(id, stampId);
        long inUse = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM vmm_nic WHERE vm_network_id = :id")
                .bind("id", id).mapTo(Long.class).one()
                + h.createQuery("SELECT COUNT(*) FROM vmm_nic_change WHERE vm_network_id = :id AND kind = 'Connect'")
                .bind("id", id).mapTo(Long.class).one());
        if (inUse > 0) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The VM network " + name + " is used by " + inUse
                    + " virtual network adapter(s); remove them first.");
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM vmm_vm_network WHERE id = :id").bind("id", id).execute());
        return completedJob(stampId, "Remove VM network", "Remove-SCVMNetwork", id, name, principal);
    }

    private String nameOf(UUID id, UUID stampId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM vmm_vm_network WHERE id = :id AND stamp_id = :stamp")
                .bind("id", id).bind("stamp", stampId).mapTo(String.class).findOne())
                .orElseThrow(() -> SpfException.notFound("The VM network " + id + " on stamp " + stampId + " was not found."));
    }

    private UUID completedJob(UUID stampId, String name, String cmdlet, UUID target, String targetName, String owner) {
        UUID job = UUID.randomUUID();
        jobs.create(job, stampId, name, cmdlet, "Network", target, "VMNetwork", targetName, owner, clock.instant());
        jobs.complete(job, clock.instant());
        return job;
    }

    private static String json(List<Grant> grants) {
        List<Map<String, Object>> out = grants.stream().map(g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("UserName", g.userName().orElse(null));
            m.put("RoleName", g.roleName().orElse(null));
            m.put("RoleID", g.roleId().map(UUID::toString).orElse(null));
            return m;
        }).toList();
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
