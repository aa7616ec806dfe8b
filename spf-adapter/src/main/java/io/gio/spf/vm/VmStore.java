package io.gio.spf.vm;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
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

    /** Copies the fabric's observed state and hardware into the VM; a VM the fabric lost shows as Missing. */
    public void refreshState(UUID id, Optional<FabricVm> observed, Instant now) {
        PowerState state = observed.map(FabricVm::state).orElse(PowerState.UNKNOWN);
        if (observed.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_vm SET status = :status, vm_state = :vmState,"
                            + " modified = :now WHERE id = :id AND (status <> :status OR vm_state <> :vmState)")
                    .bind("status", VmStatus.of(state)).bind("vmState", VmStatus.hyperV(state))
                    .bind("now", utc(now)).bind("id", id).execute());
            return;
        }
        FabricVm vm = observed.get();
        Integer dynMin = vm.dynamicMemory().map(VmHardware.DynamicMemory::minimumMb).orElse(null);
        Integer dynMax = vm.dynamicMemory().map(VmHardware.DynamicMemory::maximumMb).orElse(null);
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_vm SET status = :status, vm_state = :vmState, cpu_count = :cpu,"
                        + " memory_mb = :mem, dyn_memory = :dyn, dyn_min_mb = :dmin, dyn_max_mb = :dmax, modified = :now"
                        + " WHERE id = :id AND (status <> :status OR vm_state <> :vmState OR cpu_count <> :cpu"
                        + " OR memory_mb <> :mem OR dyn_memory <> :dyn)")
                .bind("status", VmStatus.of(state)).bind("vmState", VmStatus.hyperV(state))
                .bind("cpu", (short) vm.cpuCount()).bind("mem", vm.memoryMb()).bind("dyn", vm.dynamicMemory().isPresent())
                .bind("dmin", dynMin).bind("dmax", dynMax).bind("now", utc(now)).bind("id", id).execute());
    }

    /** VMM-only settings: the name and description shown, and the hardware profile it was sized from. */
    public void rename(UUID id, Optional<String> name, Optional<String> description, Optional<UUID> hardwareProfileId,
            Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vmm_vm SET name = COALESCE(:name, name),"
                        + " description = COALESCE(:desc, description),"
                        + " hardware_profile_id = COALESCE(:hwp, hardware_profile_id), modified = :now WHERE id = :id")
                .bind("name", name.orElse(null)).bind("desc", description.orElse(null))
                .bindByType("hwp", hardwareProfileId.orElse(null), UUID.class).bind("now", utc(now)).bind("id", id)
                .execute());
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
