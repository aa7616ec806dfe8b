package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterException;
import org.libvirt.Network;

/**
 * Whether a libvirt network can guarantee minimum bandwidth: libvirt refuses an adapter's
 * {@code floor} (when the domain starts) unless its network declares inbound QoS of its own.
 */
final class NetworkFloors {

    private NetworkFloors() {
    }

    static boolean supported(HostConnection h, String network) {
        try {
            Network n = Lv.call("open the network " + network, () -> h.connect().networkLookupByName(network));
            try {
                var xml = Xml.parse(Lv.call("read the network " + network, () -> n.getXMLDesc(0))).getDocumentElement();
                return Xml.at(xml, "bandwidth", "inbound").isPresent();
            } finally {
                Lv.free(n);
            }
        } catch (ClusterException e) {
            return false;
        }
    }
}
