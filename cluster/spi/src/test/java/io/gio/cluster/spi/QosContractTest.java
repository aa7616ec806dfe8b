package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A driver's {@link QosSupport}; skipped when the driver offers none. */
public abstract class QosContractTest extends ClusterDriverContractFixture {

    @Test
    void qosTheGenerationLacksIsUnsupportedNamingItButClearingIsAllowed() {
        QosSupport qos = qosOrSkip();
        Optional<Stamp> lacking = fabric.stamps().stream().filter(s -> !s.generation().networkQos()).findFirst();
        assumeTrue(lacking.isPresent(), "every stamp has network QoS");
        stamp = lacking.get();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID nic = vm.nics().get(0).id();
        Generation generation = stamp.generation();
        ClusterException e = assertCode(ClusterErrorCode.UNSUPPORTED, () -> qos.setNetworkQos(vm.id(), nic,
                new NetworkQos(OptionalLong.of(1_000_000_000L), OptionalLong.empty())));
        assertTrue(e.getMessage().contains(generation.hypervisor()) || e.getMessage().contains(generation.name()),
                e.getMessage());
        assertEquals(NetworkQos.none(), qos.setNetworkQos(vm.id(), nic, NetworkQos.none()));
        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));
        if (!generation.storageQos()) {
            UUID disk = vm.disks().get(0).id();
            assertCode(ClusterErrorCode.UNSUPPORTED, () -> qos.setStorageQos(vm.id(), disk,
                    new StorageQos(OptionalLong.of(1_000), OptionalLong.empty())));
            assertEquals(StorageQos.none(), qos.setStorageQos(vm.id(), disk, StorageQos.none()));
        }
    }

    @Test
    void qosIsSetReadClearedAndBoundedByTheHostAndTheVolume() {
        QosSupport qos = qosOrSkip();
        Optional<Stamp> capable = fabric.stamps().stream()
                .filter(s -> s.generation().networkQos() && s.generation().storageQos()).findFirst();
        assumeTrue(capable.isPresent(), "no stamp has network and storage QoS");
        stamp = capable.get();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID nic = vm.nics().get(0).id();
        UUID disk = vm.disks().get(0).id();
        long bandwidth = fabric.hosts(stamp.id()).stream().filter(h -> h.id().equals(vm.hostId()))
                .findFirst().orElseThrow().nicBandwidthBitsPerSecond();
        int iops = fabric.volumes(stamp.id()).stream().filter(v -> v.id().equals(vm.disks().get(0).volumeId()))
                .findFirst().orElseThrow().maxIops();

        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));
        NetworkQos network = new NetworkQos(OptionalLong.of(bandwidth), OptionalLong.of(bandwidth / 10));
        assertEquals(network, qos.setNetworkQos(vm.id(), nic, network));
        assertEquals(network, qos.networkQos(vm.id(), nic));
        ClusterException tooMuch = assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setNetworkQos(vm.id(),
                nic, new NetworkQos(OptionalLong.empty(), OptionalLong.of(bandwidth + 1))));
        assertTrue(tooMuch.getMessage().contains(String.valueOf(bandwidth)), tooMuch.getMessage());
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setNetworkQos(vm.id(), nic,
                new NetworkQos(OptionalLong.of(1_000), OptionalLong.of(2_000))));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setNetworkQos(vm.id(), nic,
                new NetworkQos(OptionalLong.of(0), OptionalLong.empty())));
        assertEquals(network, qos.networkQos(vm.id(), nic), "refused calls change nothing");
        assertEquals(NetworkQos.none(), qos.setNetworkQos(vm.id(), nic, NetworkQos.none()));
        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));

        StorageQos storage = new StorageQos(OptionalLong.of(iops), OptionalLong.of(iops / 10));
        assertEquals(storage, qos.setStorageQos(vm.id(), disk, storage));
        assertEquals(storage, qos.storageQos(vm.id(), disk));
        ClusterException tooMany = assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setStorageQos(vm.id(),
                disk, new StorageQos(OptionalLong.empty(), OptionalLong.of(iops + 1L))));
        assertTrue(tooMany.getMessage().contains(String.valueOf(iops)), tooMany.getMessage());
        assertEquals(StorageQos.none(), qos.setStorageQos(vm.id(), disk, StorageQos.none()));
        assertEquals(StorageQos.none(), qos.storageQos(vm.id(), disk));

        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.networkQos(UUID.randomUUID(), nic));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.networkQos(vm.id(), UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.storageQos(vm.id(), UUID.randomUUID()));
    }
}
