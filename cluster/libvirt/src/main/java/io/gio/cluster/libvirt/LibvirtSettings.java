package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DriverContext;
import io.gio.cluster.spi.VolumeKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The driver's settings ({@code gio.cluster.libvirt.*}, prefix removed), validated once.
 *
 * <ul>
 * <li>{@code uris}: libvirt URIs separated by commas, every one a host of one stamp named by
 * {@code stamp-name} (default {@value #DEFAULT_STAMP}); or</li>
 * <li>{@code stamps}: {@code NAME=uri,uri;NAME=uri}: several stamps, each with its hosts.</li>
 * <li>{@code generation} (default {@code kvm}) and {@code stamp.<NAME>.generation}: which
 * {@link io.gio.cluster.spi.Generation} a stamp reports, see {@link Generations}.</li>
 * <li>{@code pool.<pool>.kind} ({@code LOCAL}, {@code SMB3_SHARE} or {@code CSV_ISCSI}; default
 * LOCAL), {@code pool.<pool>.iops} (default {@value #DEFAULT_IOPS}) and
 * {@code pool.<pool>.throughput} (bytes per second, default 200 MiB/s): what libvirt does not
 * report about a storage pool.</li>
 * <li>{@code nic-bps}: the hosts' network bandwidth in bits per second (default 10 Gbit/s), the
 * bound of guaranteed minimum bandwidths.</li>
 * <li>{@code link-bps}: the bandwidth between every two stamps in bits per second (default
 * 10 Gbit/s), what the migration engine shares among copies.</li>
 * <li>{@code template.<NAME>}: the path of a storage volume offered as VM template NAME, with
 * {@code template.<NAME>.os} (the guest system's name), {@code .cpu} and {@code .memory-mb} (the
 * size of a VM made from it; default 1 and 2048), see {@link Templates}.</li>
 * <li>{@code boot-image}: path of a storage volume that boot disks are full copies of (default:
 * new disks are blank).</li>
 * <li>{@code shutdown-timeout-seconds} (default 300): how long a guest shutdown may take;
 * {@code operation-lease-seconds} (default 30): after how long without a heartbeat a running
 * operation of a gateway that died is failed; {@code workers} (default 4): threads that call
 * libvirt.</li>
 * </ul>
 */
record LibvirtSettings(
        List<StampSettings> stamps,
        Map<String, String> raw,
        long nicBitsPerSecond,
        Optional<String> bootImage,
        Duration shutdownTimeout,
        Duration operationLease,
        int workers) {

    static final String DEFAULT_STAMP = "KVM";
    static final int DEFAULT_IOPS = 10_000;
    static final long DEFAULT_THROUGHPUT = 200L << 20;

    /** A stamp: its name, the URIs of its hosts, and its generation's name. */
    record StampSettings(String name, List<String> uris, String generation) {}

    /** What the driver is told about a storage pool. */
    record PoolSettings(VolumeKind kind, int iops, long throughputBytesPerSecond) {}

    static LibvirtSettings from(DriverContext context) {
        Map<String, String> s = context.settings();
        String defaultGeneration = s.getOrDefault("generation", Generations.KVM);
        List<StampSettings> stamps = new ArrayList<>();
        if (s.containsKey("stamps")) {
            for (String group : s.get("stamps").split(";")) {
                if (group.isBlank()) {
                    continue;
                }
                int eq = group.indexOf('=');
                if (eq <= 0) {
                    throw bad("stamps", "expected NAME=uri[,uri...][;NAME=uri...], got '" + group.trim() + "'");
                }
                String name = group.substring(0, eq).trim();
                stamps.add(new StampSettings(name, uris("stamps", group.substring(eq + 1)),
                        s.getOrDefault("stamp." + name + ".generation", defaultGeneration)));
            }
        } else if (s.containsKey("uris")) {
            String name = s.getOrDefault("stamp-name", DEFAULT_STAMP).trim();
            stamps.add(new StampSettings(name, uris("uris", s.get("uris")),
                    s.getOrDefault("stamp." + name + ".generation", defaultGeneration)));
        }
        if (stamps.isEmpty()) {
            throw bad("uris", "name the hosts: uris=qemu:///system (or stamps=NAME=uri,uri;NAME=uri)");
        }
        Set<String> names = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (StampSettings stamp : stamps) {
            if (stamp.name().isEmpty() || !names.add(stamp.name().toLowerCase(Locale.ROOT))) {
                throw bad("stamps", "stamp names must be unique and not empty: '" + stamp.name() + "'");
            }
            Generations.check(stamp.generation());
            for (String uri : stamp.uris()) {
                if (!seen.add(uri)) {
                    throw bad("stamps", "the host " + uri + " is named twice; a host belongs to one stamp");
                }
            }
        }
        positiveLong(s, "link-bps", 1);
        Templates.parse(s);
        return new LibvirtSettings(List.copyOf(stamps), s, positiveLong(s, "nic-bps", 10_000_000_000L),
                Optional.ofNullable(s.get("boot-image")).map(String::trim).filter(v -> !v.isEmpty()),
                Duration.ofSeconds(positiveLong(s, "shutdown-timeout-seconds", 300)),
                Duration.ofSeconds(positiveLong(s, "operation-lease-seconds", 30)),
                (int) Math.min(64, positiveLong(s, "workers", 4)));
    }

    long linkBitsPerSecond() {
        return positiveLong(raw, "link-bps", 10_000_000_000L);
    }

    PoolSettings pool(String poolName) {
        String prefix = "pool." + poolName + ".";
        String kind = raw.getOrDefault(prefix + "kind", "LOCAL").trim().toUpperCase(Locale.ROOT);
        VolumeKind volumeKind;
        try {
            volumeKind = VolumeKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw bad(prefix + "kind", "expected LOCAL, SMB3_SHARE or CSV_ISCSI, got '" + kind + "'");
        }
        long iops = positiveLong(raw, prefix + "iops", DEFAULT_IOPS);
        return new PoolSettings(volumeKind, (int) Math.min(Integer.MAX_VALUE, iops),
                positiveLong(raw, prefix + "throughput", DEFAULT_THROUGHPUT));
    }

    /** Every host URI with the stamp it belongs to, in configuration order. */
    Map<String, StampSettings> hostsByUri() {
        Map<String, StampSettings> out = new LinkedHashMap<>();
        stamps.forEach(st -> st.uris().forEach(u -> out.put(u, st)));
        return out;
    }

    private static List<String> uris(String setting, String value) {
        List<String> out = new ArrayList<>();
        for (String u : value.split(",")) {
            String uri = u.trim();
            if (uri.isEmpty()) {
                continue;
            }
            if (!uri.contains(":")) {
                throw bad(setting, "'" + uri + "' is not a libvirt URI (e.g. qemu:///system, qemu+ssh://host/system)");
            }
            out.add(uri);
        }
        if (out.isEmpty()) {
            throw bad(setting, "no libvirt URI given");
        }
        return out;
    }

    private static long positiveLong(Map<String, String> s, String name, long fallback) {
        String v = s.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(v.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(name, "expected a positive whole number, got '" + v + "'");
    }

    static ClusterException bad(String setting, String why) {
        return new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                "Setting gio.cluster.libvirt." + setting + ": " + why);
    }
}
