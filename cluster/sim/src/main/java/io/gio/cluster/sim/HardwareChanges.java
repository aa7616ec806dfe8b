package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.VmHardware;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Changes of a VM's processors and memory: the host memory they reserve when they start, the
 * pending values of a RECONFIGURE in sim_reconfiguration, and writing them to sim_vm when due.
 */
final class HardwareChanges {

    static final String RECONFIGURE = "RECONFIGURE";

    private final Usage usage;

    HardwareChanges(Usage usage) {
        this.usage = usage;
    }

    /** Moves the VM's host allocation to {@code memoryMb}; CAPACITY when the host lacks the increase. */
    void reserve(Handle h, VmRow vm, int memoryMb) {
        long extra = (long) memoryMb - vm.memoryMb();
        if (extra < 0) {
            usage.add(h, Map.of(vm.hostId(), extra), Map.of());
        } else if (extra > 0 && !usage.reserveHost(h, vm.hostId(), extra)) {
            String room = h.createQuery("SELECT name, memory_mb - allocated_memory_mb AS free_mb FROM sim_host WHERE id = :id")
                    .bind("id", vm.hostId())
                    .map((rs, ctx) -> rs.getString("name") + " has " + rs.getLong("free_mb") + " MB")
                    .one();
            throw new ClusterException(ClusterErrorCode.CAPACITY, "host " + room + " of memory free; VM '"
                    + vm.name() + "' needs " + extra + " MB more to have " + memoryMb + " MB");
        }
    }

    /** Gives back what {@link #reserve} took to move the VM's host allocation to {@code reservedMb}. */
    void unreserve(Handle h, UUID vmId, int reservedMb) {
        h.createQuery("SELECT host_id, memory_mb FROM sim_vm WHERE id = :id").bind("id", vmId)
                .map((rs, ctx) -> Map.of(SimRows.uuid(rs, "host_id"), (long) rs.getInt("memory_mb") - reservedMb))
                .findOne()
                .ifPresent(giveBack -> usage.add(h, giveBack, Map.of()));
    }

    /** What failing a RECONFIGURE gives back. */
    void undoPending(Handle h, OperationRow op) {
        unreserve(h, op.vmId(), pending(h, op).memoryMb());
    }

    void insertPending(Handle h, UUID operationId, VmHardware hardware) {
        h.createUpdate("INSERT INTO sim_reconfiguration (operation_id, cpu_count, memory_mb, dynamic_memory_min_mb,"
                        + " dynamic_memory_max_mb) VALUES (:op, :cpu, :memory, :min, :max)")
                .bind("op", operationId).bind("cpu", hardware.cpuCount()).bind("memory", hardware.memoryMb())
                .bindByType("min", SimRows.minimumMb(hardware), Integer.class)
                .bindByType("max", SimRows.maximumMb(hardware), Integer.class)
                .execute();
    }

    /** The settle effect of RECONFIGURE. */
    void applyPending(Handle h, OperationRow op) {
        set(h, op.vmId(), pending(h, op));
    }

    private static VmHardware pending(Handle h, OperationRow op) {
        return h.createQuery("SELECT * FROM sim_reconfiguration WHERE operation_id = :op")
                .bind("op", op.id())
                .map((rs, ctx) -> new VmHardware(rs.getInt("cpu_count"), rs.getInt("memory_mb"),
                        SimRows.dynamicMemory(rs)))
                .one();
    }

    void set(Handle h, UUID vmId, VmHardware hardware) {
        h.createUpdate("UPDATE sim_vm SET cpu_count = :cpu, memory_mb = :memory, dynamic_memory_min_mb = :min,"
                        + " dynamic_memory_max_mb = :max WHERE id = :id")
                .bind("cpu", hardware.cpuCount()).bind("memory", hardware.memoryMb())
                .bindByType("min", SimRows.minimumMb(hardware), Integer.class)
                .bindByType("max", SimRows.maximumMb(hardware), Integer.class)
                .bind("id", vmId).execute();
    }
}
