package io.gio.cluster.libvirt;

import java.util.Optional;
import org.w3c.dom.Element;

/**
 * The IPv4 set-up of a libvirt network: its subnet, the host's own address on it, and the range
 * its DHCP server hands out (empty when it runs none).
 */
record Subnet(long network, int prefix, long gateway, Optional<long[]> dhcpRange) {

    /** The first IPv4 {@code <ip>} of a network's XML. */
    static Optional<Subnet> of(Element networkXml) {
        for (Element ip : Xml.children(networkXml, "ip")) {
            String family = ip.getAttribute("family");
            if (!family.isEmpty() && !"ipv4".equals(family)) {
                continue;
            }
            if (ip.getAttribute("address").isEmpty()) {
                continue;
            }
            long address = parse(ip.getAttribute("address"));
            int prefix = !ip.getAttribute("prefix").isEmpty() ? Integer.parseInt(ip.getAttribute("prefix"))
                    : !ip.getAttribute("netmask").isEmpty() ? Long.bitCount(parse(ip.getAttribute("netmask"))) : 24;
            long mask = mask(prefix);
            Optional<long[]> range = Xml.at(ip, "dhcp", "range")
                    .map(r -> new long[] {parse(r.getAttribute("start")), parse(r.getAttribute("end"))});
            return Optional.of(new Subnet(address & mask, prefix, address, range));
        }
        return Optional.empty();
    }

    String cidr() {
        return dotted(network) + "/" + prefix;
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    static long parse(String dotted) {
        long value = 0;
        for (String octet : dotted.trim().split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    static String dotted(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }
}
