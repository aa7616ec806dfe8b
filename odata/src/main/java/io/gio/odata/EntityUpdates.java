package io.gio.odata;

import io.gio.odata.model.ActionDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.network.VmNetworks;
import io.gio.spf.accounts.Principal;
import io.gio.spf.checkpoint.Checkpoints;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Scope;
import io.gio.spf.vm.VmOperation;
import io.gio.spf.vm.VmProvisioning;
import io.gio.spf.vm.VmSettingsChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Updates (PUT, MERGE, PATCH) as SPF applies them, shared by both dialects. Merge semantics:
 * only the properties given with a non-null value count; read-only and unknown ones were
 * already dropped by the caller. An {@code Operation} on a VM runs as a job. In a subscription's
 * {@link Scope}, every write is checked by {@link ScopedWrites} first. Migrations are written by
 * {@link MigrationUpdates}, which also refuses changes to a VM a migration holds.
 */
public final class EntityUpdates {

    /** Writable VM settings (everything else a client sends back is read-only or a command). */
    private static final List<String> VM_SETTINGS = List.of("Name", "Description", "CPUCount", "Memory",
            "DynamicMemoryEnabled", "DynamicMemoryMinimumMB", "DynamicMemoryMaximumMB", "HardwareProfileId");

    /** The result of a write: the job it started, if any, and the key of the entity it made. */
    public record Outcome(Optional<UUID> jobId, Map<String, Object> key) {
        public Outcome(Optional<UUID> jobId) {
            this(jobId, Map.of());
        }
    }

    private final SpfAdapter adapter;
    private final Duration syncWait;
    private final ExtensionUpdates extensions;
    private final NetworkAdapterUpdates networkAdapters;
    private final ScopedWrites scoped;
    private final MigrationUpdates migrations;

    public EntityUpdates(SpfAdapter adapter, Duration syncWait) {
        this.adapter = adapter;
        this.syncWait = syncWait;
        this.extensions = new ExtensionUpdates(adapter, this::awaitJob);
        this.networkAdapters = new NetworkAdapterUpdates(adapter, this::awaitJob);
        this.scoped = new ScopedWrites(adapter);
        this.migrations = new MigrationUpdates(adapter);
    }

    public Outcome update(String entitySet, Map<String, Object> key, Map<String, Object> changes, boolean async,
            Principal principal, Scope scope) {
        Map<String, Object> checked = scoped.beforeUpdate(scope, entitySet, key, changes);
        if (MigrationUpdates.SETS.contains(entitySet)) {
            return migrations.update(entitySet, key, checked, principal, scope);
        }
        migrations.requireVmNotHeld(entitySet, key, checked, MigrationUpdates.Write.UPDATE);
        return update(entitySet, key, checked, async, principal);
    }

    private Outcome update(String entitySet, Map<String, Object> key, Map<String, Object> changes, boolean async,
            Principal principal) {
        if (ExtensionUpdates.SETS.contains(entitySet)) {
            return extensions.update(entitySet, key, changes, async, principal);
        }
        if (entitySet.equals(NetworkAdapterUpdates.SET)) {
            return networkAdapters.update(key, changes, async, principal);
        }
        if (entitySet.equals("VMNetworks")) {
            UUID job = adapter.vmNetworks().update((UUID) key.get("ID"), (UUID) key.get("StampId"),
                    Optional.ofNullable(changes.get("Name")).map(Object::toString),
                    Optional.ofNullable(changes.get("Description")).map(Object::toString),
                    Optional.ofNullable(changes.get("GrantedToList")).map(Values::grants), principal.name());
            return new Outcome(Optional.of(job));
        }
        if (entitySet.equals("VMCheckPoints")) {
            return restoreCheckpoint(key, changes, async, principal);
        }
        if (!entitySet.equals("VirtualMachines")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities of " + entitySet + " cannot be updated.");
        }
        UUID id = (UUID) key.get("ID");
        UUID stamp = (UUID) key.get("StampId");
        EntityRow current = adapter.reader(Scope.unrestricted()).one(EntityQuery.byKey(entitySet, key)).orElseThrow(
                () -> SpfException.notFound("The virtual machine " + key + " was not found."));
        VmSettingsChange settings = settingsChange(changes, current);
        Object op = changes.get("Operation");
        if (op == null) {
            Optional<UUID> settingsJob = settings.equals(NO_CHANGE) ? Optional.empty()
                    : adapter.vmSettings().apply(id, stamp, settings, principal.name());
            settingsJob.filter(j -> !async).ifPresent(this::awaitJob);
            return new Outcome(settingsJob);
        }
        // everything is checked before anything changes: a refused request leaves the VM as it was
        VmOperation operation = VmOperation.parse(op.toString());
        if (!settings.equals(NO_CHANGE)) {
            throw SpfException.badRequest("Change a virtual machine's settings and run an Operation in separate requests.");
        }
        UUID jobId = adapter.vmCommands().power(id, stamp, operation, principal.name());
        if (!async) {
            awaitJob(jobId);
        }
        return new Outcome(Optional.of(jobId));
    }

    private static final VmSettingsChange NO_CHANGE = new VmSettingsChange(Optional.empty(), Optional.empty(),
            Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty(),
            OptionalInt.empty());

    /** The settings the body changes: only values given and different from the current ones count. */
    private static VmSettingsChange settingsChange(Map<String, Object> changes, EntityRow current) {
        Map<String, Object> differing = new LinkedHashMap<>();
        for (String p : VM_SETTINGS) {
            Object v = changes.get(p);
            if (v != null && !sameValue(v, current.get(p))) {
                differing.put(p, v);
            }
        }
        if (differing.isEmpty()) {
            return NO_CHANGE;
        }
        return new VmSettingsChange(Values.text(differing, "Name"), Values.text(differing, "Description"),
                Values.optionalGuid(differing, "HardwareProfileId"), Values.integer(differing, "CPUCount"),
                Values.integer(differing, "Memory"), Optional.ofNullable(differing.get("DynamicMemoryEnabled"))
                        .map(v -> Values.bool(differing, "DynamicMemoryEnabled")),
                Values.integer(differing, "DynamicMemoryMinimumMB"), Values.integer(differing, "DynamicMemoryMaximumMB"));
    }

    private Outcome restoreCheckpoint(Map<String, Object> key, Map<String, Object> changes, boolean async,
            Principal principal) {
        adapter.reader(Scope.unrestricted()).one(EntityQuery.byKey("VMCheckPoints", key)).orElseThrow(
                () -> SpfException.notFound("The checkpoint " + key + " was not found."));
        Object action = changes.get("VMCheckPointAction");
        if (action == null) {
            return new Outcome(Optional.empty());
        }
        if (!"Restore".equalsIgnoreCase(action.toString().trim())) {
            throw SpfException.badRequest("The VMCheckPointAction value '" + action + "' is not valid. Valid values: Restore.");
        }
        UUID job = adapter.checkpoints().restore((UUID) key.get("ID"), (UUID) key.get("StampId"), principal.name());
        if (!async) {
            awaitJob(job);
        }
        return new Outcome(Optional.of(job));
    }

    /**
     * POST of a bound action to one entity: {@code Expand} of a {@code VirtualDiskDrive}, which grows
     * its virtual hard disk to {@code VirtualHardDiskSizeGB} as a job (the only action SPF binds to
     * the VMM sets this service serves).
     */
    public Outcome invoke(String entitySet, Map<String, Object> key, String action, Map<String, Object> parameters,
            boolean async, Principal principal, Scope scope) {
        ActionDef def = VmmModel.load().action(entitySet, action).filter(a -> a.name().equals("Expand"))
                .orElseThrow(() -> new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "The action " + action
                        + " cannot be invoked on " + entitySet + "."));
        scoped.beforeAction(scope, entitySet, key);
        migrations.requireVmNotHeld(entitySet, key, parameters, MigrationUpdates.Write.UPDATE);
        for (String name : parameters.keySet()) {
            if (def.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                throw SpfException.badRequest("The action " + def.name() + " has no parameter " + name + "; it takes "
                        + String.join(", ", def.parameters().stream().map(p -> p.name() + " (" + p.type() + ")")
                                .toList()) + ".");
            }
        }
        int sizeGb = Values.integer(parameters, "VirtualHardDiskSizeGB").orElseThrow(() -> SpfException.badRequest(
                "VirtualHardDiskSizeGB (Edm.Int32, the new size in GB) is required to expand a virtual disk drive."));
        UUID job = adapter.diskExpansions().expand((UUID) key.get("ID"), (UUID) key.get("StampId"), sizeGb,
                principal.name());
        if (!async) {
            awaitJob(job);
        }
        return new Outcome(Optional.of(job), key);
    }

    /** POST to a set: creates a VM, a checkpoint, a VM network, a virtual network adapter or a backup. */
    public Outcome create(String entitySet, Map<String, Object> body, boolean async, Principal principal, Scope scope) {
        Map<String, Object> checked = scoped.beforeCreate(scope, entitySet, body);
        Outcome out;
        if (MigrationUpdates.SETS.contains(entitySet)) {
            out = migrations.create(entitySet, checked, principal, scope);
        } else {
            migrations.requireVmNotHeld(entitySet, Map.of(), checked, MigrationUpdates.Write.CREATE);
            out = create(entitySet, checked, async, principal);
        }
        scoped.afterCreate(scope, entitySet, out.key());
        return out;
    }

    private Outcome create(String entitySet, Map<String, Object> body, boolean async, Principal principal) {
        if (ExtensionUpdates.SETS.contains(entitySet)) {
            return extensions.create(entitySet, body, async, principal);
        }
        if (entitySet.equals(NetworkAdapterUpdates.SET)) {
            return networkAdapters.create(body, async, principal);
        }
        if (entitySet.equals("VMCheckPoints")) {
            Checkpoints.Created c = adapter.checkpoints().create(
                    Values.requiredGuid(body, "VMId", "create a checkpoint"),
                    Values.requiredGuid(body, "StampId", "create a checkpoint"),
                    Values.text(body, "Name").orElse("Checkpoint"), Values.text(body, "Description"), principal.name());
            if (!async) {
                awaitJob(c.jobId());
            }
            return new Outcome(Optional.of(c.jobId()), key(c.checkpointId(), c.stampId()));
        }
        if (entitySet.equals("VMNetworks")) {
            UUID stamp = Values.requiredGuid(body, "StampId", "create a VM network");
            Optional<List<VmNetworks.Grant>> granted = Optional.ofNullable(body.get("GrantedToList")).map(Values::grants);
            UUID id = adapter.vmNetworks().create(stamp, Values.requiredText(body, "Name", "create a VM network"),
                    Values.requiredGuid(body, "LogicalNetworkId", "create a VM network"),
                    Optional.ofNullable(body.get("Description")).map(Object::toString), principal.name());
            granted.ifPresent(grants -> adapter.vmNetworks().update(id, stamp, Optional.empty(), Optional.empty(),
                    Optional.of(grants), principal.name()));
            return new Outcome(Optional.empty(), key(id, stamp));
        }
        if (!entitySet.equals("VirtualMachines")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities cannot be created in " + entitySet + ".");
        }
        VmProvisioning.Created c = adapter.vmProvisioning().create(CreateVmRequests.from(body), principal.name());
        if (!async) {
            awaitJob(c.jobId());
        }
        return new Outcome(Optional.of(c.jobId()), key(c.vmId(), c.stampId()));
    }

    /**
     * DELETE of an entity: a stopped VM with its disks, a checkpoint, an unused VM network or a
     * virtual network adapter.
     */
    public Outcome delete(String entitySet, Map<String, Object> key, boolean async, Principal principal, Scope scope) {
        scoped.beforeDelete(scope, entitySet, key);
        if (MigrationUpdates.SETS.contains(entitySet)) {
            return migrations.delete(entitySet);
        }
        migrations.requireVmNotHeld(entitySet, key, Map.of(), MigrationUpdates.Write.DELETE);
        return delete(entitySet, key, async, principal);
    }

    private Outcome delete(String entitySet, Map<String, Object> key, boolean async, Principal principal) {
        if (ExtensionUpdates.SETS.contains(entitySet)) {
            return extensions.delete(entitySet, key);
        }
        if (entitySet.equals(NetworkAdapterUpdates.SET)) {
            return networkAdapters.delete(key, async, principal);
        }
        if (entitySet.equals("VMCheckPoints")) {
            UUID job = adapter.checkpoints().delete((UUID) key.get("ID"), (UUID) key.get("StampId"), principal.name());
            if (!async) {
                awaitJob(job);
            }
            return new Outcome(Optional.of(job), key);
        }
        if (entitySet.equals("VMNetworks")) {
            return new Outcome(Optional.of(adapter.vmNetworks().delete((UUID) key.get("ID"), (UUID) key.get("StampId"),
                    principal.name())), key);
        }
        if (!entitySet.equals("VirtualMachines")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities of " + entitySet + " cannot be deleted.");
        }
        UUID jobId = adapter.vmCommands().delete((UUID) key.get("ID"), (UUID) key.get("StampId"), principal.name());
        if (!async) {
            awaitJob(jobId);
        }
        return new Outcome(Optional.of(jobId), key);
    }

    static Map<String, Object> key(UUID id, UUID stampId) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("ID", id);
        key.put("StampId", stampId);
        return key;
    }

    private void awaitJob(UUID jobId) {
        try {
            adapter.jobRunner().completion(jobId).get(syncWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Bounded wait, as SPF's synchronous calls are: the job goes on; the client can poll Jobs.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new SpfException(SpfErrorCode.INTERNAL, "Waiting for job " + jobId + " failed.", e);
        }
    }

    private static boolean sameValue(Object given, Object current) {
        if (current == null) {
            return false;
        }
        if (given instanceof Number g && current instanceof Number c) {
            return g.longValue() == c.longValue();
        }
        return Objects.equals(given.toString(), current.toString());
    }
}
