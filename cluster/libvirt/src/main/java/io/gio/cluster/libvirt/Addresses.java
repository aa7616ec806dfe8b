package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.libvirt.Connect;
import org.libvirt.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * IPv4 addresses of network adapters, kept where libvirt keeps them: as DHCP host reservations
 * ({@code <host mac ip>}) of the adapter's network. A new adapter gets the first free address of
 * the network's DHCP range, so the address the API shows is the one the guest will lease. A
 * network without DHCP (a plain bridge) gives no address.
 */
final class Addresses {

    private static final Logger LOG = LoggerFactory.getLogger(Addresses.class);

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** The reservation of {@code mac} on the network, made now if it has none. */
    Optional<String> reserve(HostConnection h, String network, String mac) {
        synchronized (lock(h, network)) {
            Element xml = networkXml(h, network);
            Map<String, String> hosts = reservations(xml);
            String existing = hosts.get(VmMeta.mac(mac));
            if (existing != null) {
                return Optional.of(existing);
            }
            Optional<Subnet> subnet = Subnet.of(xml);
            if (subnet.isEmpty() || subnet.get().dhcpRange().isEmpty()) {
                return Optional.empty();
            }
            Set<Long> taken = new HashSet<>();
            hosts.values().forEach(ip -> taken.add(Subnet.parse(ip)));
            taken.add(subnet.get().gateway());
            long[] range = subnet.get().dhcpRange().get();
            for (long ip = range[0]; ip <= range[1]; ip++) {
                if (!taken.contains(ip)) {
                    String dotted = Subnet.dotted(ip);
                    try {
                        NativeCalls.reserve(h.connect(), network, VmMeta.mac(mac), dotted);
                        return Optional.of(dotted);
                    } catch (ClusterException e) {
                        LOG.warn("Cannot reserve {} for {} in network {} on {}; the guest gets a dynamic address: {}",
                                dotted, mac, network, h.uri, e.getMessage());
                        return Optional.empty();
                    }
                }
            }
            LOG.warn("The DHCP range of network {} on {} is used up; {} gets no reserved address", network, h.uri, mac);
            return Optional.empty();
        }
    }

    /** Removes the reservation of {@code mac}, if any. */
    void release(HostConnection h, String network, String mac) {
        synchronized (lock(h, network)) {
            try {
                String ip = reservations(networkXml(h, network)).get(VmMeta.mac(mac));
                if (ip != null) {
                    NativeCalls.release(h.connect(), network, VmMeta.mac(mac), ip);
                }
            } catch (ClusterException e) {
                LOG.warn("Cannot release the address of {} in network {} on {}: {}", mac, network, h.uri, e.getMessage());
            }
        }
    }

    /** MAC address (lower case) to reserved address, of a network; empty for an unknown network. */
    Map<String, String> reservations(HostConnection h, String network) {
        return reservations(h.connect(), network);
    }

    /** As above, over a connection. */
    static Map<String, String> reservations(Connect c, String network) {
        try {
            return reservations(networkXml(c, network));
        } catch (ClusterException e) {
            return Map.of();
        }
    }

    private static Map<String, String> reservations(Element xml) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element ip : Xml.children(xml, "ip")) {
            Xml.child(ip, "dhcp").ifPresent(dhcp -> Xml.children(dhcp, "host").forEach(host -> {
                if (!host.getAttribute("mac").isEmpty() && !host.getAttribute("ip").isEmpty()) {
                    out.put(VmMeta.mac(host.getAttribute("mac")), host.getAttribute("ip"));
                }
            }));
        }
        return out;
    }

    private static Element networkXml(HostConnection h, String network) {
        return networkXml(h.connect(), network);
    }

    private static Element networkXml(Connect c, String network) {
        Network n = Lv.call("open the network " + network, () -> c.networkLookupByName(network));
        try {
            return Xml.parse(Lv.call("read the network " + network, () -> n.getXMLDesc(0))).getDocumentElement();
        } finally {
            Lv.free(n);
        }
    }

    private Object lock(HostConnection h, String network) {
        return locks.computeIfAbsent(h.uri + "/" + network, k -> new Object());
    }
}
