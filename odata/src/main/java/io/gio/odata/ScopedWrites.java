package io.gio.odata;

import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityReader;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Expr;
import io.gio.spf.query.Scope;
import io.gio.spf.tenancy.EffectiveQuota;
import io.gio.spf.tenancy.SubscriptionState;
import io.gio.spf.vm.VmOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a WAP subscription may change, checked before {@link EntityUpdates} runs a write in a
 * subscription's {@link Scope} (the SPF administrator's unrestricted scope passes untouched):
 *
 * <ul>
 * <li>The target of an update or delete is read through the scope's reader first: one the scope does
 *     not see is a 404, exactly like one that does not exist.</li>
 * <li>A subscription that is not {@code Active} (suspended, being deleted) can read but not write: 403.</li>
 * <li>What a create refers to must be in scope: the subscription's cloud and stamp (defaulted when
 *     absent), a template, hardware profile, disk, VM network or logical network the scope sees,
 *     and for checkpoints, backups and adapters a VM the scope sees. VM networks named by name are
 *     resolved within the scope, so a same-named network of another tenant is never picked.</li>
 * <li>The plan's actions: {@code Start}, {@code Stop} (also {@code Reset}), {@code Shutdown},
 *     {@code PauseAndResume} ({@code Suspend}, {@code Resume}), {@code Save}, {@code Create}/
 *     {@code CreateFromVHDOrTemplate}, {@code Remove}, {@code Checkpoint} (create, delete, restore),
 *     {@code CheckpointRestoreOnly} (restore), {@code AuthorVMNetwork} (create a VM network); backups
 *     need the {@code Backup} add-on. A refusal is a 403 naming the action ({@link PlanActionGate};
 *     {@link NamedStreams} checks {@code RemoteConnect} there too).</li>
 * <li>A VM network may be changed or deleted only by the role that owns it (one merely granted to
 *     the subscription, or offered by its plan, is read-only: 403).</li>
 * </ul>
 */
final class ScopedWrites {

    private final SpfAdapter adapter;
    private final PlanActionGate actions;

    ScopedWrites(SpfAdapter adapter) {
        this.adapter = adapter;
        this.actions = new PlanActionGate(adapter);
    }

    /** Checks an update; returns the changes to apply (VM networks named by name resolved to IDs). */
    Map<String, Object> beforeUpdate(Scope scope, String set, Map<String, Object> key, Map<String, Object> changes) {
        if (scope.isUnrestricted()) {
            return changes;
        }
        EntityReader reader = adapter.reader(scope);
        EntityRow target = visible(reader, set, key);
        requireActive(scope);
        Map<String, Object> out = new LinkedHashMap<>(changes);
        switch (set) {
            case "VirtualMachines" -> {
                Optional.ofNullable(changes.get("HardwareProfileId")).ifPresent(p -> referenced(reader,
                        "HardwareProfiles", Values.guid("HardwareProfileId", p), (UUID) key.get("StampId"),
                        "hardware profile"));
                Object op = changes.get("Operation");
                if (op != null) {
                    requireAction(scope, action(VmOperation.parse(op.toString())));
                }
            }
            case "VMCheckPoints" -> {
                if (changes.get("VMCheckPointAction") != null) {
                    requireAnyAction(scope, "restore a checkpoint", "Checkpoint", "CheckpointRestoreOnly");
                }
            }
            case "VMBackups" -> {
                if (changes.get("VMBackupAction") != null) {
                    requireBackup(scope);
                }
            }
            case "VMNetworks" -> {
                requireOwnedNetwork(scope, target);
                Optional.ofNullable(changes.get("GrantedToList")).ifPresent(g -> requireOwnRoleGrants(scope, g));
            }
            case "VirtualNetworkAdapters" -> resolveNetwork(reader, scope, out);
            default -> {
                // QoS settings of the scope's own adapters and disks; anything else is refused later.
            }
        }
        return out;
    }

    /**
     * Checks a bound action ({@code Expand} of a disk drive): the target must be in scope (404
     * otherwise) and the subscription active (403). No plan action governs it: what a disk grows by
     * counts against the subscription's storage quota instead.
     */
    void beforeAction(Scope scope, String set, Map<String, Object> key) {
        if (scope.isUnrestricted()) {
            return;
        }
        visible(adapter.reader(scope), set, key);
        requireActive(scope);
    }

    /** Checks a delete. */
    void beforeDelete(Scope scope, String set, Map<String, Object> key) {
        if (scope.isUnrestricted()) {
            return;
        }
        EntityRow target = visible(adapter.reader(scope), set, key);
        requireActive(scope);
        switch (set) {
            case "VirtualMachines" -> requireAction(scope, "Remove");
            case "VMCheckPoints" -> requireAction(scope, "Checkpoint");
            case "VMNetworks" -> requireOwnedNetwork(scope, target);
            default -> {
                // adapters (part of an own VM), backups (deleting one frees storage)
            }
        }
    }

    /** Checks a create; returns the body to apply (cloud and stamp defaulted, VM networks resolved). */
    Map<String, Object> beforeCreate(Scope scope, String set, Map<String, Object> body) {
        if (scope.isUnrestricted()) {
            return body;
        }
        requireActive(scope);
        Scope.Binding b = scope.binding().orElseThrow();
        EntityReader reader = adapter.reader(scope);
        Map<String, Object> out = new LinkedHashMap<>(body);
        switch (set) {
            case "VirtualMachines" -> {
                requireAnyAction(scope, "create a virtual machine", "Create", "CreateFromVHDOrTemplate");
                pin(out, "CloudId", b.cloudId(), "cloud");
                pin(out, "StampId", b.stampId(), "stamp");
                Values.optionalGuid(out, "VMTemplateId").ifPresent(id ->
                        referenced(reader, "VMTemplates", id, b.stampId(), "VM template"));
                Values.optionalGuid(out, "HardwareProfileId").ifPresent(id ->
                        referenced(reader, "HardwareProfiles", id, b.stampId(), "hardware profile"));
                Values.optionalGuid(out, "VirtualHardDiskId").ifPresent(id ->
                        referenced(reader, "VirtualHardDisks", id, b.stampId(), "virtual hard disk"));
                Object adapters = out.get("NewVirtualNetworkAdapterInput");
                if (adapters instanceof List<?> list) {
                    List<Object> resolved = new ArrayList<>();
                    for (Object item : list) {
                        if (item instanceof Map<?, ?> m) {
                            Map<String, Object> copy = new LinkedHashMap<>();
                            m.forEach((k, v) -> copy.put(k.toString(), v));
                            resolveNetwork(reader, scope, copy);
                            resolved.add(copy);
                        } else {
                            resolved.add(item);
                        }
                    }
                    out.put("NewVirtualNetworkAdapterInput", resolved);
                }
            }
            case "VMCheckPoints" -> {
                requireAction(scope, "Checkpoint");
                vm(reader, out, "create a checkpoint");
            }
            case "VMBackups" -> {
                vm(reader, out, "back up a virtual machine");
                requireBackup(scope);
            }
            case "VirtualNetworkAdapters" -> {
                vm(reader, out, "add a virtual network adapter");
                resolveNetwork(reader, scope, out);
            }
            case "VMNetworks" -> {
                requireAction(scope, "AuthorVMNetwork");
                Optional.ofNullable(out.get("GrantedToList")).ifPresent(g -> requireOwnRoleGrants(scope, g));
                pin(out, "StampId", b.stampId(), "stamp");
                Values.optionalGuid(out, "LogicalNetworkId").ifPresent(id ->
                        referenced(reader, "LogicalNetworks", id, b.stampId(), "logical network"));
            }
            default -> {
                // refused by EntityUpdates: nothing can be created there
            }
        }
        return out;
    }

    /** After a create: a VM network a subscription made belongs to its user role. */
    void afterCreate(Scope scope, String set, Map<String, Object> key) {
        if (scope.isUnrestricted() || !set.equals("VMNetworks") || key.isEmpty()) {
            return;
        }
        Scope.Binding b = scope.binding().orElseThrow();
        adapter.vmNetworks().assignOwnerRole((UUID) key.get("ID"), b.userRoleId(), b.userRoleName());
    }

    private static EntityRow visible(EntityReader reader, String set, Map<String, Object> key) {
        return reader.one(EntityQuery.byKey(set, key)).orElseThrow(() -> SpfException.notFound(
                "The " + set + " entity with key " + key + " was not found."));
    }

    private static void requireActive(Scope scope) {
        Scope.Binding b = scope.binding().orElseThrow();
        if (b.state() != SubscriptionState.ACTIVE) {
            throw new SpfException(SpfErrorCode.FORBIDDEN, "Subscription " + b.subscriptionId() + " is "
                    + b.state().wireName().toLowerCase(java.util.Locale.ROOT)
                    + "; its resources can be read but not changed.");
        }
    }

    private EffectiveQuota quota(Scope scope) {
        return actions.quota(scope);
    }

    private void requireAction(Scope scope, String action) {
        actions.require(scope, action, action);
    }

    private void requireAnyAction(Scope scope, String what, String... allowed) {
        actions.require(scope, what, allowed);
    }

    private void requireBackup(Scope scope) {
        if (!quota(scope).backupAllowed()) {
            throw new SpfException(SpfErrorCode.FORBIDDEN, "Subscription " + scope.binding().orElseThrow().subscriptionId()
                    + " does not hold the Backup add-on; backups are not available to it.");
        }
    }

    /** WAP's plan action for a power operation. */
    static String action(VmOperation op) {
        return switch (op) {
            case START -> "Start";
            case STOP, RESET -> "Stop";
            case SHUTDOWN, REBOOT -> "Shutdown";
            case SUSPEND, RESUME -> "PauseAndResume";
            case SAVE -> "Save";
        };
    }

    /**
     * A subscription shares its VM networks within its own user role only (its co-administrators,
     * as WAP offers): a grant entry naming another role, by ID or by name, would show the network
     * to another tenant and let that tenant's adapters join it, so it is refused.
     */
    private static void requireOwnRoleGrants(Scope scope, Object grantedTo) {
        Scope.Binding b = scope.binding().orElseThrow();
        for (io.gio.spf.network.VmNetworks.Grant g : Values.grants(grantedTo)) {
            boolean otherId = g.roleId().map(id -> !id.equals(b.userRoleId())).orElse(false);
            boolean otherName = g.roleName().map(n -> !n.equals(b.userRoleName())).orElse(false);
            if (otherId || otherName) {
                throw SpfException.badRequest("A subscription can share its VM networks only within its own user role "
                        + b.userRoleName() + " (" + b.userRoleId() + "); GrantedToList names another role.");
            }
        }
    }

    private static void requireOwnedNetwork(Scope scope, EntityRow network) {
        Object owner = network.get("Owner");
        Object roleId = owner instanceof Map<?, ?> m ? m.get("RoleID") : null;
        if (roleId == null || !roleId.toString().equalsIgnoreCase(scope.binding().orElseThrow().userRoleId().toString())) {
            throw new SpfException(SpfErrorCode.FORBIDDEN, "The VM network " + network.get("Name")
                    + " is shared with this subscription but not owned by it; only its owner can change it.");
        }
    }

    /** The body's value of {@code property} must be the scope's; absent, it becomes the scope's. */
    private static void pin(Map<String, Object> body, String property, UUID value, String what) {
        Optional<UUID> given = Values.optionalGuid(body, property);
        if (given.isPresent() && !given.get().equals(value)) {
            throw SpfException.notFound("The " + what + " " + given.get() + " was not found.");
        }
        body.put(property, value);
    }

    private static void referenced(EntityReader reader, String set, UUID id, UUID stampId, String what) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("ID", id);
        key.put("StampId", stampId);
        if (reader.one(EntityQuery.byKey(set, key)).isEmpty()) {
            throw SpfException.notFound("The " + what + " " + id + " was not found.");
        }
    }

    /** The VM a body names by {@code VMId} and {@code StampId}; a 404 unless the scope sees it. */
    private static void vm(EntityReader reader, Map<String, Object> body, String purpose) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("ID", Values.requiredGuid(body, "VMId", purpose));
        key.put("StampId", Values.requiredGuid(body, "StampId", purpose));
        if (reader.one(EntityQuery.byKey("VirtualMachines", key)).isEmpty()) {
            throw SpfException.notFound("The virtual machine " + key.get("ID") + " was not found.");
        }
    }

    /**
     * A {@code VMNetworkId} must be a VM network the scope sees; a {@code VMNetworkName} is resolved
     * among those, and replaced by the ID it names.
     */
    private static void resolveNetwork(EntityReader reader, Scope scope, Map<String, Object> body) {
        Optional<UUID> id = Values.optionalGuid(body, "VMNetworkId");
        Optional<String> name = Values.text(body, "VMNetworkName").map(String::trim).filter(n -> !n.isEmpty());
        if (id.isPresent()) {
            referenced(reader, "VMNetworks", id.get(), scope.binding().orElseThrow().stampId(), "VM network");
            return;
        }
        if (name.isPresent()) {
            List<EntityRow> rows = reader.list(EntityQuery.all("VMNetworks").withFilter(new Expr.Binary(
                    Expr.BinaryOp.EQ, Expr.Prop.of("Name"), new Expr.Literal(name.get()))));
            if (rows.isEmpty()) {
                throw SpfException.notFound("The VM network " + name.get() + " was not found.");
            }
            // the subscription's own network first; a name shared by several others is ambiguous
            UUID role = scope.binding().orElseThrow().userRoleId();
            List<EntityRow> owned = rows.stream().filter(r -> r.get("Owner") instanceof Map<?, ?> m
                    && m.get("RoleID") != null && m.get("RoleID").toString().equalsIgnoreCase(role.toString())).toList();
            List<EntityRow> candidates = owned.isEmpty() ? rows : owned;
            if (candidates.size() > 1) {
                throw SpfException.badRequest("More than one VM network is named " + name.get()
                        + "; give VMNetworkId instead of VMNetworkName.");
            }
            body.put("VMNetworkId", candidates.get(0).get("ID"));
            body.remove("VMNetworkName");
        }
    }
}
