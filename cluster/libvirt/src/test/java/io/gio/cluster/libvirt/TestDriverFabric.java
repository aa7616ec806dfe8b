package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.h2.jdbcx.JdbcDataSource;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;

/**
 * libvirt's in-process test driver ({@code test:///default}: no daemon) as a fabric for the
 * tests, with a private in-memory database and the real clock. {@code test:///default} is one
 * shared instance per process while connections to it are open, so this adds what the tests need
 * (a second network, {@value #TENANT}) and removes what they leave (domains, volumes, address
 * reservations, the network) through a connection of its own.
 */
final class TestDriverFabric implements AutoCloseable {

    static final String URI = "test:///default";
    static final String TENANT = "tenant";
    static final String STAMP = "GIO-KVM";
    static final String LEGACY = "GIO-KVM-OLD";

    final JdbcDataSource dataSource = new JdbcDataSource();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HostConnection.NativeConnect admin;
    private final Set<String> domainsBefore = new HashSet<>();
    private final Set<String> volumesBefore = new HashSet<>();
    private final Map<String, String> reservationsBefore = new HashMap<>();

    TestDriverFabric() {
        dataSource.setURL("jdbc:h2:mem:libvirt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try {
            admin = new HostConnection.NativeConnect(URI);
            domainsBefore.addAll(domainNames());
            volumesBefore.addAll(java.util.List.of(pool().listVolumes()));
            reservationsBefore.putAll(Addresses.reservations(admin, "default"));
            if (!java.util.List.of(admin.listNetworks()).contains(TENANT)) {
                Network n = admin.networkCreateXML("<network><name>" + TENANT + "</name><forward mode='nat'/>"
                        + "<bridge name='virbr9'/><ip address='10.10.0.1' netmask='255.255.0.0'><dhcp>"
                        + "<range start='10.10.0.2' end='10.10.0.254'/></dhcp></ip></network>");
                Lv.free(n);
            }
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot prepare " + URI, e);
        }
    }

    /**
     * A driver as a gateway would create it, with two stamps: {@value #STAMP} over
     * {@code test:///default}, and {@value #LEGACY} (generation WS2008R2) over a private test
     * instance described by {@code legacy-host.xml}.
     */
    ClusterDriver driver(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "stamps", STAMP + "=" + URI + ";" + LEGACY + "=" + legacyUri(),
                "stamp." + LEGACY + ".generation", "ws2008r2",
                "operation-lease-seconds", "3"));
        settings.putAll(extra);
        return new LibvirtClusterDriverFactory().create(new DriverContext(Clock.systemUTC(), scheduler, dataSource,
                settings));
    }

    /** {@code test:///} and the absolute path of {@code legacy-host.xml}. */
    static String legacyUri() {
        try {
            return "test://" + java.nio.file.Path.of(TestDriverFabric.class.getResource("/legacy-host.xml").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    HostConnection.NativeConnect admin() {
        return admin;
    }

    @Override
    public void close() {
        try {
            for (String name : domainNames()) {
                if (!domainsBefore.contains(name)) {
                    Domain d = admin.domainLookupByName(name);
                    VmDeletion.removeDomain(d);
                    Lv.free(d);
                }
            }
            StoragePool pool = pool();
            for (String v : pool.listVolumes()) {
                if (!volumesBefore.contains(v)) {
                    var vol = pool.storageVolLookupByName(v);
                    vol.delete(0);
                    Lv.free(vol);
                }
            }
            Lv.free(pool);
            for (Map.Entry<String, String> r : Addresses.reservations(admin, "default").entrySet()) {
                if (!reservationsBefore.containsKey(r.getKey())) {
                    NativeCalls.release(admin, "default", r.getKey(), r.getValue());
                }
            }
            Network tenant = admin.networkLookupByName(TENANT);
            tenant.destroy();
            Lv.free(tenant);
            admin.close();
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot clean " + URI, e);
        } finally {
            scheduler.shutdownNow();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // the database is gone either way
            }
        }
    }

    private Set<String> domainNames() throws LibvirtException {
        Set<String> names = new HashSet<>(java.util.List.of(admin.listDefinedDomains()));
        for (int id : admin.listDomains()) {
            Domain d = admin.domainLookupByID(id);
            names.add(d.getName());
            Lv.free(d);
        }
        return names;
    }

    private StoragePool pool() throws LibvirtException {
        return admin.storagePoolLookupByName("default-pool");
    }
}
