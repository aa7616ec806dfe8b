package io.gio.spf.inventory;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.spf.vm.VmStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Adds VMs to the VMM view: the VM, its virtual hard disks and the drives they hang on (IDE 0:0
 * for the boot disk, SCSI for data disks, as Hyper-V generation 1 VMs have them), a DVD drive,
 * a SCSI adapter and the network adapters. Batched, so that large seeds stay fast.
 */
public final class VmInventoryWriter {

    /** A fabric VM and what VMM knows about it. */
    public record Entry(FabricVm vm, VmMetadata meta) {}

    private static final int BATCH = 1_000;
    private final Jdbi jdbi;

    public VmInventoryWriter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(List<Entry> entries, Map<UUID, String> hostNames, Instant now) {
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<Entry> chunk = entries.subList(from, Math.min(entries.size(), from + BATCH));
            jdbi.useTransaction(h -> insertChunk(h, chunk, hostNames, now));
        }
    }

    private static void insertChunk(Handle h, List<Entry> chunk, Map<UUID, String> hostNames, Instant now) {
        PreparedBatch vms = h.prepareBatch("INSERT INTO vmm_vm (id, stamp_id, cloud_id, name, computer_name, description,"
                + " status, vm_state, host_id, host_name, cpu_count, memory_mb, dyn_memory, template_id,"
                + " hardware_profile_id, os_name, os_type, os_version, vm_generation, total_size, location, owner_user,"
                + " owner_role, owner_role_id, added, modified) VALUES (:id, :stamp, :cloud, :name, :cn, :desc, :status,"
                + " :vmState, :host, :hostName, :cpu, :mem, FALSE, :tpl, :hwp, :os, :osType, :osVer, :gen, :size,"
                + " :loc, :ou, :or, :orid, :now, :now)");
        PreparedBatch vhds = h.prepareBatch("INSERT INTO vmm_vhd (id, stamp_id, vm_id, name, location, directory,"
                + " vhd_type, format, size_bytes, max_bytes, host_volume_id, os_name, added, modified) VALUES (:id,"
                + " :stamp, :vm, :name, :loc, :dir, 'DynamicallyExpanding', :fmt, :size, :max, :vol, :os, :now, :now)");
        PreparedBatch drives = h.prepareBatch("INSERT INTO vmm_disk_drive (id, stamp_id, vm_id, vhd_id, bus_type, bus,"
                + " lun) VALUES (:id, :stamp, :vm, :vhd, :bt, :bus, :lun)");
        PreparedBatch dvds = h.prepareBatch("INSERT INTO vmm_dvd_drive (id, stamp_id, vm_id, bus_type, bus, lun)"
                + " VALUES (:id, :stamp, :vm, 'IDE', 1, 0)");
        PreparedBatch scsi = h.prepareBatch("INSERT INTO vmm_scsi_adapter (id, stamp_id, vm_id, slot)"
                + " VALUES (:id, :stamp, :vm, 0)");
        PreparedBatch nics = h.prepareBatch("INSERT INTO vmm_nic (id, stamp_id, vm_id, name, mac_address, vm_network_id,"
                + " vm_network_name, ipv4_addresses, slot) VALUES (:id, :stamp, :vm, :name, :mac, :net, :netName, :ips,"
                + " :slot)");
        for (Entry e : chunk) {
            FabricVm vm = e.vm();
            VmMetadata m = e.meta();
            long total = vm.disks().stream().mapToLong(FabricDisk::maxBytes).sum();
            String location = vm.disks().isEmpty() ? null : directory(vm.disks().get(0).path());
            vms.bind("id", vm.id()).bind("stamp", vm.stampId()).bind("cloud", m.cloudId()).bind("name", vm.name())
                    .bind("cn", m.computerName()).bind("desc", m.description())
                    .bind("status", VmStatus.of(vm.state())).bind("vmState", VmStatus.hyperV(vm.state()))
                    .bind("host", vm.hostId()).bind("hostName", hostNames.get(vm.hostId()))
                    .bind("cpu", (short) vm.cpuCount()).bind("mem", vm.memoryMb())
                    .bind("tpl", m.templateId().orElse(null)).bind("hwp", m.hardwareProfileId().orElse(null))
                    .bind("os", m.osName()).bind("osType", m.osType()).bind("osVer", m.osVersion())
                    .bind("gen", m.vmGeneration()).bind("size", total).bind("loc", location)
                    .bind("ou", m.ownerUser()).bind("or", m.ownerRole()).bind("orid", m.ownerRoleId())
                    .bind("now", utc(now)).add();
            int scsiLun = 0;
            for (FabricDisk d : vm.disks()) {
                vhds.bind("id", d.id()).bind("stamp", vm.stampId()).bind("vm", vm.id())
                        .bind("name", fileName(d.path())).bind("loc", d.path()).bind("dir", directory(d.path()))
                        .bind("fmt", d.format().name()).bind("size", d.usedBytes()).bind("max", d.maxBytes())
                        .bind("vol", d.volumeId()).bind("os", d.boot() ? m.osName() : null).bind("now", utc(now)).add();
                drives.bind("id", derived(d.id(), "drive")).bind("stamp", vm.stampId()).bind("vm", vm.id())
                        .bind("vhd", d.id()).bind("bt", d.boot() ? "IDE" : "SCSI").bind("bus", 0)
                        .bind("lun", d.boot() ? 0 : scsiLun++).add();
            }
            dvds.bind("id", derived(vm.id(), "dvd")).bind("stamp", vm.stampId()).bind("vm", vm.id()).add();
            scsi.bind("id", derived(vm.id(), "scsi")).bind("stamp", vm.stampId()).bind("vm", vm.id()).add();
            int slot = 0;
            for (FabricNic n : vm.nics()) {
                VmMetadata.NicNetwork net = slot < m.nicNetworks().size() ? m.nicNetworks().get(slot) : null;
                nics.bind("id", n.id()).bind("stamp", vm.stampId()).bind("vm", vm.id())
                        .bind("name", "Network Adapter " + (slot + 1)).bind("mac", n.macAddress())
                        .bind("net", net == null ? null : net.vmNetworkId())
                        .bind("netName", net == null ? null : net.vmNetworkName())
                        .bind("ips", String.join(",", n.ipv4Addresses())).bind("slot", slot++).add();
            }
        }
        for (PreparedBatch b : List.of(vms, vhds, drives, dvds, scsi, nics)) {
            if (b.size() > 0) {
                b.execute();
            }
        }
    }

    /** A stable ID for a VMM object that the fabric has no ID for (drives, adapters). */
    static UUID derived(UUID base, String kind) {
        return UUID.nameUUIDFromBytes((base + "/" + kind).getBytes(StandardCharsets.UTF_8));
    }

    static String fileName(String path) {
        int i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(i + 1);
    }

    static String directory(String path) {
        int i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return i < 0 ? "" : path.substring(0, i);
    }
}
