package io.gio.spf.checkpoint;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.FabricCheckpoint;
import io.gio.cluster.spi.FabricOperation;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.VmJobs;
import io.gio.spf.vm.VmRecord;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * VM checkpoints as VMM keeps them: a tree per VM. A new checkpoint is listed at once (its job
 * takes the snapshot); restoring returns the VM to a checkpoint and keeps the later ones;
 * deleting merges it into its parent and re-parents its children. After every checkpoint job the
 * VMM view is brought in line with the fabric's tree.
 */
public final class Checkpoints {

    /** Job action of every checkpoint job; its end triggers {@link #sync(UUID)}. */
    public static final String ACTION = "Checkpoint";

    /** A checkpoint being taken and its job. */
    public record Created(UUID checkpointId, UUID stampId, UUID jobId) {}

    private record Row(UUID vmId, UUID stampId, String name) {}

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final VmStore vms;
    private final VmJobs vmJobs;
    private final Clock clock;

    public Checkpoints(Jdbi jdbi, ClusterDriver driver, VmStore vms, VmJobs vmJobs, Clock clock) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.vms = vms;
        this.vmJobs = vmJobs;
        this.clock = clock;
    }

    public Created create(UUID vmId, UUID stampId, String name, Optional<String> description, String principal) {
        VmRecord vm = vms.find(vmId, stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine with ID " + vmId + " on stamp " + stampId + " was not found."));
        String n = name.trim();
        if (n.isEmpty() || n.length() > 256) {
            throw SpfException.badRequest("Name must be 1 to 256 characters long.");
        }
        CheckpointSupport support = support();
        UUID id = UUID.randomUUID();
        Optional<UUID> parent = support.list(vmId).stream().filter(FabricCheckpoint::current)
                .map(FabricCheckpoint::id).findFirst();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO vmm_checkpoint (id, stamp_id, vm_id, name, description, parent_id,"
                        + " added, modified) VALUES (:id, :stamp, :vm, :name, :desc, :parent, :now, :now)")
                .bind("id", id).bind("stamp", stampId).bind("vm", vmId).bind("name", n)
                .bind("desc", description.orElse(null)).bindByType("parent", parent.orElse(null), UUID.class)
                .bind("now", utc(clock.instant())).execute());
        UUID job = run(vm, "Create checkpoint", "New-SCVMCheckpoint", principal, () -> support.create(vmId, id, n));
        return new Created(id, stampId, job);
    }

    public UUID restore(UUID checkpointId, UUID stampId, String principal) {
        Row cp = find(checkpointId, stampId);
        VmRecord vm = vms.find(cp.vmId(), stampId).orElseThrow();
        CheckpointSupport support = support();
        requireCreated(support, cp, checkpointId);
        return run(vm, "Restore checkpoint", "Restore-SCVMCheckpoint", principal,
                () -> support.restore(cp.vmId(), checkpointId));
    }

    public UUID delete(UUID checkpointId, UUID stampId, String principal) {
        Row cp = find(checkpointId, stampId);
        VmRecord vm = vms.find(cp.vmId(), stampId).orElseThrow();
        CheckpointSupport support = support();
        requireCreated(support, cp, checkpointId);
        return run(vm, "Remove checkpoint", "Remove-SCVMCheckpoint", principal,
                () -> support.delete(cp.vmId(), checkpointId));
    }

    /** Makes the VMM view of a VM's checkpoints match the fabric's tree. */
    public void sync(UUID vmId) {
        List<FabricCheckpoint> fabric = support().list(vmId);
        Set<UUID> ids = fabric.stream().map(FabricCheckpoint::id).collect(Collectors.toSet());
        jdbi.useTransaction(h -> {
            List<UUID> stored = h.createQuery("SELECT id FROM vmm_checkpoint WHERE vm_id = :vm").bind("vm", vmId)
                    .mapTo(UUID.class).list();
            for (UUID id : stored) {
                if (!ids.contains(id)) {
                    h.createUpdate("DELETE FROM vmm_checkpoint WHERE id = :id").bind("id", id).execute();
                }
            }
            for (FabricCheckpoint c : fabric) {
                h.createUpdate("UPDATE vmm_checkpoint SET parent_id = :parent WHERE id = :id")
                        .bindByType("parent", c.parentId().orElse(null), UUID.class).bind("id", c.id()).execute();
            }
        });
    }

    /** A checkpoint listed at once but still being taken cannot be restored or removed yet (409). */
    private static void requireCreated(CheckpointSupport support, Row cp, UUID checkpointId) {
        if (support.list(cp.vmId()).stream().noneMatch(c -> c.id().equals(checkpointId))) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The checkpoint '" + cp.name()
                    + "' is still being created; try again when its job has completed.");
        }
    }

    private UUID run(VmRecord vm, String jobName, String cmdlet, String principal, Supplier<FabricOperation> start) {
        UUID jobId = UUID.randomUUID();
        vmJobs.start(jobId, vm, vm.name(), new VmJobs.Kind(jobName, cmdlet, ACTION), principal, start,
                () -> sync(vm.id()));
        return jobId;
    }

    private Row find(UUID checkpointId, UUID stampId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT vm_id, stamp_id, name FROM vmm_checkpoint WHERE id = :id"
                        + " AND stamp_id = :stamp")
                .bind("id", checkpointId).bind("stamp", stampId)
                .map((rs, ctx) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .findOne())
                .orElseThrow(() -> SpfException.notFound("The checkpoint " + checkpointId + " on stamp " + stampId
                        + " was not found."));
    }

    private CheckpointSupport support() {
        return driver.checkpoints().orElseThrow(() -> new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED,
                "The '" + driver.name() + "' fabric does not support checkpoints."));
    }
}
