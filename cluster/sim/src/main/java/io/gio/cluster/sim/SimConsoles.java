package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.ConsoleSupport;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consoles of simulated VMs: each session is a VNC server ({@link RfbSession}) on a thread of its
 * own, joined to the caller by in-memory pipes, showing the console {@link ConsoleRenderer} draws
 * for the VM's state and guest system at the fabric clock's time, as its screenshots do.
 */
final class SimConsoles implements ConsoleSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SimConsoles.class);

    private final Function<UUID, Optional<FabricVm>> vms;
    private final Supplier<Instant> clock;

    SimConsoles(Function<UUID, Optional<FabricVm>> vms, Supplier<Instant> clock) {
        this.vms = requireNonNull(vms, "vms is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Channel open(UUID vmId, String guestOs) {
        FabricVm vm = vms.apply(vmId).orElseThrow(
                () -> new ClusterException(ClusterErrorCode.NOT_FOUND, "VM " + vmId + " does not exist"));
        if (vm.state() != PowerState.RUNNING && vm.state() != PowerState.PAUSED) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "VM " + vm.name() + " is " + vm.state()
                    + "; its console can be opened while it is RUNNING or PAUSED.");
        }
        try {
            Pipe toClient = Pipe.open();
            Pipe toServer = Pipe.open();
            Supplier<BufferedImage> screen = () -> {
                FabricVm now = vms.apply(vmId).orElse(vm);
                List<String> addresses = now.nics().stream().flatMap(n -> n.ipv4Addresses().stream()).toList();
                return ConsoleRenderer.image(guestOs, now.state(), now.name(), addresses, clock.get());
            };
            RfbSession session = new RfbSession(Channels.newInputStream(toServer.source()),
                    Channels.newOutputStream(toClient.sink()), screen, vm.name());
            Thread t = new Thread(() -> serve(session, toClient, toServer), "gio-sim-console-" + vm.name());
            t.setDaemon(true);
            t.start();
            return Channel.of(Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()),
                    () -> {
                        toServer.sink().close();
                        toClient.source().close();
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(RfbSession session, Pipe toClient, Pipe toServer) {
        try {
            session.run();
        } catch (IOException e) {
            LOG.debug("Console session ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                toClient.sink().close();
                toServer.source().close();
            } catch (IOException e) {
                LOG.debug("Closing a console session: {}", e.getMessage());
            }
        }
    }
}
