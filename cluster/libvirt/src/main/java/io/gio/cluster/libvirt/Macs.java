package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** MAC addresses: the SPI's static form, and addresses the driver assigns. */
final class Macs {

    private static final Pattern FORM = Pattern.compile("[0-9A-F]{2}(:[0-9A-F]{2}){5}");

    private Macs() {
    }

    /** INVALID_ARGUMENT unless upper-case colon-separated hex pairs, unicast, not all zeros. */
    static String requireValid(String mac) {
        boolean ok = FORM.matcher(mac).matches() && (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 0
                && !mac.equals("00:00:00:00:00:00");
        if (!ok) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The MAC address '" + mac + "' is not a"
                    + " unicast address written as six upper-case hexadecimal pairs separated by colons"
                    + " (e.g. 00:1D:D8:B7:1C:00).");
        }
        return mac;
    }

    /** A MAC address in QEMU's range (52:54:00), derived from the adapter's ID, in libvirt's lower case. */
    static String assigned(UUID nicId) {
        long bits = nicId.getLeastSignificantBits() ^ nicId.getMostSignificantBits();
        return String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (bits >> 16) & 255, (bits >> 8) & 255, bits & 255);
    }

    /** File and domain names: what is safe in a path and in libvirt's names. */
    static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 40 ? safe.substring(0, 40) : safe;
    }
}
