package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.NicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * MAC and IPv4 addresses of simulated NICs. Dynamic MACs use Hyper-V's 00:15:5D prefix and three
 * bytes of the NIC's ID; static ones are taken as given, once checked. IPv4 addresses come from a counter per network, so they do not collide until
 * the subnet wraps around; the network address, the .1 gateway and the broadcast address are
 * never handed out.
 */
final class Addressing {

    private static final Pattern STATIC_MAC = Pattern.compile("[0-9A-F]{2}(:[0-9A-F]{2}){5}");

    static String mac(UUID nicId) {
        long bits = nicId.getLeastSignificantBits();
        return String.format(Locale.ROOT, "00:15:5D:%02X:%02X:%02X",
                (bits >>> 16) & 0xFF, (bits >>> 8) & 0xFF, bits & 0xFF);
    }

    /** The MAC address of a new NIC: its static one, or one derived from its ID. */
    static String mac(NicSpec nic) {
        return nic.macAddress().orElseGet(() -> mac(nic.id()));
    }

    /**
     * INVALID_ARGUMENT unless a static MAC address has the form {@link NicSpec#macAddress()}
     * describes: {@code 00:1D:D8:B7:1C:00}, upper-case, unicast, not all zeros.
     */
    static void requireValidStatic(NicSpec nic) {
        nic.macAddress().ifPresent(mac -> {
            if (!STATIC_MAC.matcher(mac).matches()) {
                throw invalidMac(mac, "it must be six upper-case hexadecimal pairs separated by colons");
            }
            if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
                throw invalidMac(mac, "it is a multicast address");
            }
            if (mac.equals("00:00:00:00:00:00")) {
                throw invalidMac(mac, "it is all zeros");
            }
        });
    }

    private static ClusterException invalidMac(String mac, String why) {
        return new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                "'" + mac + "' is not a valid static MAC address: " + why);
    }

    /** Takes {@code count} addresses of a network, in one update of its counter. */
    List<String> allocate(Handle h, UUID networkId, int count) {
        h.createUpdate("UPDATE sim_network SET ip_counter = ip_counter + :n WHERE id = :id")
                .bind("n", count).bind("id", networkId).execute();
        Counter counter = h.createQuery("SELECT ip_counter, subnet FROM sim_network WHERE id = :id")
                .bind("id", networkId)
                .map((rs, ctx) -> new Counter(rs.getLong("ip_counter"), rs.getString("subnet")))
                .one();
        long end = counter.value();
        String subnet = counter.subnet();
        List<String> addresses = new ArrayList<>(count);
        for (long index = end - count; index < end; index++) {
            addresses.add(address(subnet, index));
        }
        return addresses;
    }

    private record Counter(long value, String subnet) {
    }

    /** The {@code index}-th usable address of a subnet such as {@code 10.0.0.0/16}. */
    static String address(String subnet, long index) {
        String[] parts = subnet.split("/");
        String[] octets = parts[0].split("\\.");
        int prefix;
        long base = 0;
        try {
            if (parts.length != 2 || octets.length != 4) {
                throw new NumberFormatException(subnet);
            }
            prefix = Integer.parseInt(parts[1]);
            if (prefix < 1 || prefix > 30) {
                throw new NumberFormatException(subnet);
            }
            for (String octet : octets) {
                base = (base << 8) | Integer.parseInt(octet);
            }
        } catch (NumberFormatException e) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "bad subnet '" + subnet + "'", e);
        }
        long size = 1L << (32 - prefix);
        long usable = Math.max(1, size - 3);
        long ip = (base & ~(size - 1)) + 2 + Math.floorMod(index, usable);
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}
