package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerState;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.libvirt.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adding, reconnecting and removing network adapters. Adding and removing change a stopped VM's
 * configuration; reconnecting is online: a running domain's adapter is moved with
 * {@code virDomainUpdateDeviceFlags} (live) and its configuration is changed too. Each adapter's
 * address is its DHCP reservation on its network (see {@link Addresses}).
 */
final class NicChanges {

    private static final Logger LOG = LoggerFactory.getLogger(NicChanges.class);
    private static final int AFFECT_LIVE = 1;

    private final Fabric fabric;

    NicChanges(Fabric fabric) {
        this.fabric = fabric;
    }

    FabricOperation add(UUID vmId, NicSpec nic) {
        FabricVm vm = fabric.requireVm(vmId);
        Optional<UUID> usedFor = fabric.operations.vmOf(OpKind.ADD_NIC, nic.id().toString());
        if (usedFor.isPresent()) {
            if (usedFor.get().equals(vmId)) {
                return fabric.operations.find(OpKind.ADD_NIC, nic.id().toString()).orElseThrow();
            }
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The adapter ID " + nic.id()
                    + " was used to add an adapter to another VM.");
        }
        if (adapterIdTaken(vm, nic.id())) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The adapter ID " + nic.id()
                    + " is the ID of an existing network adapter.");
        }
        Topology.Net net = network(vm, nic.networkId());
        nic.macAddress().ifPresent(Macs::requireValid);
        Fabric.requireIdle(vm, EnumSet.of(PowerState.STOPPED), "add a network adapter");
        if (vm.nics().size() >= Generation.MAX_NICS_PER_VM) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "The virtual machine " + vm.name() + " has "
                    + vm.nics().size() + " network adapters, the most a VM may have (" + Generation.MAX_NICS_PER_VM + ").");
        }
        HostConnection h = fabric.host(vm);
        String mac = VmMeta.mac(nic.macAddress().orElseGet(() -> Macs.assigned(nic.id())));
        return fabric.operations.start(vmId, OpKind.ADD_NIC, nic.id().toString(), () -> {
            fabric.addresses.reserve(h, net.name(), mac);
            fabric.redefine(vmId, doc -> {
                doc.addInterface(mac, net.name());
                VmMeta meta = doc.meta();
                meta.nics.put(mac, new VmMeta.NicMeta(nic.id(), OptionalLong.empty(), OptionalLong.empty()));
                doc.setMeta(meta);
            });
        });
    }

    FabricOperation connect(UUID vmId, UUID nicId, UUID networkId) {
        FabricVm vm = fabric.requireVm(vmId);
        FabricNic nic = nicOf(vm, nicId);
        Topology.Net net = network(vm, networkId);
        String subject = nicId + "/" + networkId;
        Optional<Operations.Op> running = fabric.operations.running(vmId);
        if (running.isPresent() && running.get().kind == OpKind.CONNECT_NIC && running.get().subject.equals(subject)) {
            return fabric.operations.read(running.get().id);
        }
        Fabric.requireIdle(vm, EnumSet.of(PowerState.RUNNING, PowerState.STOPPED, PowerState.PAUSED, PowerState.SAVED),
                "connect a network adapter");
        HostConnection h = fabric.host(vm);
        String mac = VmMeta.mac(nic.macAddress());
        return fabric.operations.start(vmId, OpKind.CONNECT_NIC, subject, () -> {
            String old = fabric.withDomain(vmId, (host, d) -> VmViews.doc(d).iface(mac).map(DomainDoc.Interface::source)
                    .orElse(""));
            boolean moves = !old.equals(net.name());
            if (moves) {
                fabric.addresses.reserve(h, net.name(), mac);
            }
            try {
                fabric.withDomain(vmId, (host, d) -> {
                    liveConnect(vm, d, mac, net.name());
                    return null;
                });
            } catch (ClusterException e) {
                if (moves) {
                    fabric.addresses.release(h, net.name(), mac);
                }
                throw e;
            }
            if (moves) {
                fabric.addresses.release(h, old, mac);
            }
            fabric.redefine(vmId, doc -> doc.setNetwork(mac, net.name()));
        });
    }

    FabricOperation remove(UUID vmId, UUID nicId) {
        FabricVm vm = fabric.requireVm(vmId);
        FabricNic nic = nicOf(vm, nicId);
        Optional<Operations.Op> running = fabric.operations.running(vmId);
        if (running.isPresent() && running.get().kind == OpKind.REMOVE_NIC && running.get().subject.equals(nicId.toString())) {
            return fabric.operations.read(running.get().id);
        }
        Fabric.requireIdle(vm, EnumSet.of(PowerState.STOPPED), "remove a network adapter");
        HostConnection h = fabric.host(vm);
        String mac = VmMeta.mac(nic.macAddress());
        return fabric.operations.start(vmId, OpKind.REMOVE_NIC, nicId.toString(), () -> fabric.redefine(vmId, doc -> {
            doc.iface(mac).filter(i -> "network".equals(i.type()))
                    .ifPresent(i -> fabric.addresses.release(h, i.source(), mac));
            doc.removeInterface(mac);
            VmMeta meta = doc.meta();
            meta.nics.remove(mac);
            doc.setMeta(meta);
        }));
    }

    /** Moves a running domain's adapter now; a driver that cannot (the test driver) changes the configuration only. */
    private static void liveConnect(FabricVm vm, Domain d, String mac, String network) {
        if (Lv.call("read the VM " + vm.name(), d::isActive) != 1) {
            return;
        }
        DomainDoc live = DomainDoc.parse(Lv.call("read the VM " + vm.name(), () -> d.getXMLDesc(0)));
        live.setNetwork(mac, network);
        String xml = live.iface(mac).map(i -> Xml.write(Xml.isolate(i.element()))).orElseThrow();
        try {
            Lv.call("move the adapter " + mac + " of " + vm.name() + " to " + network,
                    () -> d.updateDeviceFlags(xml, AFFECT_LIVE));
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.UNSUPPORTED) {
                throw e;
            }
            LOG.warn("libvirt cannot move adapters of running VMs on this host; {} moves at its next start: {}",
                    vm.name(), e.getMessage());
        }
    }

    private Topology.Net network(FabricVm vm, UUID networkId) {
        return fabric.topology.net(vm.stampId(), networkId).orElseThrow(() -> new ClusterException(
                ClusterErrorCode.NOT_FOUND, "No logical network with ID " + networkId + " on the VM's stamp."));
    }

    private static FabricNic nicOf(FabricVm vm, UUID nicId) {
        return vm.nics().stream().filter(n -> n.id().equals(nicId)).findFirst().orElseThrow(() -> new ClusterException(
                ClusterErrorCode.NOT_FOUND, "The virtual machine " + vm.name() + " has no network adapter " + nicId + "."));
    }

    /** Whether an adapter of any VM of the stamp has the ID. */
    private boolean adapterIdTaken(FabricVm vm, UUID nicId) {
        if (vm.nics().stream().anyMatch(n -> n.id().equals(nicId))) {
            return true;
        }
        for (HostConnection h : fabric.topology.connections(vm.stampId())) {
            for (UUID other : fabric.domains.all(h)) {
                boolean taken = fabric.domains.with(other, (host, d) -> VmViews.doc(d).meta().nics.values().stream()
                        .anyMatch(n -> n.id().equals(nicId))).orElse(false);
                if (taken) {
                    return true;
                }
            }
        }
        return false;
    }
}
