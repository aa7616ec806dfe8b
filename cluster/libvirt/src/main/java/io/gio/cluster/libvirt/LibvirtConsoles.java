package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.ConsoleSupport;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Consoles of libvirt domains: their VNC display, as the running domain's configuration gives it
 * ({@code <graphics type='vnc' port=.. listen=..>}), reached over TCP from the gateway. A display
 * that listens on every address, or on the loopback, is reached at the host's address (the host of
 * its URI; the loopback for a local URI). Domains the gateway creates listen on the loopback, so
 * their consoles are reached for a local host (or through a tunnel); for a remote host, QEMU's
 * {@code vnc_listen} must name an address the gateway reaches (and tenants do not).
 */
final class LibvirtConsoles implements ConsoleSupport {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Set<String> ANY = Set.of("0.0.0.0", "::", "127.0.0.1", "::1", "localhost");

    private final Fabric fabric;

    LibvirtConsoles(Fabric fabric) {
        this.fabric = fabric;
    }

    @Override
    public Channel open(UUID vmId, String guestOs) {
        FabricVm vm = fabric.requireVm(vmId);
        if (vm.state() != PowerState.RUNNING && vm.state() != PowerState.PAUSED) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "VM " + vm.name() + " is " + vm.state()
                    + "; its console can be opened while it is RUNNING or PAUSED.");
        }
        InetSocketAddress display = fabric.withDomain(vmId, (h, d) -> {
            Element root = Xml.parse(Lv.call("read VM " + vm.name(), () -> d.getXMLDesc(0))).getDocumentElement();
            Element graphics = Xml.at(root, "devices").flatMap(devices -> Xml.children(devices, "graphics").stream()
                    .filter(g -> "vnc".equals(g.getAttribute("type"))).findFirst())
                    .orElseThrow(() -> new ClusterException(ClusterErrorCode.UNSUPPORTED, "VM " + vm.name()
                            + " has no VNC display."));
            int port = Integer.parseInt(Xml.attr(graphics, "port").orElse("-1"));
            if (port <= 0) {
                throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "The VNC display of VM " + vm.name()
                        + " has no port.");
            }
            String listen = Xml.attr(graphics, "listen").orElse("127.0.0.1");
            String host = ANY.contains(listen) ? Optional.ofNullable(URI.create(h.uri).getHost()).orElse("127.0.0.1")
                    : listen;
            return new InetSocketAddress(host, port);
        });
        Socket socket = new Socket();
        try {
            socket.connect(display, CONNECT_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            return Channel.of(socket.getInputStream(), socket.getOutputStream(), socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing was opened
            }
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "Cannot reach the VNC display of VM "
                    + vm.name() + " at " + display + ": " + e.getMessage());
        }
    }
}
