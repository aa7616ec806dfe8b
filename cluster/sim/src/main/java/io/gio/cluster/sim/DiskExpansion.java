package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.PowerState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * expandDisk, as Hyper-V edits a disk: a STOPPED VM's disks, and on a generation with online
 * VHDX resize also a RUNNING VM's VHDX data disks (on the SCSI controller; the boot disk sits on
 * IDE). Not while the VM has checkpoints: their differencing disks would no longer match the
 * parent. The new size is kept in sim_disk_expansion and written to the disk when the operation
 * is settled.
 */
final class DiskExpansion {

    static final String KIND = "DISK_EXPAND";

    private final SimStore store;
    private final Inventory inventory;
    private final VmRepository vms;
    private final OperationStarts starts;
    private final CheckpointRepository checkpoints;

    DiskExpansion(SimStore store, Inventory inventory, VmRepository vms, OperationStarts starts,
            CheckpointRepository checkpoints) {
        this.store = store;
        this.inventory = inventory;
        this.vms = vms;
        this.starts = starts;
        this.checkpoints = checkpoints;
    }

    FabricOperation start(UUID vmId, UUID diskId, long maxBytes, Instant now) {
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            FabricDisk disk = vms.disks(h, vmId).stream().filter(d -> d.id().equals(diskId)).findFirst()
                    .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                            "VM '" + vm.name() + "' has no disk " + diskId));
            disk.requireCanGrowTo(maxBytes);
            Generation generation = inventory.requireStamp(h, vm.stampId()).generation();
            boolean online = generation.onlineVhdxResize() && disk.format() == DiskFormat.VHDX && !disk.boot();
            Set<PowerState> from = online ? EnumSet.of(PowerState.STOPPED, PowerState.RUNNING)
                    : EnumSet.of(PowerState.STOPPED);
            PowerTransitions.Transition transition = OperationStarts.keepingState(KIND, from, vm.state());
            starts.requireAllowed(h, vm, transition);
            int taken = checkpoints.list(h, vmId).size();
            if (taken > 0) {
                throw new ClusterException(ClusterErrorCode.INVALID_STATE, "VM '" + vm.name() + "' has " + taken
                        + " checkpoint(s); a disk with checkpoints cannot grow (delete them first)");
            }
            OperationRow op = starts.begin(h, vm, transition, SimDurations.DISK_EXPAND, now, Optional.empty());
            h.createUpdate("INSERT INTO sim_disk_expansion (operation_id, disk_id, max_bytes) VALUES (:op, :disk, :max)")
                    .bind("op", op.id()).bind("disk", diskId).bind("max", maxBytes).execute();
            return op.asOf(now);
        });
    }

    /** The settle effect of DISK_EXPAND. */
    static void apply(Handle h, OperationRow op) {
        h.createUpdate("UPDATE sim_disk SET max_bytes = (SELECT e.max_bytes FROM sim_disk_expansion e"
                        + " WHERE e.operation_id = :op) WHERE id = (SELECT e.disk_id FROM sim_disk_expansion e"
                        + " WHERE e.operation_id = :op)")
                .bind("op", op.id()).execute();
    }
}
