package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Screenshot;
import io.gio.cluster.spi.ScreenshotSupport;
import java.awt.AWTError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Console screenshots of simulated VMs. The VM is read as {@link SimClusterDriver#vm(UUID)} reads
 * it (settling an operation that has ended), and its console is drawn by {@link ConsoleRenderer}
 * for the guest system the caller names, at the fabric clock's time.
 */
final class SimScreenshots implements ScreenshotSupport {

    private final Function<UUID, Optional<FabricVm>> vms;
    private final Supplier<Instant> clock;

    /**
     * @param vms the driver's {@code vm(UUID)}
     * @param clock the fabric's clock
     */
    SimScreenshots(Function<UUID, Optional<FabricVm>> vms, Supplier<Instant> clock) {
        this.vms = requireNonNull(vms, "vms is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Screenshot capture(UUID vmId, String guestOs) {
        requireNonNull(vmId, "vmId is null");
        Instant now = clock.get();
        FabricVm vm = vms.apply(vmId).orElseThrow(
                () -> new ClusterException(ClusterErrorCode.NOT_FOUND, "VM " + vmId + " does not exist"));
        List<String> addresses = vm.nics().stream().flatMap(nic -> nic.ipv4Addresses().stream()).toList();
        byte[] png;
        try {
            png = ConsoleRenderer.render(guestOs, vm.state(), vm.name(), addresses, now);
        } catch (RuntimeException | LinkageError | AWTError e) {
            // e.g. a JVM without its AWT libraries or fonts: the driver's callers expect ClusterExceptions
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                    "the console of VM " + vmId + " could not be drawn", e);
        }
        return new Screenshot(png, ConsoleRenderer.WIDTH, ConsoleRenderer.HEIGHT, now);
    }
}
