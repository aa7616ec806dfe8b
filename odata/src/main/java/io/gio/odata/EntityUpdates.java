package io.gio.odata;

import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Principal;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import io.gio.spf.vm.VmOperation;
import io.gio.spf.vm.VmProvisioning;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Updates (PUT, MERGE, PATCH) as SPF applies them, shared by both dialects. Merge semantics:
 * only the properties given with a non-null value count; read-only and unknown ones were
 * already dropped by the caller. An {@code Operation} on a VM runs as a job.
 */
public final class EntityUpdates {

    /** Writable VM properties whose change needs the resize support that is not part of this release. */
    private static final Set<String> VM_SETTINGS = Set.of("Name", "Description", "CPUCount", "Memory",
            "DynamicMemoryEnabled", "DynamicMemoryMinimumMB", "DynamicMemoryMaximumMB", "HardwareProfileId");

    /** The result of a write: the job it started, if any, and the key of the entity it made. */
    public record Outcome(Optional<UUID> jobId, Map<String, Object> key) {
        public Outcome(Optional<UUID> jobId) {
            this(jobId, Map.of());
        }
    }

    private final SpfAdapter adapter;
    private final Duration syncWait;

    public EntityUpdates(SpfAdapter adapter, Duration syncWait) {
        this.adapter = adapter;
        this.syncWait = syncWait;
    }

    public Outcome update(String entitySet, Map<String, Object> key, Map<String, Object> changes, boolean async,
            Principal principal) {
        if (entitySet.equals("VMNetworks")) {
            UUID job = adapter.vmNetworks().update((UUID) key.get("ID"), (UUID) key.get("StampId"),
                    Optional.ofNullable(changes.get("Name")).map(Object::toString),
                    Optional.ofNullable(changes.get("Description")).map(Object::toString),
                    Optional.ofNullable(changes.get("GrantedToList")).map(Values::grants), principal.name());
            return new Outcome(Optional.of(job));
        }
        if (!entitySet.equals("VirtualMachines")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities of " + entitySet + " cannot be updated.");
        }
        EntityRow current = adapter.reader().one(EntityQuery.byKey(entitySet, key)).orElseThrow(
                () -> SpfException.notFound("The virtual machine " + key + " was not found."));
        for (String p : VM_SETTINGS) {
            Object v = changes.get(p);
            if (v != null && !sameValue(v, current.get(p))) {
                throw SpfException.badRequest("Changing " + p + " of a virtual machine is not supported yet;"
                        + " only the Operation property (Start, Stop, Shutdown, Reset, Suspend, Resume, Save) is.");
            }
        }
        Object op = changes.get("Operation");
        if (op == null) {
            return new Outcome(Optional.empty());
        }
        VmOperation operation = VmOperation.parse(op.toString());
        UUID jobId = adapter.vmCommands().power((UUID) key.get("ID"), (UUID) key.get("StampId"), operation,
                principal.name());
        if (!async) {
            awaitJob(jobId);
        }
        return new Outcome(Optional.of(jobId));
    }

    /** POST to a set: creates a VM (other sets are not writable in this release). */
    public Outcome create(String entitySet, Map<String, Object> body, boolean async, Principal principal) {
        if (entitySet.equals("VMNetworks")) {
            UUID stamp = Values.requiredGuid(body, "StampId", "create a VM network");
            UUID id = adapter.vmNetworks().create(stamp, Values.requiredText(body, "Name", "create a VM network"),
                    Values.requiredGuid(body, "LogicalNetworkId", "create a VM network"),
                    Optional.ofNullable(body.get("Description")).map(Object::toString), principal.name());
            Map<String, Object> key = new java.util.LinkedHashMap<>();
            key.put("ID", id);
            key.put("StampId", stamp);
            return new Outcome(Optional.empty(), key);
        }
        if (!entitySet.equals("VirtualMachines")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Entities cannot be created in " + entitySet + ".");
        }
        VmProvisioning.Created c = adapter.vmProvisioning().create(CreateVmRequests.from(body), principal.name());
        if (!async) {
            awaitJob(c.jobId());
        }
        Map<String, Object> key = new java.util.LinkedHashMap<>();
        key.put("ID", c.vmId());
        key.put("StampId", c.stampId());
        return new Outcome(Optional.of(c.jobId()), key);
    }

    /** DELETE of an entity: deletes a stopped VM and its disks. */
    public Outcome delete(String entitySet, Map<String, Object> key, boolean async, Principal principal) {
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
