package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operations: polled by ID, shown on their VM while they run, kept across a restart of the gateway. */
class LibvirtOperationsTest {

    private TestDriverFabric libvirt;
    private ClusterDriver driver;

    @BeforeEach
    void open() {
        libvirt = new TestDriverFabric();
        driver = libvirt.driver(Map.of());
    }

    @AfterEach
    void close() {
        driver.close();
        libvirt.close();
    }

    @Test
    void operationsAndIdempotentCreatesSurviveARestart() {
        VmSpec spec = spec();
        FabricOperation create = await(driver.createVm(spec));
        driver.close();
        driver = libvirt.driver(Map.of());
        FabricOperation read = driver.operation(create.id());
        assertEquals(OperationState.SUCCEEDED, read.state());
        assertEquals(100, read.progress());
        assertEquals(create.id(), driver.createVm(spec).id(), "a repeated create after a restart finds its operation");
        assertEquals(PowerState.STOPPED, driver.vm(spec.id()).orElseThrow().state());
    }

    @Test
    void anOperationRunningWhenItsGatewayDiedEndsFailed() {
        OperationStore store = new OperationStore(libvirt.dataSource);
        UUID id = UUID.randomUUID();
        Instant longAgo = Instant.now().minusSeconds(600);
        store.insert(new OperationStore.Row(id, UUID.randomUUID(), OpKind.START, id.toString(), OperationState.RUNNING,
                40, longAgo, longAgo.plusSeconds(30), Optional.empty(), longAgo, Optional.empty()));
        driver.close();
        driver = libvirt.driver(Map.of());
        FabricOperation op = driver.operation(id);
        assertEquals(OperationState.FAILED, op.state());
        assertEquals(40, op.progress());
        ClusterException error = op.error().orElseThrow();
        assertEquals(ClusterErrorCode.FABRIC_FAILURE, error.code());
        assertTrue(error.getMessage().contains("interrupted by a restart"), error.getMessage());
    }

    @Test
    void aVmShowsItsRunningOperationAndRefusesOthersMeanwhile() throws Exception {
        VmSpec spec = spec();
        await(driver.createVm(spec));
        await(driver.power(spec.id(), PowerAction.START));
        CountDownLatch release = new CountDownLatch(1);
        Fabric fabric = ((LibvirtClusterDriver) driver).fabric();
        FabricOperation held = fabric.operations.start(spec.id(), OpKind.SHUTDOWN, null, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FabricVm during = driver.vm(spec.id()).orElseThrow();
        assertEquals(PowerState.STOPPING, during.state());
        assertEquals(Optional.of(held.id()), during.runningOperation());
        ClusterException e = assertThrows(ClusterException.class, () -> driver.power(spec.id(), PowerAction.PAUSE));
        assertEquals(ClusterErrorCode.INVALID_STATE, e.code());
        assertTrue(e.getMessage().contains("STOPPING"), e.getMessage());
        assertEquals(OperationState.RUNNING, driver.operation(held.id()).state());
        assertTrue(driver.operation(held.id()).progress() < 100);
        release.countDown();
        assertEquals(OperationState.SUCCEEDED, await(held).state());
        assertEquals(PowerState.RUNNING, driver.vm(spec.id()).orElseThrow().state());
    }

    @Test
    void aFailedCreateLeavesNothingBehind() {
        VmSpec spec = spec();
        VmSpec clash = new VmSpec(spec.id(), spec.stampId(), spec.name(), 1, 512, List.of(spec.disks().get(0),
                spec.disks().get(0)), spec.nics(), false);
        FabricOperation op = driver.createVm(clash);
        FabricOperation ended = op;
        for (int i = 0; i < 500 && !ended.state().isFinal(); i++) {
            LibvirtDriverTest.sleep(10);
            ended = driver.operation(op.id());
        }
        assertEquals(OperationState.FAILED, ended.state(), "the second disk's volume has the first's name");
        assertTrue(driver.vm(spec.id()).isEmpty());
    }

    private VmSpec spec() {
        var stamp = driver.stamps().get(0);
        UUID network = driver.networks(stamp.id()).get(0).id();
        return new VmSpec(UUID.randomUUID(), stamp.id(), "ops01", 1, 512,
                List.of(new DiskSpec(UUID.randomUUID(), "ops01_disk_1", DiskFormat.VHD, 1L << 30, 0, 0,
                        Optional.empty(), true)),
                List.of(new io.gio.cluster.spi.NicSpec(UUID.randomUUID(), network)), false);
    }

    private FabricOperation await(FabricOperation op) {
        FabricOperation current = op;
        for (int i = 0; i < 500 && !current.state().isFinal(); i++) {
            LibvirtDriverTest.sleep(10);
            current = driver.operation(op.id());
        }
        assertEquals(OperationState.SUCCEEDED, current.state(), () -> String.valueOf(driver.operation(op.id())));
        return current;
    }
}
