package io.gio.cluster.sim;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.NicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** sim_vm with its sim_disk and sim_nic rows. Writes go in batches, one statement per table. */
final class VmRepository {

    private final Addressing addressing;
    private final Usage usage;

    VmRepository(Addressing addressing, Usage usage) {
        this.addressing = addressing;
        this.usage = usage;
    }

    Optional<VmRow> find(Handle h, UUID vmId) {
        return h.createQuery("SELECT * FROM sim_vm WHERE id = :id").bind("id", vmId).map(SimRows.VM).findOne();
    }

    Optional<FabricVm> load(Handle h, UUID vmId) {
        return find(h, vmId).map(row -> row.withParts(disks(h, vmId), nics(h, vmId)));
    }

    /** IDs of a stamp's VMs: one query over sim_vm alone. */
    List<UUID> ids(Handle h, UUID stampId) {
        return h.createQuery("SELECT id FROM sim_vm WHERE stamp_id = :stamp").bind("stamp", stampId)
                .map((rs, ctx) -> SimRows.uuid(rs, "id")).list();
    }

    Set<UUID> existing(Handle h, Collection<UUID> vmIds) {
        return Set.copyOf(h.createQuery("SELECT id FROM sim_vm WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(vmIds))
                .map((rs, ctx) -> SimRows.uuid(rs, "id")).list());
    }

    List<FabricDisk> disks(Handle h, UUID vmId) {
        return h.createQuery("SELECT * FROM sim_disk WHERE vm_id = :vm ORDER BY ordinal")
                .bind("vm", vmId).map(SimRows.DISK).list();
    }

    List<FabricNic> nics(Handle h, UUID vmId) {
        return h.createQuery("SELECT * FROM sim_nic WHERE vm_id = :vm ORDER BY ordinal")
                .bind("vm", vmId).map(SimRows.NIC).list();
    }

    /** Inserts VMs, disks and NICs (addressing the NICs); capacity counters are the caller's. */
    List<FabricVm> insert(Handle h, List<NewVm> vms) {
        if (vms.isEmpty()) {
            return List.of();
        }
        PreparedBatch vmBatch = h.prepareBatch("INSERT INTO sim_vm"
                + " (id, stamp_id, host_id, name, state, cpu_count, memory_mb, dynamic_memory_min_mb,"
                + " dynamic_memory_max_mb, running_operation_id)"
                + " VALUES (:id, :stamp, :host, :name, :state, :cpu, :memory, :min, :max, :op)");
        for (NewVm vm : vms) {
            VmRow row = vm.row();
            vmBatch.bind("id", row.id()).bind("stamp", row.stampId()).bind("host", row.hostId())
                    .bind("name", row.name()).bind("state", row.state().name())
                    .bind("cpu", row.cpuCount()).bind("memory", row.memoryMb())
                    .bindByType("min", SimRows.minimumMb(row.hardware()), Integer.class)
                    .bindByType("max", SimRows.maximumMb(row.hardware()), Integer.class)
                    .bindByType("op", row.runningOperation().orElse(null), UUID.class).add();
        }
        vmBatch.execute();
        insertDisks(h, vms);
        Map<UUID, List<FabricNic>> nics = insertNics(h, vms);
        List<FabricVm> out = new ArrayList<>(vms.size());
        for (NewVm vm : vms) {
            out.add(vm.row().withParts(vm.disks(), nics.getOrDefault(vm.row().id(), List.of())));
        }
        return out;
    }

    /** Removes a VM with its disks, NICs, checkpoints and backups and gives back its capacity. */
    void delete(Handle h, VmRow vm) {
        usage.release(h, vm, disks(h, vm.id()));
        h.createUpdate("DELETE FROM sim_backup_disk WHERE backup_id IN"
                + " (SELECT id FROM sim_backup WHERE vm_id = :vm)").bind("vm", vm.id()).execute();
        h.createUpdate("DELETE FROM sim_backup WHERE vm_id = :vm").bind("vm", vm.id()).execute();
        h.createUpdate("DELETE FROM sim_checkpoint_disk WHERE checkpoint_id IN"
                + " (SELECT id FROM sim_checkpoint WHERE vm_id = :vm)").bind("vm", vm.id()).execute();
        h.createUpdate("DELETE FROM sim_checkpoint WHERE vm_id = :vm").bind("vm", vm.id()).execute();
        h.createUpdate("DELETE FROM sim_nic WHERE vm_id = :vm").bind("vm", vm.id()).execute();
        h.createUpdate("DELETE FROM sim_disk WHERE vm_id = :vm").bind("vm", vm.id()).execute();
        h.createUpdate("DELETE FROM sim_vm WHERE id = :vm").bind("vm", vm.id()).execute();
    }

    private static void insertDisks(Handle h, List<NewVm> vms) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO sim_disk"
                + " (id, vm_id, ordinal, name, format, path, volume_id, max_bytes, used_bytes,"
                + " dirty_bytes_per_second, boot)"
                + " VALUES (:id, :vm, :ordinal, :name, :format, :path, :volume, :max, :used, :dirty, :boot)");
        int rows = 0;
        for (NewVm vm : vms) {
            int ordinal = 0;
            for (FabricDisk disk : vm.disks()) {
                batch.bind("id", disk.id()).bind("vm", vm.row().id()).bind("ordinal", ordinal++)
                        .bind("name", disk.name()).bind("format", disk.format().name()).bind("path", disk.path())
                        .bind("volume", disk.volumeId()).bind("max", disk.maxBytes()).bind("used", disk.usedBytes())
                        .bind("dirty", disk.dirtyBytesPerSecond()).bind("boot", disk.boot()).add();
                rows++;
            }
        }
        if (rows > 0) {
            batch.execute();
        }
    }

    private Map<UUID, List<FabricNic>> insertNics(Handle h, List<NewVm> vms) {
        Map<UUID, List<FabricNic>> out = new HashMap<>();
        Map<UUID, Integer> perNetwork = new TreeMap<>(); // one lock order for all writers
        vms.forEach(vm -> vm.nics().forEach(nic -> perNetwork.merge(nic.networkId(), 1, Integer::sum)));
        if (perNetwork.isEmpty()) {
            return out;
        }
        Map<UUID, Iterator<String>> addresses = new HashMap<>();
        perNetwork.forEach((network, count) ->
                addresses.put(network, new ArrayList<>(addressing.allocate(h, network, count)).iterator()));
        PreparedBatch batch = h.prepareBatch("INSERT INTO sim_nic"
                + " (id, vm_id, ordinal, network_id, mac_address, ipv4_address)"
                + " VALUES (:id, :vm, :ordinal, :network, :mac, :ip)");
        for (NewVm vm : vms) {
            int ordinal = 0;
            for (NicSpec nic : vm.nics()) {
                String ip = addresses.get(nic.networkId()).next();
                String mac = Addressing.mac(nic);
                batch.bind("id", nic.id()).bind("vm", vm.row().id()).bind("ordinal", ordinal++)
                        .bind("network", nic.networkId()).bind("mac", mac).bind("ip", ip).add();
                out.computeIfAbsent(vm.row().id(), k -> new ArrayList<>())
                        .add(new FabricNic(nic.id(), mac, nic.networkId(), List.of(ip)));
            }
        }
        batch.execute();
        return out;
    }
}
