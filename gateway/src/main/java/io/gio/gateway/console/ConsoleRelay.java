package io.gio.gateway.console;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.ConsoleSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.websockets.DataFrame;
import org.glassfish.grizzly.websockets.ProtocolHandler;
import org.glassfish.grizzly.websockets.SimpleWebSocket;
import org.glassfish.grizzly.websockets.WebSocket;
import org.glassfish.grizzly.websockets.WebSocketApplication;
import org.glassfish.grizzly.websockets.WebSocketEngine;
import org.glassfish.grizzly.websockets.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console WebSocket, {@value #PATH}{@code ?ticket=..}: redeems the one-time ticket, opens the
 * VM's console through the cluster driver, and relays bytes both ways as binary messages (noVNC's
 * {@code binary} subprotocol). No VNC port is ever exposed to tenants; a connection without a valid
 * ticket is closed with 1008 (policy violation), one whose console cannot be opened with 1011.
 *
 * <p>Grizzly's WebSocket engine is one per JVM, so one relay is registered for the JVM and each
 * gateway attaches to it by its listening port (tests run several gateways in one JVM).
 */
public final class ConsoleRelay extends WebSocketApplication {

    public static final String PATH = "/console/ws";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRelay.class);
    private static final ConsoleRelay INSTANCE = new ConsoleRelay();
    private static boolean registered;

    private record Gateway(ConsoleTickets tickets, Optional<ConsoleSupport> consoles) {}

    private final Map<Integer, Gateway> gateways = new ConcurrentHashMap<>();

    private ConsoleRelay() {
    }

    /** Serves the consoles of the gateway listening on {@code port}. */
    public static synchronized void attach(int port, ConsoleTickets tickets, Optional<ConsoleSupport> consoles) {
        if (!registered) {
            WebSocketEngine.getEngine().register("", PATH, INSTANCE);
            registered = true;
        }
        INSTANCE.gateways.put(port, new Gateway(tickets, consoles));
    }

    public static void detach(int port) {
        INSTANCE.gateways.remove(port);
    }

    @Override
    public List<String> getSupportedProtocols(List<String> requested) {
        return requested.contains("binary") ? List.of("binary") : List.of();
    }

    @Override
    public WebSocket createSocket(ProtocolHandler handler, WebSocketListener... listeners) {
        throw new UnsupportedOperationException("a console socket needs its upgrade request");
    }

    @Override
    public WebSocket createSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
        return new Session(handler, gateways.get(request.getLocalPort()), param(request.getQueryString(), "ticket"),
                listeners);
    }

    @Override
    public void onConnect(WebSocket socket) {
        super.onConnect(socket);
        ((Session) socket).open();
    }

    @Override
    public void onMessage(WebSocket socket, byte[] data) {
        ((Session) socket).fromClient(data);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        socket.close(1003, "the console takes binary messages");
    }

    @Override
    public void onClose(WebSocket socket, DataFrame frame) {
        super.onClose(socket, frame);
        ((Session) socket).end();
    }

    private static Optional<String> param(String query, String name) {
        if (query == null) {
            return Optional.empty();
        }
        return Arrays.stream(query.split("&")).map(p -> p.split("=", 2))
                .filter(p -> p.length == 2 && p[0].equals(name))
                .map(p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)).findFirst();
    }

    /** One relayed console session. */
    private static final class Session extends SimpleWebSocket {
        private final Gateway gateway;
        private final Optional<String> ticket;
        private volatile ConsoleSupport.Channel channel;

        Session(ProtocolHandler handler, Gateway gateway, Optional<String> ticket, WebSocketListener... listeners) {
            super(handler, listeners);
            this.gateway = gateway;
            this.ticket = ticket;
        }

        void open() {
            Optional<ConsoleTickets.Ticket> t = gateway == null ? Optional.empty()
                    : ticket.flatMap(gateway.tickets()::redeem);
            if (t.isEmpty() || gateway.consoles().isEmpty()) {
                close(1008, "invalid, used or expired console ticket");
                return;
            }
            try {
                channel = gateway.consoles().get().open(t.get().vmId(), t.get().guestOs());
            } catch (ClusterException e) {
                close(1011, e.getMessage().length() > 120 ? e.getMessage().substring(0, 120) : e.getMessage());
                return;
            }
            Thread pump = new Thread(this::toClient, "gio-console-" + t.get().vmName());
            pump.setDaemon(true);
            pump.start();
        }

        private void toClient() {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = channel.input();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0 && isConnected()) {
                        send(Arrays.copyOf(buffer, n));
                    }
                }
                close(1000, "the console closed");
            } catch (IOException | RuntimeException e) {
                LOG.debug("Console relay ended: {}", e.getMessage());
                if (isConnected()) {
                    close(1011, "the console connection failed");
                }
            }
        }

        void fromClient(byte[] data) {
            ConsoleSupport.Channel c = channel;
            if (c == null) {
                return;
            }
            try {
                c.output().write(data);
                c.output().flush();
            } catch (IOException e) {
                close(1011, "the console connection failed");
            }
        }

        void end() {
            ConsoleSupport.Channel c = channel;
            channel = null;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    LOG.debug("Closing a console: {}", e.getMessage());
                }
            }
        }
    }
}
