package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;

/**
 * A real libvirt daemon with QEMU ({@code qemu:///system}) for the integration tests: a private
 * directory storage pool and a private NAT network (both transient, removed at the end), a
 * driver over them, and QEMU's image tools. {@link #open()} says why when the machine cannot run
 * the tests (no daemon, no permission), so they are skipped with the reason printed.
 */
final class QemuHost implements AutoCloseable {

    /** The daemon: {@code qemu:///system}, or {@code GIO_IT_LIBVIRT_URI}. */
    static final String URI = Optional.ofNullable(System.getenv("GIO_IT_LIBVIRT_URI")).orElse("qemu:///system");

    final String tag = "gio-it-" + UUID.randomUUID().toString().substring(0, 8);
    final Path poolDir;
    /** A second pool of the host ({@code tag-b}), where the migration tests copy to. */
    final Path poolDirB;
    final HostConnection.NativeConnect admin;
    final boolean kvm;
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Optional<String> network;

    private QemuHost(HostConnection.NativeConnect admin) throws IOException, LibvirtException {
        this.admin = admin;
        this.kvm = admin.getCapabilities().contains("<domain type='kvm'");
        this.poolDir = pool(admin, tag);
        this.poolDirB = pool(admin, tag + "-b");
        dataSource.setURL("jdbc:h2:mem:" + tag + ";DB_CLOSE_DELAY=-1");
        this.network = privateNetwork(admin, tag);
    }

    /** The host, or why the integration tests cannot run here. */
    static Object open() {
        HostConnection.NativeConnect c;
        try {
            c = new HostConnection.NativeConnect(URI);
        } catch (LibvirtException | LinkageError e) {
            return "no libvirt daemon reachable at " + URI + " (" + e.getMessage() + ")";
        }
        try {
            if (!c.getType().equalsIgnoreCase("QEMU")) {
                c.close();
                return URI + " is not a QEMU host";
            }
            return new QemuHost(c);
        } catch (LibvirtException | IOException e) {
            return "cannot prepare a storage pool at " + URI + " (" + e.getMessage() + ")";
        }
    }

    ClusterDriver driver() {
        return driver(Map.of());
    }

    /** A driver with more settings. */
    ClusterDriver driver(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("uris", URI, "shutdown-timeout-seconds", "3",
                "stamp-name", "GIO-QEMU"));
        settings.putAll(extra);
        return new LibvirtClusterDriverFactory().create(new DriverContext(Clock.systemUTC(), scheduler, dataSource,
                settings));
    }

    Optional<String> networkName() {
        return network;
    }

    /** A transient directory pool in a new temporary directory. */
    private static Path pool(HostConnection.NativeConnect admin, String name) throws IOException, LibvirtException {
        Path dir = Files.createTempDirectory(name);
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        Lv.free(admin.storagePoolCreateXML("<pool type='dir'><name>" + name + "</name><target><path>" + dir
                + "</path></target></pool>", 0));
        return dir;
    }

    UUID poolId() throws LibvirtException {
        return poolId(tag);
    }

    UUID poolBId() throws LibvirtException {
        return poolId(tag + "-b");
    }

    private UUID poolId(String name) throws LibvirtException {
        StoragePool p = admin.storagePoolLookupByName(name);
        try {
            return UUID.fromString(p.getUUIDString());
        } finally {
            Lv.free(p);
        }
    }

    /** Runs a command (QEMU's image tools); returns its exit code, output in {@code out[0]}. */
    static int run(String[] out, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (out != null) {
            out[0] = text;
        }
        return p.exitValue();
    }

    static boolean has(String tool) {
        try {
            return run(null, tool, "--version") == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() throws LibvirtException, IOException {
        scheduler.shutdownNow();
        removePool(tag, poolDir);
        removePool(tag + "-b", poolDirB);
        if (network.isPresent()) {
            Network n = admin.networkLookupByName(network.get());
            n.destroy();
            Lv.free(n);
        }
        admin.close();
    }

    private void removePool(String name, Path dir) throws LibvirtException, IOException {
        removePool(admin, name, dir);
    }

    /** Deletes a transient pool's volumes, stops it, and removes its directory. */
    static void removePool(org.libvirt.Connect c, String name, Path dir) throws LibvirtException, IOException {
        StoragePool p = c.storagePoolLookupByName(name);
        p.refresh(0);
        for (String v : p.listVolumes()) {
            var vol = p.storageVolLookupByName(v);
            vol.delete(0);
            Lv.free(vol);
        }
        p.destroy();
        Lv.free(p);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** A transient NAT network of the tests' own, if this host may create one (else VMs get no adapter). */
    private static Optional<String> privateNetwork(HostConnection.NativeConnect c, String tag) {
        int octet = 100 + Math.floorMod(tag.hashCode(), 100);
        try {
            Lv.free(c.networkCreateXML("<network><name>" + tag + "</name><forward mode='nat'/><ip address='10.251."
                    + octet + ".1' netmask='255.255.255.0'><dhcp><range start='10.251." + octet + ".10' end='10.251."
                    + octet + ".99'/></dhcp></ip></network>"));
            return Optional.of(tag);
        } catch (LibvirtException e) {
            System.out.println("QEMU integration tests: no private network (" + e.getMessage() + "); VMs get no adapter");
            return Optional.empty();
        }
    }
}
