package io.gio.cluster.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricSeeding.SeededVm;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Screenshot;
import io.gio.cluster.spi.ScreenshotSupport;
import io.gio.cluster.spi.VmSpec;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Screenshots through the sim driver, on the demo topology. */
class SimScreenshotsTest {

    private static final long GIB = 1L << 30;
    private static final String CENTOS = "CentOS Linux 7 (64 bit)";

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");
    private final ScreenshotSupport screenshots = fabric.screenshots().orElseThrow();

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void theDriverOffersOneScreenshotSupport() {
        assertSame(screenshots, fabric.screenshots().orElseThrow());
    }

    @Test
    void unknownVmIsNotFound() {
        UUID unknown = UUID.randomUUID();
        ClusterException e = assertThrows(ClusterException.class, () -> screenshots.capture(unknown, CENTOS));
        assertEquals(ClusterErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains(unknown.toString()), e.getMessage());
    }

    @Test
    void theConsoleFollowsThePowerStateAndTheClock() {
        VmSpec spec = spec("web01");
        await(fabric.createVm(spec));

        Screenshot off = screenshots.capture(spec.id(), CENTOS);
        assertEquals(h2.clock.instant(), off.capturedAt());
        assertEquals(1024, off.width());
        assertEquals(768, off.height());
        assertArrayEquals(expected(spec.id(), PowerState.STOPPED), off.png());
        BufferedImage image = ConsoleRendererTest.decode(off.png());
        assertEquals(1024, image.getWidth());
        assertEquals(768, image.getHeight());

        fabric.power(spec.id(), PowerAction.START);
        h2.clock.advance(Duration.ofSeconds(10));
        assertArrayEquals(expected(spec.id(), PowerState.STARTING), screenshots.capture(spec.id(), CENTOS).png());

        h2.clock.advance(Duration.ofSeconds(25));
        Screenshot running = screenshots.capture(spec.id(), CENTOS);
        assertEquals(h2.clock.instant(), running.capturedAt());
        assertArrayEquals(expected(spec.id(), PowerState.RUNNING), running.png(),
                "the start has ended: the capture settles it and shows the running guest");
        assertEquals(PowerState.RUNNING, fabric.vm(spec.id()).orElseThrow().state());
        assertFalse(Arrays.equals(running.png(),
                screenshots.capture(spec.id(), "Windows Server 2008 R2 Datacenter").png()), "the guest named is drawn");
    }

    @Test
    void aSeededDemoVmRendersWithItsAddress() {
        String rhel = "Red Hat Enterprise Linux 8 (64 bit)";
        VmSpec spec = spec("app01");
        FabricVm vm = fabric.seeding().orElseThrow().seedVms(List.of(
                new SeededVm(spec, SimTopology.hostId("V1-CL01-N01"), PowerState.RUNNING))).get(0);
        List<String> ips = vm.nics().get(0).ipv4Addresses();
        assertFalse(ips.isEmpty());

        Screenshot shot = screenshots.capture(vm.id(), rhel);
        assertArrayEquals(ConsoleRenderer.render(rhel, PowerState.RUNNING, "app01", ips, h2.clock.instant()),
                shot.png());
        assertFalse(Arrays.equals(
                ConsoleRenderer.render(rhel, PowerState.RUNNING, "app01", List.of(), h2.clock.instant()), shot.png()),
                "the address is on the console");
    }

    private byte[] expected(UUID vmId, PowerState state) {
        FabricVm vm = fabric.vm(vmId).orElseThrow();
        assertEquals(state, vm.state());
        List<String> ips = vm.nics().stream().flatMap(n -> n.ipv4Addresses().stream()).toList();
        return ConsoleRenderer.render(CENTOS, state, vm.name(), ips, h2.clock.instant());
    }

    private void await(FabricOperation op) {
        FabricOperation current = fabric.operation(op.id());
        for (int i = 0; i < 1000 && !current.state().isFinal(); i++) {
            h2.clock.advance(Duration.ofSeconds(5));
            current = fabric.operation(op.id());
        }
        assertEquals(OperationState.SUCCEEDED, current.state());
    }

    private static VmSpec spec(String name) {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD, 40 * GIB, 4 * GIB, 0,
                Optional.of(SimTopology.volumeId("V1-CL01-CSV1")), true);
        NicSpec nic = new NicSpec(UUID.randomUUID(),
                SimTopology.networkId(SimTopology.V1_STAMP_NAME, SimTopology.TENANT_NETWORK));
        return new VmSpec(UUID.randomUUID(), SimTopology.V1_STAMP_ID, name, 2, 4096, List.of(disk), List.of(nic),
                false);
    }
}
