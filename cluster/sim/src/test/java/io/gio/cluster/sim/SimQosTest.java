package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.await;
import static io.gio.cluster.sim.SimSpecs.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.NetworkQos;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.QosSupport;
import io.gio.cluster.spi.StorageQos;
import io.gio.cluster.spi.VmSpec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SimQosTest {

    private static final long GBPS = 1_000_000_000L;

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");
    private final QosSupport qos = fabric.qos().orElseThrow();

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void theSameObjectOnEveryCall() {
        assertTrue(fabric.qos().orElseThrow() == qos);
    }

    @Test
    void networkQosIsSetReadAndClearedInAnyPowerState() {
        FabricVm vm = v2Vm("web01");
        UUID nic = vm.nics().get(0).id();
        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic), "no limits by default");

        NetworkQos limits = network(GBPS, 100_000_000L);
        assertEquals(limits, qos.setNetworkQos(vm.id(), nic, limits));
        assertEquals(limits, qos.networkQos(vm.id(), nic));
        assertTrue(fabric.vm(vm.id()).orElseThrow().runningOperation().isEmpty(), "not an operation");

        finish(h2, fabric, fabric.power(vm.id(), PowerAction.START));
        NetworkQos maximumOnly = new NetworkQos(OptionalLong.of(2 * GBPS), OptionalLong.empty());
        assertEquals(maximumOnly, qos.setNetworkQos(vm.id(), nic, maximumOnly), "a running VM too");
        assertEquals(maximumOnly, h2.driver("demo").qos().orElseThrow().networkQos(vm.id(), nic), "stored");

        assertEquals(NetworkQos.none(), qos.setNetworkQos(vm.id(), nic, NetworkQos.none()));
        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));
    }

    @Test
    void storageQosIsSetReadAndCleared() {
        FabricVm vm = v2Vm("db01");
        UUID disk = vm.disks().get(0).id();
        assertEquals(StorageQos.none(), qos.storageQos(vm.id(), disk));
        StorageQos limits = storage(5_000, 500);
        assertEquals(limits, qos.setStorageQos(vm.id(), disk, limits));
        assertEquals(limits, qos.storageQos(vm.id(), disk));
        StorageQos reservationOnly = new StorageQos(OptionalLong.empty(), OptionalLong.of(100_000));
        assertEquals(reservationOnly, qos.setStorageQos(vm.id(), disk, reservationOnly), "up to the volume's IOPS");
        assertEquals(StorageQos.none(), qos.setStorageQos(vm.id(), disk, StorageQos.none()));
        assertEquals(StorageQos.none(), qos.storageQos(vm.id(), disk));
    }

    @Test
    void theOldGenerationHasNoQosButClearingIsAllowed() {
        VmSpec spec = SimSpecs.v1("legacy01", 1, 1024, 0);
        await(h2, fabric, fabric.createVm(spec));
        FabricVm vm = fabric.vm(spec.id()).orElseThrow();
        UUID nic = vm.nics().get(0).id();
        UUID disk = vm.disks().get(0).id();

        ClusterException network = assertCode(ClusterErrorCode.UNSUPPORTED,
                () -> qos.setNetworkQos(vm.id(), nic, network(GBPS, 0)));
        assertEquals("Stamp GIO-V1 (Hyper-V 2.0 (Windows Server 2008 R2)) has no network QoS", network.getMessage());
        ClusterException storage = assertCode(ClusterErrorCode.UNSUPPORTED,
                () -> qos.setStorageQos(vm.id(), disk, storage(1_000, 0)));
        assertEquals("Stamp GIO-V1 (Hyper-V 2.0 (Windows Server 2008 R2)) has no storage QoS", storage.getMessage());

        assertEquals(NetworkQos.none(), qos.setNetworkQos(vm.id(), nic, NetworkQos.none()));
        assertEquals(StorageQos.none(), qos.setStorageQos(vm.id(), disk, StorageQos.none()));
        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));
    }

    @Test
    void badValuesAreInvalidArgumentsNamingTheValueAndTheLimit() {
        FabricVm vm = v2Vm("app01");
        UUID nic = vm.nics().get(0).id();
        UUID disk = vm.disks().get(0).id();

        ClusterException zero = assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> qos.setNetworkQos(vm.id(), nic, new NetworkQos(OptionalLong.of(0), OptionalLong.empty())));
        assertEquals("the maximum bandwidth must be positive, not 0 bits per second", zero.getMessage());
        assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> qos.setNetworkQos(vm.id(), nic, new NetworkQos(OptionalLong.empty(), OptionalLong.of(-1))));
        ClusterException crossed = assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> qos.setNetworkQos(vm.id(), nic, network(1_000, 2_000)));
        assertEquals("the minimum bandwidth of 2000 bits per second exceeds the maximum of 1000 bits per second",
                crossed.getMessage());
        ClusterException host = assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> qos.setNetworkQos(vm.id(), nic, new NetworkQos(OptionalLong.empty(), OptionalLong.of(25 * GBPS))));
        assertTrue(host.getMessage().contains("25000000000 bits per second"), host.getMessage());
        assertTrue(host.getMessage().contains("20000000000 bits per second"), host.getMessage());
        assertTrue(host.getMessage().contains("V2-CL01-N"), host.getMessage());
        qos.setNetworkQos(vm.id(), nic, network(40 * GBPS, 20 * GBPS)); // a cap above the NIC is no error

        assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> qos.setStorageQos(vm.id(), disk, new StorageQos(OptionalLong.of(0), OptionalLong.empty())));
        ClusterException iopsCrossed = assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> qos.setStorageQos(vm.id(), disk, storage(500, 600)));
        assertEquals("the minimum of 600 IOPS exceeds the maximum of 500 IOPS", iopsCrossed.getMessage());
        ClusterException volume = assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> qos.setStorageQos(vm.id(), disk, storage(200_000, 150_000)));
        assertEquals("the minimum of 150000 IOPS exceeds the 100000 IOPS that volume V2-SOFS-VMSTORE1 can deliver",
                volume.getMessage());

        assertEquals(network(40 * GBPS, 20 * GBPS), qos.networkQos(vm.id(), nic), "refused calls change nothing");
        assertEquals(StorageQos.none(), qos.storageQos(vm.id(), disk));
    }

    @Test
    void unknownVmAdapterOrDiskIsNotFoundBeforeAnythingElse() {
        FabricVm vm = v2Vm("a");
        FabricVm other = v2Vm("b");
        UUID unknown = UUID.randomUUID();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.networkQos(unknown, vm.nics().get(0).id()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.storageQos(unknown, vm.disks().get(0).id()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.setNetworkQos(vm.id(), other.nics().get(0).id(),
                network(GBPS, 0)));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.setStorageQos(vm.id(), other.disks().get(0).id(),
                storage(1, 0)));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.networkQos(vm.id(), vm.disks().get(0).id()),
                "a disk is no adapter");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.setNetworkQos(vm.id(), unknown,
                new NetworkQos(OptionalLong.of(0), OptionalLong.empty())), "NOT_FOUND comes before INVALID_ARGUMENT");

        VmSpec legacy = SimSpecs.v1("legacy", 1, 1024, 0);
        await(h2, fabric, fabric.createVm(legacy));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.setStorageQos(legacy.id(), unknown, storage(1, 0)),
                "NOT_FOUND comes before UNSUPPORTED");
    }

    @Test
    void aDeletedVmsSettingsAreGone() {
        FabricVm vm = v2Vm("gone");
        UUID nic = vm.nics().get(0).id();
        qos.setNetworkQos(vm.id(), nic, network(GBPS, 0));
        finish(h2, fabric, fabric.deleteVm(vm.id()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.networkQos(vm.id(), nic));
    }

    /** A stopped VM on GIO-V2 with one 10 GiB VHDX (1 GiB used) and one NIC on the tenant network. */
    private FabricVm v2Vm(String name) {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHDX, 10 * GIB, GIB, 0,
                Optional.of(SimTopology.volumeId("V2-SOFS-VMSTORE1")), true);
        NicSpec nic = new NicSpec(UUID.randomUUID(),
                SimTopology.networkId(SimTopology.V2_STAMP_NAME, SimTopology.TENANT_NETWORK));
        VmSpec spec = new VmSpec(UUID.randomUUID(), SimTopology.V2_STAMP_ID, name, 2, 2048, List.of(disk),
                List.of(nic), false);
        await(h2, fabric, fabric.createVm(spec));
        return fabric.vm(spec.id()).orElseThrow();
    }

    private static NetworkQos network(long maximum, long minimum) {
        return new NetworkQos(OptionalLong.of(maximum), minimum == 0 ? OptionalLong.empty() : OptionalLong.of(minimum));
    }

    private static StorageQos storage(long maximum, long minimum) {
        return new StorageQos(OptionalLong.of(maximum), minimum == 0 ? OptionalLong.empty() : OptionalLong.of(minimum));
    }

    private static ClusterException assertCode(ClusterErrorCode code, Executable call, String... why) {
        ClusterException e = assertThrows(ClusterException.class, call, String.join(" ", why));
        assertEquals(code, e.code(), e::getMessage);
        return e;
    }
}
