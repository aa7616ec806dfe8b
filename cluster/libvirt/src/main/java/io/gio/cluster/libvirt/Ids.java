package io.gio.cluster.libvirt;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Stable IDs. Domains, networks and storage pools keep their libvirt UUIDs; what libvirt gives
 * no UUID (stamps, hosts, and disks, adapters and snapshots the gateway did not create, which
 * carry no ID of the gateway's) gets a name-based UUID, the same on every start.
 */
final class Ids {

    private Ids() {
    }

    static UUID stamp(String name) {
        return named("stamp:" + name);
    }

    static UUID template(String stamp, String name) {
        return named("template:" + stamp + ":" + name);
    }

    static UUID link(String fromStamp, String toStamp) {
        return named("link:" + fromStamp + ":" + toStamp);
    }

    static UUID host(String uri) {
        return named("host:" + uri);
    }

    static UUID disk(UUID vmId, String target) {
        return named("disk:" + vmId + ":" + target);
    }

    static UUID nic(UUID vmId, String mac) {
        return named("nic:" + vmId + ":" + mac.toLowerCase(java.util.Locale.ROOT));
    }

    /** A snapshot's ID: its name when the gateway named it (a UUID), else derived from the name. */
    static UUID checkpoint(UUID vmId, String snapshotName) {
        return parse(snapshotName).orElseGet(() -> named("snapshot:" + vmId + ":" + snapshotName));
    }

    /** A volume outside any storage pool, by its directory. */
    static UUID unpooled(String hostUri, String directory) {
        return named("unpooled:" + hostUri + ":" + directory);
    }

    static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static UUID named(String name) {
        return UUID.nameUUIDFromBytes(("gio-libvirt:" + name).getBytes(StandardCharsets.UTF_8));
    }
}
