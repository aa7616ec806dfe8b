package io.gio.cluster.spi;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Interactive VM consoles: an optional capability, offered through
 * {@link ClusterDriver#consoles()}. A console is a byte stream of the RFB protocol (VNC, RFC 6143),
 * the server's side: it speaks first ({@code RFB 003.008\n}), and the caller relays it to a VNC
 * client (the gateway relays it over a WebSocket to noVNC). Safe from any thread; opening returns
 * at once, reading and writing block like a socket's streams.
 */
public interface ConsoleSupport {

    /** An open console; closing it ends the session, not the VM. */
    interface Channel extends Closeable {
        /** What the console sends. */
        InputStream input();

        /** What the client sends. */
        OutputStream output();

        /** A channel over two streams, ended by {@code close}. */
        static Channel of(InputStream input, OutputStream output, Closeable close) {
            return new Channel() {
                @Override
                public InputStream input() {
                    return input;
                }

                @Override
                public OutputStream output() {
                    return output;
                }

                @Override
                public void close() throws java.io.IOException {
                    close.close();
                }
            };
        }
    }

    /**
     * Opens the VM's console.
     *
     * @param guestOs the guest operating system the management layer recorded for the VM, as for
     *     {@link ScreenshotSupport#capture}: a driver of real hosts ignores it; a simulated fabric
     *     shows that system's console
     * @throws ClusterException NOT_FOUND for an unknown VM; INVALID_STATE, naming the state, unless
     *     the VM is RUNNING or PAUSED (a VM that is off has no display); UNSUPPORTED when the VM has
     *     no console the fabric can reach; FABRIC_FAILURE when the display cannot be reached
     */
    Channel open(UUID vmId, String guestOs);
}
