package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StoragePoolInfo;
import org.w3c.dom.Element;

/**
 * The fabric's shape, read from libvirt on every call: stamps (configured), their hosts (one per
 * connection), volumes (the hosts' active storage pools) and logical networks (the hosts'
 * active libvirt networks; networks of the same name on several hosts of a stamp are one logical
 * network, with the UUID it has on the first of those hosts).
 */
final class Topology implements AutoCloseable {

    /** A storage pool as an SPI volume, with the host that has it. */
    record Pool(Volume volume, HostConnection host, String poolName) {}

    /** A libvirt network as a logical network, with its name and IPv4 set-up. */
    record Net(FabricNetwork network, String name, Optional<Subnet> subnet) {}

    private final LibvirtSettings settings;
    private final List<Stamp> stamps;
    private final Map<UUID, List<HostConnection>> hosts;

    Topology(LibvirtSettings settings, List<Stamp> stamps, Map<UUID, List<HostConnection>> hosts) {
        this.settings = settings;
        this.stamps = List.copyOf(stamps);
        this.hosts = new LinkedHashMap<>(hosts);
    }

    List<Stamp> stamps() {
        return stamps;
    }

    Stamp stamp(UUID stampId) {
        return stamps.stream().filter(s -> s.id().equals(stampId)).findFirst().orElseThrow(() ->
                new ClusterException(ClusterErrorCode.NOT_FOUND, "No stamp with ID " + stampId + " on this fabric."));
    }

    List<HostConnection> connections(UUID stampId) {
        stamp(stampId);
        return hosts.get(stampId);
    }

    List<HostConnection> allConnections() {
        return hosts.values().stream().flatMap(List::stream).toList();
    }

    List<Host> hosts(UUID stampId) {
        return connections(stampId).stream().map(this::host).toList();
    }

    Host host(HostConnection h) {
        HostConnection.Facts f = h.facts();
        return new Host(h.hostId, h.stampId, f.hostname(), h.stampName, f.cpus(), f.memoryMb(),
                settings.nicBitsPerSecond());
    }

    List<Volume> volumes(UUID stampId) {
        return pools(stampId).stream().map(Pool::volume).toList();
    }

    List<Pool> pools(UUID stampId) {
        List<HostConnection> of = connections(stampId);
        List<Pool> out = new ArrayList<>();
        for (HostConnection h : of) {
            var c = h.connect();
            for (String name : Lv.call("list the storage pools of " + h.uri, c::listStoragePools)) {
                StoragePool p = Lv.call("open the storage pool " + name, () -> c.storagePoolLookupByName(name));
                try {
                    StoragePoolInfo info = Lv.call("read the storage pool " + name, p::getInfo);
                    Element xml = Xml.parse(Lv.call("read the storage pool " + name, () -> p.getXMLDesc(0)))
                            .getDocumentElement();
                    LibvirtSettings.PoolSettings ps = settings.pool(name);
                    String shown = of.size() == 1 ? name : h.facts().hostname() + ":" + name;
                    out.add(new Pool(new Volume(UUID.fromString(p.getUUIDString()), stampId, shown, ps.kind(),
                            Xml.text(xml, "target", "path").orElse(""), info.capacity,
                            Math.min(info.capacity, info.allocation), ps.iops(), ps.throughputBytesPerSecond()),
                            h, name));
                } catch (org.libvirt.LibvirtException e) {
                    throw Lv.translate("read the storage pool " + name, e);
                } finally {
                    Lv.free(p);
                }
            }
        }
        return out;
    }

    Optional<Pool> pool(UUID stampId, UUID volumeId) {
        return pools(stampId).stream().filter(p -> p.volume().id().equals(volumeId)).findFirst();
    }

    List<FabricNetwork> networks(UUID stampId) {
        return nets(stampId).stream().map(Net::network).toList();
    }

    List<Net> nets(UUID stampId) {
        Map<String, Net> byName = new LinkedHashMap<>();
        for (HostConnection h : connections(stampId)) {
            var c = h.connect();
            for (String name : Lv.call("list the networks of " + h.uri, c::listNetworks)) {
                if (byName.containsKey(name)) {
                    continue;
                }
                Network n = Lv.call("open the network " + name, () -> c.networkLookupByName(name));
                try {
                    Element xml = Xml.parse(Lv.call("read the network " + name, () -> n.getXMLDesc(0)))
                            .getDocumentElement();
                    Optional<Subnet> subnet = Subnet.of(xml);
                    UUID id = UUID.fromString(Lv.call("read the network " + name, n::getUUIDString));
                    byName.put(name, new Net(new FabricNetwork(id, stampId, name, false,
                            subnet.map(Subnet::cidr).orElse("0.0.0.0/0")), name, subnet));
                } finally {
                    Lv.free(n);
                }
            }
        }
        return List.copyOf(byName.values());
    }

    Optional<Net> net(UUID stampId, UUID networkId) {
        return nets(stampId).stream().filter(n -> n.network().id().equals(networkId)).findFirst();
    }

    /** Whether a host has an active network of that name. */
    boolean hasNetwork(HostConnection h, String name) {
        return List.of(Lv.call("list the networks of " + h.uri, () -> h.connect().listNetworks())).contains(name);
    }

    @Override
    public void close() {
        allConnections().forEach(HostConnection::close);
    }
}
