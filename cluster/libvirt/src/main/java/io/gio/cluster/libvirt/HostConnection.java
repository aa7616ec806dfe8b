package io.gio.cluster.libvirt;

import com.sun.jna.Pointer;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * One host: a libvirt connection (opened again when it has dropped, e.g. after an SSH
 * disconnect) and what the host is, read when it was first reached.
 */
final class HostConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);
    private static final List<String> DOMAIN_TYPES = List.of("kvm", "qemu", "test");

    /**
     * What a host is: its name, processors and memory, libvirt's driver type ({@code QEMU},
     * {@code TEST}), and the domain type and architecture new domains get.
     */
    record Facts(String hostname, int cpus, long memoryMb, String driverType, String domainType, String arch) {
        boolean isTestDriver() {
            return "TEST".equalsIgnoreCase(driverType);
        }
    }

    /** libvirt-java's connection, with access to its native pointer for {@link NativeCalls}. */
    static final class NativeConnect extends Connect {
        NativeConnect(String uri) throws LibvirtException {
            super(uri, false);
        }

        Pointer pointer() {
            return vcp.getPointer();
        }
    }

    final String uri;
    final UUID hostId;
    final UUID stampId;
    final String stampName;
    private final Facts facts;
    private NativeConnect connect;

    private HostConnection(String uri, UUID stampId, String stampName, NativeConnect connect, Facts facts) {
        this.uri = uri;
        this.hostId = Ids.host(uri);
        this.stampId = stampId;
        this.stampName = stampName;
        this.connect = connect;
        this.facts = facts;
    }

    static HostConnection open(String uri, UUID stampId, String stampName) {
        NativeConnect c = Lv.call("connect to " + uri, () -> new NativeConnect(uri));
        try {
            NodeInfo node = c.nodeInfo();
            Element caps = Xml.parse(c.getCapabilities()).getDocumentElement();
            String[] guest = guest(caps);
            Facts facts = new Facts(c.getHostName(), node.cpus, node.memory >> 10, c.getType(), guest[0], guest[1]);
            LOG.info("libvirt host {} ({}): {} CPUs, {} MiB, {} domains of type {}/{}", facts.hostname(), uri,
                    facts.cpus(), facts.memoryMb(), facts.driverType(), facts.domainType(), facts.arch());
            return new HostConnection(uri, stampId, stampName, c, facts);
        } catch (LibvirtException e) {
            closeQuietly(c);
            throw Lv.translate("read the host " + uri, e);
        }
    }

    Facts facts() {
        return facts;
    }

    /** The connection, opened again if it has dropped. */
    synchronized NativeConnect connect() {
        if (connect == null) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the driver is closed");
        }
        boolean alive;
        try {
            alive = connect.isConnected() && connect.isAlive();
        } catch (LibvirtException e) {
            alive = false;
        }
        if (!alive) {
            LOG.warn("The connection to {} dropped; connecting again", uri);
            closeQuietly(connect);
            connect = Lv.call("connect again to " + uri, () -> new NativeConnect(uri));
        }
        return connect;
    }

    @Override
    public synchronized void close() {
        closeQuietly(connect);
        connect = null;
    }

    private static void closeQuietly(Connect c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("Closing a libvirt connection failed", e);
        }
    }

    /** The domain type (kvm, then qemu, then test) and architecture (the host's first) of hvm guests. */
    private static String[] guest(Element caps) {
        String hostArch = Xml.text(caps, "host", "cpu", "arch").orElse("x86_64");
        String bestType = null;
        String bestArch = hostArch;
        int bestRank = Integer.MAX_VALUE;
        for (Element g : Xml.children(caps, "guest")) {
            if (!"hvm".equals(Xml.text(g, "os_type").orElse(""))) {
                continue;
            }
            Optional<Element> arch = Xml.child(g, "arch");
            if (arch.isEmpty()) {
                continue;
            }
            String name = arch.get().getAttribute("name");
            for (Element d : Xml.children(arch.get(), "domain")) {
                String type = d.getAttribute("type");
                int rank = (DOMAIN_TYPES.contains(type) ? DOMAIN_TYPES.indexOf(type) : DOMAIN_TYPES.size()) * 2
                        + (name.equals(hostArch) ? 0 : 1);
                if (rank < bestRank) {
                    bestRank = rank;
                    bestType = type;
                    bestArch = name;
                }
            }
        }
        if (bestType == null) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "the host offers no hardware-virtualized (hvm) guests");
        }
        return new String[] {bestType, bestArch};
    }
}
