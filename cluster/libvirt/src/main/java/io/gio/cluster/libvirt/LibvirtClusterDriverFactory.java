package io.gio.cluster.libvirt;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Pointer;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverFactory;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DriverContext;
import io.gio.cluster.spi.Stamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libvirt driver, named {@value #NAME}: KVM/QEMU hosts (or libvirt's in-process test driver,
 * {@code test:///default}) grouped into stamps by configuration; see {@link LibvirtSettings} for
 * the settings ({@code gio.cluster.libvirt.*}). It connects to every host when created, and keeps
 * its operations in the gateway's store (table {@code lv_operation}, versioned by its own Flyway
 * history {@code lv_schema_history}).
 */
public final class LibvirtClusterDriverFactory implements ClusterDriverFactory {

    static final String NAME = "libvirt";
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtClusterDriverFactory.class);

    /**
     * libvirt prints every error to stderr unless a handler is set; errors reach the driver as
     * exceptions, so they are logged at debug level only. Held here: JNA must not collect it.
     * Made on first use, so that the factory loads on machines without libvirt.
     */
    private static Libvirt.VirErrorCallback quiet;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ClusterDriver create(DriverContext context) {
        requireNonNull(context, "context is null");
        LibvirtSettings settings = LibvirtSettings.from(context);
        try {
            quietErrors();
        } catch (LinkageError e) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "cannot load libvirt's library (libvirt.so.0);"
                    + " install it (Debian: apt-get install libvirt0): " + e.getMessage(), e);
        }
        LvSchema.migrate(context.dataSource());
        List<Stamp> stamps = new ArrayList<>();
        Map<UUID, List<HostConnection>> hosts = new LinkedHashMap<>();
        try {
            for (LibvirtSettings.StampSettings s : settings.stamps()) {
                Stamp stamp = new Stamp(Ids.stamp(s.name()), s.name(), Generations.of(s.generation()));
                stamps.add(stamp);
                List<HostConnection> of = new ArrayList<>();
                hosts.put(stamp.id(), of);
                for (String uri : s.uris()) {
                    of.add(HostConnection.open(uri, stamp.id(), s.name()));
                }
            }
        } catch (ClusterException e) {
            hosts.values().forEach(list -> list.forEach(HostConnection::close));
            throw e;
        }
        Topology topology = new Topology(settings, stamps, hosts);
        Operations operations = new Operations(new OperationStore(context.dataSource()), context.clock(),
                context.scheduler(), settings.operationLease(), settings.workers());
        return new LibvirtClusterDriver(new Fabric(settings, topology, operations, context.clock()));
    }

    private static synchronized void quietErrors() {
        if (quiet != null) {
            return;
        }
        quiet = new Libvirt.VirErrorCallback() {
            @Override
            public void errorCallback(Pointer userData, virError error) {
                LOG.debug("libvirt: {}", error == null ? "" : error.message);
            }
        };
        try {
            Connect.setErrorCallback(quiet);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("Cannot set libvirt's error handler", e);
        }
    }
}
