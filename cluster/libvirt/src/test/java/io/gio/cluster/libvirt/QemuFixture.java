package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmSpec;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the QEMU integration tests share: the host ({@link QemuHost}, opened once per test class;
 * the tests are skipped, with the reason printed, where no daemon runs), a driver per test, tiny
 * VMs with blank VHD disks that are removed after each test, and waiting for operations.
 */
@ExtendWith(PrintSkips.class)
abstract class QemuFixture {

    static final long MIB = 1L << 20;
    static QemuHost host;
    private static String whyNot;
    ClusterDriver driver;

    @BeforeAll
    static void openHost() {
        Object opened = QemuHost.open();
        if (opened instanceof QemuHost h) {
            host = h;
            System.out.println("QEMU integration tests on " + QemuHost.URI + " with " + (h.kvm ? "KVM" : "TCG"));
        } else {
            whyNot = (String) opened;
            System.out.println("SKIPPED QEMU integration tests: " + whyNot);
        }
    }

    @AfterAll
    static void closeHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @BeforeEach
    void openDriver() {
        assumeTrue(host != null, () -> whyNot);
        driver = host.driver();
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            for (UUID id : created) {
                driver.vm(id).ifPresent(vm -> {
                    if (vm.state() != PowerState.STOPPED) {
                        await(driver.power(id, PowerAction.TURN_OFF));
                    }
                    await(driver.deleteVm(id));
                });
            }
            driver.close();
        }
    }

    final List<UUID> created = new java.util.ArrayList<>();

    FabricVm create(String name, boolean start) {
        try {
            UUID pool = host.poolId();
            List<NicSpec> nics = host.networkName().flatMap(n -> driver.networks(driver.stamps().get(0).id()).stream()
                    .filter(net -> net.name().equals(n)).findFirst())
                    .map(net -> List.of(new NicSpec(UUID.randomUUID(), net.id()))).orElse(List.of());
            VmSpec spec = new VmSpec(UUID.randomUUID(), driver.stamps().get(0).id(), host.tag + "-" + name, 1, 64,
                    List.of(new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD, 64 * MIB, 0, 0,
                            Optional.of(pool), true)), nics, start);
            created.add(spec.id());
            await(driver.createVm(spec));
            return driver.vm(spec.id()).orElseThrow();
        } catch (org.libvirt.LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }

    PowerState power(FabricVm vm, PowerAction action) {
        await(driver.power(vm.id(), action));
        return driver.vm(vm.id()).orElseThrow().state();
    }

    void await(FabricOperation op) {
        FabricOperation ended = awaitEnd(op);
        assertEquals(OperationState.SUCCEEDED, ended.state(), () -> op.kind() + ": " + ended.error());
    }

    FabricOperation awaitEnd(FabricOperation op) {
        FabricOperation current = op;
        int progress = 0;
        for (int i = 0; i < 1200 && !current.state().isFinal(); i++) {
            LibvirtDriverTest.sleep(50);
            current = driver.operation(op.id());
            assertTrue(current.progress() >= progress, "progress never goes back");
            progress = current.progress();
        }
        return current;
    }

}
