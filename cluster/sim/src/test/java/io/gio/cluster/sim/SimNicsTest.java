package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.await;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.length;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.NetworkQos;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimNicsTest {

    private static final UUID V1_TENANT = SimTopology.networkId(SimTopology.V1_STAMP_NAME, SimTopology.TENANT_NETWORK);
    private static final UUID V1_INTERNET = SimTopology.networkId(SimTopology.V1_STAMP_NAME, SimTopology.INTERNET);
    private static final UUID V2_TENANT = SimTopology.networkId(SimTopology.V2_STAMP_NAME, SimTopology.TENANT_NETWORK);

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void durationsAreModelledAndTheVmIsBusyMeanwhile() {
        VmSpec spec = stopped(SimSpecs.v1("app01", 2, 2048, 0));
        UUID nic = UUID.randomUUID();
        FabricOperation add = fabric.addNic(spec.id(), new NicSpec(nic, V1_TENANT));
        assertEquals("NIC_ADD", add.kind());
        assertEquals(Duration.ofSeconds(5), length(add));
        h2.clock.advance(Duration.ofSeconds(4));
        assertEquals(80, fabric.operation(add.id()).progress());
        ClusterException busy = assertThrows(ClusterException.class, () -> fabric.power(spec.id(), PowerAction.START));
        assertEquals(ClusterErrorCode.INVALID_STATE, busy.code());
        assertTrue(busy.getMessage().contains("STOPPED") && busy.getMessage().contains("NIC_ADD"), busy.getMessage());
        finish(h2, fabric, add);
        assertEquals(Duration.ofSeconds(5), length(fabric.removeNic(spec.id(), nic)));
        h2.clock.advance(Duration.ofSeconds(5));
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.START));
        FabricOperation connect = fabric.connectNic(spec.id(), spec.nics().get(0).id(), V1_INTERNET);
        assertEquals("NIC_CONNECT", connect.kind());
        assertEquals(Duration.ofSeconds(2), length(connect));
    }

    @Test
    void addressesComeFromTheNetworksCounterAndMacsFromTheAdaptersId() {
        VmSpec spec = stopped(SimSpecs.v1("app01", 2, 2048, 0));
        FabricNic first = vm(spec.id()).nics().get(0);
        assertEquals(List.of("10.0.0.2"), first.ipv4Addresses());
        UUID nic = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        await(h2, fabric, fabric.addNic(spec.id(), new NicSpec(nic, V1_TENANT)));
        FabricNic added = vm(spec.id()).nics().get(1);
        assertEquals("00:15:5D:2C:33:01", added.macAddress(), "Hyper-V's prefix and the ID's last three bytes");
        assertEquals(List.of("10.0.0.3"), added.ipv4Addresses());

        await(h2, fabric, fabric.connectNic(spec.id(), nic, V1_INTERNET));
        FabricNic moved = vm(spec.id()).nics().get(1);
        assertEquals(V1_INTERNET, moved.networkId());
        assertEquals(List.of("203.0.113.2"), moved.ipv4Addresses());
        assertEquals(added.macAddress(), moved.macAddress());
        await(h2, fabric, fabric.connectNic(spec.id(), nic, V1_TENANT));
        assertEquals(List.of("10.0.0.4"), vm(spec.id()).nics().get(1).ipv4Addresses(), "addresses are not reused");
    }

    @Test
    void anAddRemoveAndAddAgainAppendsAfterTheOtherAdapters() {
        VmSpec spec = stopped(SimSpecs.v1("app01", 2, 2048, 0));
        UUID original = spec.nics().get(0).id();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        await(h2, fabric, fabric.addNic(spec.id(), new NicSpec(second, V1_TENANT)));
        await(h2, fabric, fabric.removeNic(spec.id(), original));
        await(h2, fabric, fabric.addNic(spec.id(), new NicSpec(third, V1_INTERNET)));
        assertEquals(List.of(second, third), vm(spec.id()).nics().stream().map(FabricNic::id).toList());
        ClusterException gone = assertThrows(ClusterException.class,
                () -> fabric.connectNic(spec.id(), original, V1_TENANT));
        assertEquals(ClusterErrorCode.NOT_FOUND, gone.code());
        ClusterException foreign = assertThrows(ClusterException.class,
                () -> fabric.addNic(spec.id(), new NicSpec(UUID.randomUUID(), V2_TENANT)));
        assertEquals(ClusterErrorCode.NOT_FOUND, foreign.code());
        assertEquals("network " + V2_TENANT + " does not exist on stamp GIO-V1", foreign.getMessage());
        await(h2, fabric, fabric.deleteVm(spec.id()));
        assertTrue(fabric.vm(spec.id()).isEmpty(), "a VM whose adapters changed is deleted with them");
    }

    @Test
    void theLimitIsNamedWithTheStampsHypervisor() {
        VmSpec spec = stopped(SimSpecs.v1("app01", 2, 2048, 0));
        for (int i = 1; i < 8; i++) {
            await(h2, fabric, fabric.addNic(spec.id(), new NicSpec(UUID.randomUUID(), V1_TENANT)));
        }
        ClusterException ninth = assertThrows(ClusterException.class,
                () -> fabric.addNic(spec.id(), new NicSpec(UUID.randomUUID(), V1_TENANT)));
        assertEquals(ClusterErrorCode.UNSUPPORTED, ninth.code());
        assertEquals("GIO-V1 (Hyper-V 2.0 (Windows Server 2008 R2)) allows at most 8 network adapters per VM;"
                + " 9 requested", ninth.getMessage());
    }

    @Test
    void aRemovedAdapterTakesItsQosWithIt() {
        VmSpec spec = stopped(SimSpecs.v2("app02", 2048));
        UUID nic = UUID.randomUUID();
        await(h2, fabric, fabric.addNic(spec.id(), new NicSpec(nic, V2_TENANT)));
        NetworkQos limit = new NetworkQos(OptionalLong.of(1_000_000_000L), OptionalLong.empty());
        assertEquals(limit, fabric.qos().orElseThrow().setNetworkQos(spec.id(), nic, limit));
        await(h2, fabric, fabric.connectNic(spec.id(), nic, SimTopology.networkId(SimTopology.V2_STAMP_NAME,
                SimTopology.INTERNET)));
        assertEquals(limit, fabric.qos().orElseThrow().networkQos(spec.id(), nic), "a reconnect keeps QoS");
        await(h2, fabric, fabric.removeNic(spec.id(), nic));
        ClusterException e = assertThrows(ClusterException.class,
                () -> fabric.qos().orElseThrow().networkQos(spec.id(), nic));
        assertEquals(ClusterErrorCode.NOT_FOUND, e.code());
    }

    @Test
    void anAddWhoseIdIsTakenMeanwhileFailsAndFreesTheVm() {
        VmSpec spec = stopped(SimSpecs.v1("app01", 2, 2048, 0));
        UUID nic = UUID.randomUUID();
        FabricOperation add = fabric.addNic(spec.id(), new NicSpec(nic, V1_TENANT));
        VmSpec other = SimSpecs.v1("app02", 1, 1024, 0);
        VmSpec thief = new VmSpec(other.id(), other.stampId(), other.name(), 1, 1024, other.disks(),
                List.of(new NicSpec(nic, V1_TENANT)), false);
        await(h2, fabric, fabric.createVm(thief)); // takes longer than the add
        FabricOperation failed = fabric.operation(add.id());
        assertEquals(OperationState.FAILED, failed.state());
        assertEquals(ClusterErrorCode.INVALID_ARGUMENT, failed.error().orElseThrow().code());
        assertTrue(failed.error().orElseThrow().getMessage().contains(nic.toString()));
        FabricVm vm = vm(spec.id());
        assertEquals(1, vm.nics().size());
        assertTrue(vm.runningOperation().isEmpty(), "the VM is free again");
        assertEquals(List.of(nic), vm(thief.id()).nics().stream().map(FabricNic::id).toList());
    }

    @Test
    void aRunningAddIsSettledByAnotherDriverOnTheSameStore() {
        VmSpec spec = stopped(SimSpecs.v1("app01", 2, 2048, 0));
        UUID nic = UUID.randomUUID();
        FabricOperation add = fabric.addNic(spec.id(), new NicSpec(nic, V1_TENANT));
        try (ClusterDriver restarted = h2.driver("demo")) {
            h2.clock.set(add.estimatedEnd());
            assertEquals(OperationState.SUCCEEDED, restarted.operation(add.id()).state());
            assertEquals(nic, restarted.vm(spec.id()).orElseThrow().nics().get(1).id());
            assertEquals(add.id(), restarted.addNic(spec.id(), new NicSpec(nic, V1_TENANT)).id());
        }
    }

    private VmSpec stopped(VmSpec spec) {
        await(h2, fabric, fabric.createVm(spec));
        return spec;
    }

    private FabricVm vm(UUID id) {
        return fabric.vm(id).orElseThrow();
    }
}
