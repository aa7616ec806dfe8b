package io.gio.spf.vm;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Writes to the VMM view of VMs: identity lookups, observed state, job links. */
public final class VmStore {

    private final Jdbi jdbi;

    public VmStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<VmRecord> find(UUID id, UUID stampId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, stamp_id, name, cloud_id, status FROM vmm_vm"
                        + " WHERE id = :id AND stamp_id = :stamp")
                .bind("id", id).bind("stamp", stampId)
                .map((rs, ctx) -> new VmRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), Optional.ofNullable(rs.getObject(4, UUID.class)), rs.getString(5)))
                .findOne());
    }

    /** Copies the fabric's observed state into the VM; a VM the fabric lost shows as Missing. */
    public void refreshState(UUID id, Optional<FabricVm> observed, Instant now) {
        PowerState state = observed.map(FabricVm::state).orElse(PowerState.UNKNOWN);
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_vm SET status = :status, vm_state = :vmState,"
                        + " modified = :now WHERE id = :id AND (status <> :status OR vm_state <> :vmState)")
                .bind("status", VmStatus.of(state)).bind("vmState", VmStatus.hyperV(state))
                .bind("now", utc(now)).bind("id", id).execute());
    }

    /** Removes a VM from the VMM view, with its disks, drives and adapters (they cascade). */
    public void remove(UUID id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM vmm_vm WHERE id = :id").bind("id", id).execute());
    }

    public void startedJob(UUID id, UUID jobId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_vm SET most_recent_task_id = :job WHERE id = :id")
                .bind("job", jobId).bind("id", id).execute());
    }

    public void recordFailure(UUID id, UUID jobId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_vm SET failed_job_id = :job WHERE id = :id")
                .bind("job", jobId).bind("id", id).execute());
    }
}
