package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricSeeding.SeededVm;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimReconfigurationTest {

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void takesFiveSecondsAndAppliesDynamicMemoryAtTheEnd() {
        VmSpec spec = SimSpecs.v1("app01", 2, 4096, 0);
        await(h2, fabric, fabric.createVm(spec));
        FabricOperation op = fabric.reconfigure(spec.id(), VmHardware.dynamic(4, 2048, 512, 8192));
        assertEquals("RECONFIGURE", op.kind());
        assertEquals(Duration.ofSeconds(5), SimSpecs.length(op));
        h2.clock.advance(Duration.ofSeconds(4));
        assertEquals(80, fabric.operation(op.id()).progress());
        assertEquals(VmHardware.fixed(2, 4096), vm(spec.id()).hardware());
        ClusterException busy = assertThrows(ClusterException.class, () -> fabric.power(spec.id(), PowerAction.START));
        assertEquals(ClusterErrorCode.INVALID_STATE, busy.code());
        assertTrue(busy.getMessage().contains("STOPPED") && busy.getMessage().contains("RECONFIGURE"), busy.getMessage());

        h2.clock.advance(Duration.ofSeconds(1));
        FabricVm after = vm(spec.id());
        assertEquals(VmHardware.dynamic(4, 2048, 512, 8192), after.hardware());
        assertEquals(Optional.of(new VmHardware.DynamicMemory(512, 8192)), after.dynamicMemory());
        assertEquals(OperationState.SUCCEEDED, fabric.operation(op.id()).state());
        assertEquals(Optional.of(op.estimatedEnd()), fabric.operation(op.id()).ended());
    }

    @Test
    void limitsOfHyperV2AreNamed() {
        VmSpec spec = SimSpecs.v1("app01", 2, 4096, 0);
        await(h2, fabric, fabric.createVm(spec));
        ClusterException cpu = assertThrows(ClusterException.class,
                () -> fabric.reconfigure(spec.id(), VmHardware.fixed(8, 4096)));
        assertEquals(ClusterErrorCode.UNSUPPORTED, cpu.code());
        assertEquals("GIO-V1 (Hyper-V 2.0 (Windows Server 2008 R2)) allows at most 4 virtual processors per VM;"
                + " 8 requested", cpu.getMessage());
        ClusterException dynamic = assertThrows(ClusterException.class,
                () -> fabric.reconfigure(spec.id(), VmHardware.dynamic(2, 4096, 512, 131_072)));
        assertEquals(ClusterErrorCode.UNSUPPORTED, dynamic.code());
        assertTrue(dynamic.getMessage().contains("at most 65536 MB of memory per VM; 131072 MB requested"),
                dynamic.getMessage());
        assertTrue(vm(spec.id()).runningOperation().isEmpty());
    }

    @Test
    void hostMemoryFollowsTheReconfiguredVms() {
        UUID host = SimTopology.hostId("V2-CL01-N01");
        VmSpec filler = SimSpecs.v2("filler", 512 * 1024 - 6144);
        VmSpec app = SimSpecs.v2("app01", 2048);
        fabric.seeding().orElseThrow().seedVms(List.of(new SeededVm(filler, host, PowerState.STOPPED),
                new SeededVm(app, host, PowerState.STOPPED)));

        ClusterException full = assertThrows(ClusterException.class,
                () -> fabric.reconfigure(app.id(), VmHardware.fixed(2, 8192)));
        assertEquals(ClusterErrorCode.CAPACITY, full.code());
        assertTrue(full.getMessage().contains("V2-CL01-N01 has 4096 MB"), full.getMessage());
        assertTrue(vm(app.id()).runningOperation().isEmpty(), "nothing starts");

        await(h2, fabric, fabric.reconfigure(app.id(), VmHardware.fixed(2, 6144)));
        assertRefusedForCapacity(filler.id(), filler.memoryMb() + 1);
        await(h2, fabric, fabric.reconfigure(app.id(), VmHardware.fixed(2, 1024)));
        await(h2, fabric, fabric.reconfigure(filler.id(), VmHardware.fixed(2, filler.memoryMb() + 5120)));
        assertRefusedForCapacity(app.id(), 1025);
        await(h2, fabric, fabric.deleteVm(app.id()));
        await(h2, fabric, fabric.reconfigure(filler.id(), VmHardware.fixed(2, 512 * 1024)));
    }

    private void assertRefusedForCapacity(UUID vmId, int memoryMb) {
        ClusterException e = assertThrows(ClusterException.class,
                () -> fabric.reconfigure(vmId, VmHardware.fixed(2, memoryMb)));
        assertEquals(ClusterErrorCode.CAPACITY, e.code(), e::getMessage);
    }

    private FabricVm vm(UUID id) {
        return fabric.vm(id).orElseThrow();
    }
}
