package io.gio.spf.vm;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.NicSpec;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.VmJobs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Virtual network adapters of VMs as VMM changes them (New-, Set- and Remove-SCVirtualNetworkAdapter):
 * every change is a job on the VM whose work is one fabric operation. Hyper-V up to 2012 R2 adds
 * and removes synthetic adapters only while the VM is stopped; the fabric refuses otherwise, which
 * fails the job, as a resize does. Reconnecting an adapter to another VM network works in any
 * stable power state.
 *
 * <p>A new adapter is listed at once (VMM shows MAC address 00:00:00:00:00:00 until a dynamic one
 * is assigned) and gets its MAC and IPv4 addresses from the fabric when its job ends; a failed add
 * takes it away again. A reconnected adapter shows its new VM network once the job has succeeded;
 * a removed one goes then. What each running job will change is kept in vmm_nic_change, so a
 * restarted gateway finishes it alike.
 */
public final class NetworkAdapters {

    /** Job action of every adapter job; its end triggers {@link #jobEnded}. */
    public static final String ACTION = "NetworkAdapter";

    /** A new adapter and the job that adds it. */
    public record Added(UUID nicId, UUID stampId, UUID jobId) {}

    private static final String UNASSIGNED_MAC = "00:00:00:00:00:00";
    private static final Pattern MAC = Pattern.compile("[0-9A-F]{2}([:-]?)[0-9A-F]{2}(\\1[0-9A-F]{2}){4}");
    private static final VmJobs.Kind ADD = new VmJobs.Kind("Create virtual network adapter",
            "New-SCVirtualNetworkAdapter", ACTION);
    private static final VmJobs.Kind CONNECT = new VmJobs.Kind("Change properties of virtual network adapter",
            "Set-SCVirtualNetworkAdapter", ACTION);
    private static final VmJobs.Kind REMOVE = new VmJobs.Kind("Remove virtual network adapter",
            "Remove-SCVirtualNetworkAdapter", ACTION);

    private record Change(UUID nicId, String kind, UUID vmNetworkId, String vmNetworkName, String staticMac) {}

    private record Nic(UUID id, UUID vmId, UUID vmNetworkId, String macAddressType, String macAddress) {}

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final VmStore vms;
    private final VmJobs vmJobs;

    public NetworkAdapters(Jdbi jdbi, ClusterDriver driver, VmStore vms, VmJobs vmJobs) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.vms = vms;
        this.vmJobs = vmJobs;
    }

    /**
     * Adds an adapter connected to a VM network of the VM's stamp, with a dynamic MAC address or,
     * when {@code macAddressType} is {@code Static} (or absent with a MAC address given), the one
     * given. BAD_REQUEST for a VM network that is not on the stamp, a malformed MAC address or a VM
     * that has {@link Generation#MAX_NICS_PER_VM} adapters already; CONFLICT, naming the VM's state
     * and the failed job, when the fabric refuses at once (the VM is not stopped).
     */
    public Added add(UUID vmId, UUID stampId, CreateVmRequest.NetworkRef networkRef, Optional<String> macAddressType,
            Optional<String> macAddress, String principal) {
        VmRecord vm = vms.find(vmId, stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine with ID " + vmId + " on stamp " + stampId + " was not found."));
        Optional<String> staticMac = staticMac(macAddressType, macAddress);
        UUID nicId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        VmCatalog.Network network = jdbi.inTransaction(h -> {
            VmCatalog.Network n = VmCatalog.network(h, networkRef, stampId);
            Set<Integer> slots = new HashSet<>(h.createQuery("SELECT slot FROM vmm_nic WHERE vm_id = :vm")
                    .bind("vm", vmId).mapTo(Integer.class).list());
            if (slots.size() >= Generation.MAX_NICS_PER_VM) {
                throw SpfException.badRequest(VmCatalog.stamp(h, stampId).describe() + " allows at most "
                        + Generation.MAX_NICS_PER_VM + " network adapters per VM; the virtual machine " + vm.name()
                        + " has " + slots.size() + ".");
            }
            insertRow(h, nicId, stampId, vmId, freeSlot(slots), staticMac.orElse(UNASSIGNED_MAC), staticMac.isPresent(),
                    n.id(), n.name(), "");
            insertChange(h, jobId, vmId, new Change(nicId, "Add", n.id(), n.name(), staticMac.orElse(null)));
            return n;
        });
        boolean accepted = vmJobs.start(jobId, vm, vm.name(), ADD, principal,
                () -> driver.addNic(vmId, new NicSpec(nicId, network.logicalNetworkId(), staticMac)),
                () -> jobEnded(jobId, vmId, false));
        if (!accepted) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The virtual network adapter was not added: "
                    + jobError(jobId) + " (job " + jobId + " failed).");
        }
        return new Added(nicId, stampId, jobId);
    }

    /**
     * Connects an adapter to another VM network of its stamp, as a job; empty when the network is
     * absent or the one it is connected to already. The MAC address cannot change: BAD_REQUEST when
     * a different type or address is given (AzPS sends the current ones back, which is fine).
     */
    public Optional<UUID> update(UUID nicId, UUID stampId, Optional<CreateVmRequest.NetworkRef> networkRef,
            Optional<String> macAddressType, Optional<String> macAddress, String principal) {
        Nic nic = find(nicId, stampId);
        requireSameMac(nic, macAddressType, macAddress);
        if (networkRef.isEmpty()) {
            return Optional.empty();
        }
        VmCatalog.Network network = jdbi.withHandle(h -> VmCatalog.network(h, networkRef.get(), stampId));
        if (network.id().equals(nic.vmNetworkId())) {
            return Optional.empty();
        }
        VmRecord vm = vms.find(nic.vmId(), stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine of virtual network adapter " + nicId + " was not found."));
        UUID jobId = UUID.randomUUID();
        jdbi.useHandle(h -> insertChange(h, jobId, vm.id(),
                new Change(nicId, "Connect", network.id(), network.name(), null)));
        vmJobs.start(jobId, vm, vm.name(), CONNECT, principal,
                () -> driver.connectNic(vm.id(), nicId, network.logicalNetworkId()),
                () -> jobEnded(jobId, vm.id(), false));
        return Optional.of(jobId);
    }

    /** Removes an adapter, as a job; the fabric refuses unless the VM is stopped, which fails the job. */
    public UUID remove(UUID nicId, UUID stampId, String principal) {
        Nic nic = find(nicId, stampId);
        VmRecord vm = vms.find(nic.vmId(), stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine of virtual network adapter " + nicId + " was not found."));
        UUID jobId = UUID.randomUUID();
        jdbi.useHandle(h -> insertChange(h, jobId, vm.id(), new Change(nicId, "Remove", null, null, null)));
        vmJobs.start(jobId, vm, vm.name(), REMOVE, principal, () -> driver.removeNic(vm.id(), nicId),
                () -> jobEnded(jobId, vm.id(), false));
        return jobId;
    }

    /**
     * Brings the VMM view in line when an adapter job ends: a reconnect that succeeded shows its new
     * VM network; then the VM's adapters are synchronized with the fabric's.
     */
    public void jobEnded(UUID jobId, UUID vmId, boolean succeeded) {
        Optional<Change> change = jdbi.inTransaction(h -> {
            Optional<Change> c = h.createQuery("SELECT nic_id, kind, vm_network_id, vm_network_name, static_mac"
                            + " FROM vmm_nic_change WHERE job_id = :job")
                    .bind("job", jobId).map((rs, ctx) -> change(rs)).findOne();
            c.filter(x -> succeeded && x.kind().equals("Connect")).ifPresent(x -> h.createUpdate("UPDATE vmm_nic"
                            + " SET vm_network_id = :net, vm_network_name = :name WHERE id = :id")
                    .bind("net", x.vmNetworkId()).bind("name", x.vmNetworkName()).bind("id", x.nicId()).execute());
            h.createUpdate("DELETE FROM vmm_nic_change WHERE job_id = :job").bind("job", jobId).execute();
            return c;
        });
        sync(vmId, change.filter(c -> succeeded && c.kind().equals("Add")));
    }

    /**
     * Makes the VMM view of a VM's adapters match the fabric's: adapters it lacks go (except those
     * whose add still runs), the others get its MAC and IPv4 addresses, and one only the fabric has
     * is listed (with the VM network of {@code finishedAdd} when it is that adapter). A VM the
     * fabric lost keeps its adapters; it shows as Missing.
     */
    private void sync(UUID vmId, Optional<Change> finishedAdd) {
        Optional<FabricVm> observed = driver.vm(vmId);
        if (observed.isEmpty()) {
            return;
        }
        Map<UUID, FabricNic> fabric = observed.get().nics().stream()
                .collect(Collectors.toMap(FabricNic::id, Function.identity()));
        UUID stampId = observed.get().stampId();
        jdbi.useTransaction(h -> {
            Map<UUID, Change> adds = new HashMap<>();
            h.createQuery("SELECT nic_id, kind, vm_network_id, vm_network_name, static_mac FROM vmm_nic_change"
                            + " WHERE vm_id = :vm AND kind = 'Add'")
                    .bind("vm", vmId).map((rs, ctx) -> change(rs)).forEach(c -> adds.put(c.nicId(), c));
            Set<UUID> pending = Set.copyOf(adds.keySet());
            finishedAdd.ifPresent(c -> adds.put(c.nicId(), c));
            Map<UUID, Integer> rows = new HashMap<>();
            h.createQuery("SELECT id, slot FROM vmm_nic WHERE vm_id = :vm").bind("vm", vmId)
                    .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getInt(2)))
                    .forEach(e -> rows.put(e.getKey(), e.getValue()));
            for (UUID id : List.copyOf(rows.keySet())) {
                if (!fabric.containsKey(id) && !pending.contains(id)) {
                    h.createUpdate("DELETE FROM vmm_nic WHERE id = :id").bind("id", id).execute();
                    rows.remove(id);
                }
            }
            for (FabricNic n : observed.get().nics()) {
                String ips = String.join(",", n.ipv4Addresses());
                if (rows.containsKey(n.id())) {
                    h.createUpdate("UPDATE vmm_nic SET mac_address = :mac, ipv4_addresses = :ips WHERE id = :id")
                            .bind("mac", n.macAddress()).bind("ips", ips).bind("id", n.id()).execute();
                } else {
                    Optional<Change> add = Optional.ofNullable(adds.get(n.id()));
                    int slot = freeSlot(rows.values());
                    insertRow(h, n.id(), stampId, vmId, slot, n.macAddress(),
                            add.map(Change::staticMac).isPresent(), add.map(Change::vmNetworkId).orElse(null),
                            add.map(Change::vmNetworkName).orElse(null), ips);
                    rows.put(n.id(), slot);
                }
            }
        });
    }

    private Nic find(UUID nicId, UUID stampId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, vm_id, vm_network_id, mac_address_type, mac_address"
                        + " FROM vmm_nic WHERE id = :id AND stamp_id = :stamp")
                .bind("id", nicId).bind("stamp", stampId)
                .map((rs, ctx) -> new Nic(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5)))
                .findOne())
                .orElseThrow(() -> SpfException.notFound("The virtual network adapter " + nicId + " on stamp "
                        + stampId + " was not found."));
    }

    private String jobError(UUID jobId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT error_message FROM vmm_job WHERE id = :id")
                .bind("id", jobId).mapTo(String.class).findOne()).orElse("the fabric refused it");
    }

    private static void insertRow(Handle h, UUID id, UUID stampId, UUID vmId, int slot, String mac, boolean staticMac,
            UUID vmNetworkId, String vmNetworkName, String ipv4) {
        h.createUpdate("INSERT INTO vmm_nic (id, stamp_id, vm_id, name, mac_address, mac_address_type, vm_network_id,"
                        + " vm_network_name, ipv4_addresses, slot) VALUES (:id, :stamp, :vm, :name, :mac, :type, :net,"
                        + " :netName, :ips, :slot)")
                .bind("id", id).bind("stamp", stampId).bind("vm", vmId).bind("name", "Network Adapter " + (slot + 1))
                .bind("mac", mac).bind("type", staticMac ? "Static" : "Dynamic")
                .bindByType("net", vmNetworkId, UUID.class).bind("netName", vmNetworkName)
                .bind("ips", ipv4).bind("slot", slot).execute();
    }

    private static void insertChange(Handle h, UUID jobId, UUID vmId, Change c) {
        h.createUpdate("INSERT INTO vmm_nic_change (job_id, vm_id, nic_id, kind, vm_network_id, vm_network_name,"
                        + " static_mac) VALUES (:job, :vm, :nic, :kind, :net, :netName, :mac)")
                .bind("job", jobId).bind("vm", vmId).bind("nic", c.nicId()).bind("kind", c.kind())
                .bindByType("net", c.vmNetworkId(), UUID.class).bind("netName", c.vmNetworkName())
                .bind("mac", c.staticMac()).execute();
    }

    private static Change change(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Change(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getString(5));
    }

    /** The lowest slot no adapter of the VM uses. */
    private static int freeSlot(java.util.Collection<Integer> used) {
        int slot = 0;
        while (used.contains(slot)) {
            slot++;
        }
        return slot;
    }

    /**
     * The static MAC address asked for, in the fabric's form (upper case, colons), or empty for a
     * dynamic one: {@code Static} needs an address; with no type, a non-zero address means static.
     */
    static Optional<String> staticMac(Optional<String> type, Optional<String> address) {
        String t = type.map(String::trim).orElse("");
        Optional<String> given = address.map(String::trim).filter(a -> !a.isEmpty());
        if (t.equalsIgnoreCase("Dynamic")) {
            return Optional.empty();
        }
        if (!t.isEmpty() && !t.equalsIgnoreCase("Static")) {
            throw SpfException.badRequest("The MACAddressType value '" + t + "' is not valid. Valid values: Dynamic,"
                    + " Static.");
        }
        if (given.isEmpty()) {
            if (t.isEmpty()) {
                return Optional.empty();
            }
            throw SpfException.badRequest("A Static MACAddressType needs a MACAddress.");
        }
        String mac = normalized(given.get());
        if (mac.equals(UNASSIGNED_MAC) && t.isEmpty()) {
            return Optional.empty();
        }
        if (mac.equals(UNASSIGNED_MAC) || (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            throw SpfException.badRequest("MACAddress '" + given.get() + "' is not a valid static MAC address: it must"
                    + " be a unicast address other than 00:00:00:00:00:00.");
        }
        return Optional.of(mac);
    }

    /** Upper case with colons; BAD_REQUEST unless six hexadecimal pairs, bare or separated by ':' or '-'. */
    private static String normalized(String mac) {
        String upper = mac.toUpperCase(Locale.ROOT);
        if (!MAC.matcher(upper).matches()) {
            throw SpfException.badRequest("MACAddress '" + mac + "' is not a MAC address such as 00:1D:D8:B7:1C:00.");
        }
        String hex = upper.replace(":", "").replace("-", "");
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return out.toString();
    }

    private static void requireSameMac(Nic nic, Optional<String> type, Optional<String> address) {
        boolean typeChanges = type.map(String::trim).filter(t -> !t.isEmpty())
                .filter(t -> !t.equalsIgnoreCase(nic.macAddressType())).isPresent();
        boolean addressChanges = address.map(String::trim).filter(a -> !a.isEmpty()).map(NetworkAdapters::normalized)
                .filter(a -> !a.equals(UNASSIGNED_MAC) && !a.equals(nic.macAddress())).isPresent();
        if (typeChanges || addressChanges) {
            throw SpfException.badRequest("The MAC address of a virtual network adapter cannot be changed; remove the"
                    + " adapter and add one with the new address.");
        }
    }
}
