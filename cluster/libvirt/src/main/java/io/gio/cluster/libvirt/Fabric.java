package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.PowerState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.libvirt.Domain;

/**
 * What the driver's parts share: the topology, the domains, the operations and addresses, and
 * the checks and edits every part makes the same way.
 */
final class Fabric {

    final LibvirtSettings settings;
    final Topology topology;
    final Domains domains;
    final Operations operations;
    final Addresses addresses;
    final VmViews views;
    final Clock clock;
    private final Object[] locks = new Object[64];
    /** VMs whose creation runs and whose domain is not defined yet, as the API shows them: CREATING. */
    final java.util.Map<UUID, FabricVm> creating = new java.util.concurrent.ConcurrentHashMap<>();

    Fabric(LibvirtSettings settings, Topology topology, Operations operations, Clock clock) {
        this.settings = settings;
        this.topology = topology;
        this.domains = new Domains(topology);
        this.operations = operations;
        this.addresses = new Addresses();
        this.views = new VmViews(topology, addresses, operations);
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    Optional<FabricVm> vm(UUID vmId) {
        return domains.with(vmId, views::view).or(() -> Optional.ofNullable(creating.get(vmId)));
    }

    FabricVm requireVm(UUID vmId) {
        return vm(vmId).orElseThrow(() -> notFound(vmId));
    }

    Generation generation(FabricVm vm) {
        return topology.stamp(vm.stampId()).generation();
    }

    HostConnection host(FabricVm vm) {
        return topology.connections(vm.stampId()).stream().filter(h -> h.hostId.equals(vm.hostId())).findFirst()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                        "The host of VM " + vm.name() + " is not part of this fabric."));
    }

    /** INVALID_STATE, naming the state, unless the VM is idle in one of the states. */
    static void requireIdle(FabricVm vm, Set<PowerState> allowed, String what) {
        if (vm.runningOperation().isPresent()) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "Cannot " + what + ": the virtual machine "
                    + vm.name() + " is " + vm.state() + " and busy with operation " + vm.runningOperation().get() + ".");
        }
        if (!allowed.contains(vm.state())) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "Cannot " + what + ": the virtual machine "
                    + vm.name() + " is " + vm.state() + "; that needs it "
                    + String.join(" or ", allowed.stream().map(Enum::name).sorted().toList()) + ".");
        }
    }

    /** Runs {@code use} on the domain (freed afterwards); NOT_FOUND when it is gone. */
    <T> T withDomain(UUID vmId, java.util.function.BiFunction<HostConnection, Domain, T> use) {
        List<T> result = new ArrayList<>(1);
        domains.with(vmId, (h, d) -> result.add(use.apply(h, d))).orElseThrow(() -> notFound(vmId));
        return result.get(0);
    }

    /**
     * Changes the domain's persistent configuration: reads it, lets {@code change} edit it, and
     * defines it again, holding the VM's lock so that concurrent edits do not undo each other.
     * Returns the configuration as it was, for {@link #restore}.
     */
    String redefine(UUID vmId, Consumer<DomainDoc> change) {
        synchronized (lock(vmId)) {
            return withDomain(vmId, (h, d) -> {
                String before = Lv.call("read the configuration of VM " + vmId, () -> d.getXMLDesc(VmViews.XML_INACTIVE));
                DomainDoc doc = DomainDoc.parse(before);
                change.accept(doc);
                Lv.free(Lv.call("change the configuration of VM " + vmId,
                        () -> h.connect().domainDefineXML(doc.xml())));
                return before;
            });
        }
    }

    /** Puts back a configuration {@link #redefine} returned. */
    void restore(UUID vmId, String configuration) {
        synchronized (lock(vmId)) {
            withDomain(vmId, (h, d) -> {
                Lv.free(Lv.call("restore the configuration of VM " + vmId,
                        () -> h.connect().domainDefineXML(configuration)));
                return null;
            });
        }
    }

    Object lock(UUID vmId) {
        return locks[Math.floorMod(vmId.hashCode(), locks.length)];
    }

    static ClusterException notFound(UUID vmId) {
        return new ClusterException(ClusterErrorCode.NOT_FOUND, "No virtual machine with ID " + vmId + " on this fabric.");
    }
}
