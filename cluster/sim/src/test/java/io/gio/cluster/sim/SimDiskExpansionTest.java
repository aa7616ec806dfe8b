package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.assertCode;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.length;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the generations allow: online growth of VHDX data disks on WS2012 R2 only. */
class SimDiskExpansionTest {

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void aRunningV2VmsVhdxDataDiskGrowsOnlineAndItsBootDiskDoesNot() {
        VmSpec spec = withDataDisk(SimSpecs.v2("sql01", 2048), DiskFormat.VHDX, "V2-SOFS-VMSTORE1");
        SimSpecs.in(h2, fabric, PowerState.RUNNING, spec);
        FabricVm vm = fabric.vm(spec.id()).orElseThrow();
        FabricDisk boot = vm.disks().get(0);
        FabricDisk data = vm.disks().get(1);

        FabricOperation op = fabric.expandDisk(vm.id(), data.id(), 200 * GIB);
        assertEquals(Duration.ofSeconds(5), length(op), "a dynamic disk grows by its metadata");
        assertEquals(PowerState.RUNNING, fabric.vm(vm.id()).orElseThrow().state(), "the guest keeps running");
        finish(h2, fabric, op);
        FabricVm after = fabric.vm(vm.id()).orElseThrow();
        assertEquals(200 * GIB, after.disks().get(1).maxBytes());
        assertEquals(data.usedBytes(), after.disks().get(1).usedBytes(), "no data is written");
        assertEquals(PowerState.RUNNING, after.state());

        var e = assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.expandDisk(vm.id(), boot.id(), 20 * GIB));
        assertTrue(e.getMessage().contains("RUNNING"), e.getMessage());
    }

    @Test
    void aV1VmsDataDisksGrowOnlyWhileItIsStopped() {
        VmSpec spec = withDataDisk(SimSpecs.v1("app01", 2, 2048, 0), DiskFormat.VHD, "V1-CL01-CSV1");
        SimSpecs.in(h2, fabric, PowerState.RUNNING, spec);
        FabricDisk data = fabric.vm(spec.id()).orElseThrow().disks().get(1);
        var e = assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.expandDisk(spec.id(), data.id(), 200 * GIB),
                "WS2008 R2 has no online resize");
        assertTrue(e.getMessage().contains("STOPPED"), e.getMessage());
        assertEquals(data.maxBytes(), fabric.vm(spec.id()).orElseThrow().disks().get(1).maxBytes());
    }

    @Test
    void theNewSizeSurvivesARestartOfTheDriver() {
        VmSpec spec = SimSpecs.in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        FabricDisk boot = fabric.vm(spec.id()).orElseThrow().disks().get(0);
        finish(h2, fabric, fabric.expandDisk(spec.id(), boot.id(), 60 * GIB));
        assertEquals(60 * GIB, h2.driver("demo").vm(spec.id()).orElseThrow().disks().get(0).maxBytes());
    }

    private static VmSpec withDataDisk(VmSpec spec, DiskFormat format, String volume) {
        DiskSpec data = new DiskSpec(UUID.randomUUID(), spec.name() + "_disk_2", format, 100 * GIB, GIB, 0,
                Optional.of(SimTopology.volumeId(volume)), false);
        return new VmSpec(spec.id(), spec.stampId(), spec.name(), spec.cpuCount(), spec.memoryMb(),
                List.of(spec.disks().get(0), data), spec.nics(), false);
    }
}
