package io.gio.cluster.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverFactory;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricSeeding.SeededVm;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VolumeKind;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimClusterDriverTest {

    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void factoryIsFoundByServiceLoaderAndRejectsABadTopology() {
        assertTrue(ServiceLoader.load(ClusterDriverFactory.class).stream()
                .anyMatch(p -> p.get().name().equals("sim")));
        ClusterException e = assertThrows(ClusterException.class, () -> h2.driver("huge"));
        assertEquals(ClusterErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("gio.cluster.sim.topology"), e.getMessage());
    }

    @Test
    void emptyTopologyHasNoStamps() {
        try (H2Fabric other = new H2Fabric()) {
            assertTrue(other.driver("empty").stamps().isEmpty());
        }
    }

    @Test
    void demoTopologyHasTwoGenerationsAndALink() {
        List<Stamp> stamps = fabric.stamps();
        assertEquals(List.of(SimTopology.V1_STAMP_ID, SimTopology.V2_STAMP_ID), stamps.stream().map(Stamp::id).toList());
        assertEquals("WS2008R2", stamps.get(0).generation().name());
        assertEquals(Set.of(DiskFormat.VHD), stamps.get(0).generation().diskFormats());
        assertEquals("WS2012R2", stamps.get(1).generation().name());

        List<Host> v1Hosts = fabric.hosts(SimTopology.V1_STAMP_ID);
        assertEquals(32, v1Hosts.size());
        assertEquals(Set.of("V1-CL01", "V1-CL02"), Set.copyOf(v1Hosts.stream().map(Host::clusterName).toList()));
        assertEquals(16, fabric.hosts(SimTopology.V2_STAMP_ID).size());
        Host v2Host = fabric.hosts(SimTopology.V2_STAMP_ID).get(0);
        assertEquals(SimTopology.hostId("V2-CL01-N01"), v2Host.id());
        assertEquals(20_000_000_000L, v2Host.nicBandwidthBitsPerSecond());

        List<Volume> csvs = fabric.volumes(SimTopology.V1_STAMP_ID);
        assertEquals(8, csvs.size());
        assertTrue(csvs.stream().allMatch(v -> v.kind() == VolumeKind.CSV_ISCSI && v.capacityBytes() == 8 * TIB));
        assertEquals("C:\\ClusterStorage\\Volume1", csvs.get(0).path());
        List<Volume> shares = fabric.volumes(SimTopology.V2_STAMP_ID);
        assertEquals(List.of("\\\\gio-v2-sofs\\vmstore1", "\\\\gio-v2-sofs\\vmstore2"),
                shares.stream().map(Volume::path).toList());
        assertTrue(shares.stream().allMatch(v -> v.kind() == VolumeKind.SMB3_SHARE && v.capacityBytes() == 32 * TIB));

        assertEquals(2, fabric.networks(SimTopology.V1_STAMP_ID).size());
        Link link = fabric.links().get(0);
        assertEquals(1, fabric.links().size());
        assertEquals(SimTopology.V1_STAMP_ID, link.fromStampId());
        assertEquals(SimTopology.V2_STAMP_ID, link.toStampId());
        assertEquals(10_000_000_000L, link.bandwidthBitsPerSecond());
    }

    @Test
    void restartedDriverFinishesARunningOperation() {
        VmSpec spec = spec("web01", SimTopology.volumeId("V1-CL01-CSV1"), 40 * GIB, false);
        await(fabric, fabric.createVm(spec));
        FabricOperation start = fabric.power(spec.id(), PowerAction.START);
        h2.clock.advance(Duration.ofSeconds(10));

        ClusterDriver restarted = h2.driver("demo");
        assertEquals(2, restarted.stamps().size(), "the demo is not seeded twice");
        assertEquals(PowerState.STARTING, restarted.vm(spec.id()).orElseThrow().state());
        h2.clock.advance(Duration.ofSeconds(20));
        assertEquals(PowerState.RUNNING, restarted.vm(spec.id()).orElseThrow().state());
        FabricOperation done = restarted.operation(start.id());
        assertEquals(OperationState.SUCCEEDED, done.state());
        assertEquals(start.estimatedEnd(), done.ended().orElseThrow());
        assertEquals(done, fabric.operation(start.id()), "both drivers see the same fabric");
    }

    @Test
    void createdVmIsPlacedAndTimedAsModelled() {
        VmSpec spec = spec("web01", SimTopology.volumeId("V1-CL01-CSV1"), 40 * GIB, false);
        FabricOperation create = fabric.createVm(spec);
        // 4 GiB copied at 400 MB/s, then 20 s of configuration
        assertEquals(Duration.ofMillis(20_000 + 10_738), Duration.between(create.started(), create.estimatedEnd()));
        h2.clock.advance(Duration.ofSeconds(15));
        assertEquals(48, fabric.operation(create.id()).progress());
        await(fabric, create);
        FabricVm vm = fabric.vm(spec.id()).orElseThrow();
        FabricDisk disk = vm.disks().get(0);
        assertEquals("C:\\ClusterStorage\\Volume1\\web01\\web01_disk_1.vhd", disk.path());
        FabricNic nic = vm.nics().get(0);
        assertTrue(nic.macAddress().matches("00:15:5D(:[0-9A-F]{2}){3}"), nic.macAddress());
        assertEquals(List.of("10.0.0.2"), nic.ipv4Addresses());
        assertEquals(List.of(spec.id()), fabric.vmIds(spec.stampId()), "listed with its stamp's VMs");

        FabricOperation save = fabric.power(spec.id(), PowerAction.START);
        await(fabric, save);
        save = fabric.power(spec.id(), PowerAction.SAVE);
        assertEquals(Duration.ofMillis(5_000 + 4096 * 5), Duration.between(save.started(), save.estimatedEnd()));
    }

    @Test
    void volumeUsageGrowsWithACreatedVmAndShrinksWhenItIsDeleted() {
        UUID csv = SimTopology.volumeId("V1-CL02-CSV3");
        long before = usedBytes(csv);
        VmSpec spec = spec("db01", csv, 100 * GIB, false);
        FabricOperation create = fabric.createVm(spec);
        assertEquals(before + 100 * GIB, usedBytes(csv), "reserved when creation starts");
        await(fabric, create);
        assertEquals(before + 100 * GIB, usedBytes(csv));
        await(fabric, fabric.deleteVm(spec.id()));
        assertEquals(before, usedBytes(csv));
    }

    @Test
    void createIsRefusedWithCapacityWhenVolumesAreFull() {
        List<SeededVm> fillers = new ArrayList<>();
        for (String share : List.of("V2-SOFS-VMSTORE1", "V2-SOFS-VMSTORE2")) {
            VmSpec filler = v2Spec("filler-" + share, Optional.of(SimTopology.volumeId(share)), 32 * TIB - GIB, 4096);
            fillers.add(new SeededVm(filler, SimTopology.hostId("V2-CL01-N01"), PowerState.STOPPED));
        }
        fabric.seeding().orElseThrow().seedVms(fillers);

        VmSpec tooBig = v2Spec("app01", Optional.empty(), 2 * GIB, 4096);
        ClusterException e = assertThrows(ClusterException.class, () -> fabric.createVm(tooBig));
        assertEquals(ClusterErrorCode.CAPACITY, e.code());
        assertTrue(e.getMessage().contains("2.0 GiB") && e.getMessage().contains("1.0 GiB"), e.getMessage());
        assertTrue(fabric.vm(tooBig.id()).isEmpty());
        assertEquals(32 * TIB - GIB, usedBytes(SimTopology.volumeId("V2-SOFS-VMSTORE1")), "nothing reserved");

        VmSpec fits = v2Spec("app02", Optional.empty(), GIB, 4096);
        assertEquals(OperationState.RUNNING, fabric.createVm(fits).state());
    }

    @Test
    void createIsRefusedWithCapacityWhenHostsAreFull() {
        List<SeededVm> fillers = new ArrayList<>();
        for (Host host : fabric.hosts(SimTopology.V2_STAMP_ID)) {
            VmSpec filler = v2Spec("big-" + host.name(), Optional.empty(), GIB, 512 * 1024 - 1024);
            VmSpec placed = withVolume(filler, SimTopology.volumeId("V2-SOFS-VMSTORE1"));
            fillers.add(new SeededVm(placed, host.id(), PowerState.RUNNING));
        }
        fabric.seeding().orElseThrow().seedVms(fillers);
        ClusterException e = assertThrows(ClusterException.class,
                () -> fabric.createVm(v2Spec("app01", Optional.empty(), GIB, 2048)));
        assertEquals(ClusterErrorCode.CAPACITY, e.code());
        assertTrue(e.getMessage().contains("1024 MB"), e.getMessage());
    }

    @Test
    void seedsTwentyThousandVmsAndReadsOneBack() {
        List<Host> hosts = fabric.hosts(SimTopology.V1_STAMP_ID);
        List<Volume> csvs = fabric.volumes(SimTopology.V1_STAMP_ID);
        UUID tenant = SimTopology.networkId(SimTopology.V1_STAMP_NAME, SimTopology.TENANT_NETWORK);
        List<SeededVm> vms = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String name = "seed" + i;
            UUID volume = csvs.get(i % csvs.size()).id();
            List<DiskSpec> disks = new ArrayList<>();
            disks.add(new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD, 40 * GIB, 8 * GIB, 0,
                    Optional.of(volume), true));
            if (i % 2 == 0) {
                disks.add(new DiskSpec(UUID.randomUUID(), name + "_disk_2", DiskFormat.VHD, 100 * GIB, GIB, 1024,
                        Optional.of(volume), false));
            }
            VmSpec spec = new VmSpec(UUID.randomUUID(), SimTopology.V1_STAMP_ID, name, 2, 4096, disks,
                    List.of(new NicSpec(UUID.randomUUID(), tenant)), false);
            vms.add(new SeededVm(spec, hosts.get(i % hosts.size()).id(), i % 3 == 0 ? PowerState.STOPPED : PowerState.RUNNING));
        }
        List<FabricVm> seeded = fabric.seeding().orElseThrow().seedVms(vms);
        assertEquals(20_000, seeded.size());
        assertEquals(fabric.vm(seeded.get(5).id()).orElseThrow(), seeded.get(5), "the returned VM is the stored one");
        long used = fabric.volumes(SimTopology.V1_STAMP_ID).stream().mapToLong(Volume::usedBytes).sum();
        assertEquals(20_000 * 40 * GIB + 10_000 * 100 * GIB, used);

        FabricVm vm = fabric.vm(vms.get(12_347).spec().id()).orElseThrow();
        assertEquals("seed12347", vm.name());
        assertEquals(PowerState.RUNNING, vm.state());
        assertEquals(1, vm.disks().size());
        assertTrue(vm.nics().get(0).ipv4Addresses().get(0).startsWith("10.0."));

        assertEquals(10, fabric.seeding().orElseThrow().seedVms(vms.subList(0, 10)).size());
        assertEquals(used, fabric.volumes(SimTopology.V1_STAMP_ID).stream().mapToLong(Volume::usedBytes).sum(),
                "seeding is idempotent per VM");
        await(fabric, fabric.power(vm.id(), PowerAction.SHUTDOWN));
        assertEquals(PowerState.STOPPED, fabric.vm(vm.id()).orElseThrow().state());
    }

    private long usedBytes(UUID volumeId) {
        return fabric.stamps().stream().flatMap(s -> fabric.volumes(s.id()).stream())
                .filter(v -> v.id().equals(volumeId)).findFirst().orElseThrow().usedBytes();
    }

    private FabricOperation await(ClusterDriver driver, FabricOperation op) {
        FabricOperation current = driver.operation(op.id());
        for (int i = 0; i < 1000 && !current.state().isFinal(); i++) {
            h2.clock.advance(Duration.ofSeconds(5));
            current = driver.operation(op.id());
        }
        assertEquals(OperationState.SUCCEEDED, current.state());
        return current;
    }

    private static VmSpec spec(String name, UUID volumeId, long maxBytes, boolean start) {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD, maxBytes, 4 * GIB, 0,
                Optional.of(volumeId), true);
        NicSpec nic = new NicSpec(UUID.randomUUID(),
                SimTopology.networkId(SimTopology.V1_STAMP_NAME, SimTopology.TENANT_NETWORK));
        return new VmSpec(UUID.randomUUID(), SimTopology.V1_STAMP_ID, name, 2, 4096, List.of(disk), List.of(nic), start);
    }

    private static VmSpec v2Spec(String name, Optional<UUID> volumeId, long maxBytes, int memoryMb) {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHDX, maxBytes, 0, 0,
                volumeId, true);
        return new VmSpec(UUID.randomUUID(), SimTopology.V2_STAMP_ID, name, 8, memoryMb, List.of(disk), List.of(), false);
    }

    private static VmSpec withVolume(VmSpec spec, UUID volumeId) {
        DiskSpec d = spec.disks().get(0);
        DiskSpec placed = new DiskSpec(d.id(), d.name(), d.format(), d.maxBytes(), d.usedBytes(),
                d.dirtyBytesPerSecond(), Optional.of(volumeId), d.boot());
        return new VmSpec(spec.id(), spec.stampId(), spec.name(), spec.cpuCount(), spec.memoryMb(),
                List.of(placed), spec.nics(), spec.startAfterCreate());
    }
}
