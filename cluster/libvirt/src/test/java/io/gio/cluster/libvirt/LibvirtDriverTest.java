package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricTemplate;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.NetworkQos;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Screenshot;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.StorageQos;
import io.gio.cluster.spi.VmSpec;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the libvirt driver does on libvirt's side, seen through a connection of the test's own. */
class LibvirtDriverTest {

    /** The domain {@code test:///default} starts with. */
    private static final UUID TEST_DOMAIN = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    private static final long GIB = 1L << 30;

    private TestDriverFabric libvirt;
    private ClusterDriver driver;
    private Stamp stamp;

    @BeforeEach
    void open() {
        libvirt = new TestDriverFabric();
        driver = libvirt.driver(Map.of());
        stamp = driver.stamps().get(0);
    }

    @AfterEach
    void close() {
        driver.close();
        libvirt.close();
    }

    @Test
    void aDomainDefinedOutsideTheGatewayIsShownWithDerivedIds() {
        FabricVm vm = driver.vm(TEST_DOMAIN).orElseThrow();
        assertEquals("test", vm.name());
        assertEquals(PowerState.RUNNING, vm.state());
        assertEquals(2, vm.cpuCount());
        assertEquals(2048, vm.memoryMb());
        assertEquals(8192, vm.hardware().peakMemoryMb(), "the balloon's range is shown as dynamic memory");
        assertEquals("/guest/diskimage1", vm.disks().get(0).path());
        assertEquals(Ids.disk(TEST_DOMAIN, "vda"), vm.disks().get(0).id());
        assertEquals("AA:BB:CC:DD:EE:FF", vm.nics().get(0).macAddress());
        UUID defaultNetwork = driver.networks(stamp.id()).stream().filter(n -> n.name().equals("default")).findFirst()
                .orElseThrow().id();
        assertEquals(defaultNetwork, vm.nics().get(0).networkId());
        assertEquals(driver.vm(TEST_DOMAIN), driver.vm(TEST_DOMAIN), "IDs are stable");
        assertEquals(java.util.List.of(TEST_DOMAIN), driver.vmIds(stamp.id()), "listed with the stamp's VMs");
        assertThrows(io.gio.cluster.spi.ClusterException.class, () -> driver.vmIds(UUID.randomUUID()));
    }

    @Test
    void aTransientDomainIsNotRebootedByAShutdownWhichWouldEndIt() throws Exception {
        UUID id = UUID.randomUUID();
        Lv.free(libvirt.admin().domainCreateXML("<domain type='test'><name>transient-" + id.toString().substring(0, 8)
                + "</name><uuid>" + id + "</uuid><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>", 0));
        io.gio.cluster.spi.ClusterException e = assertThrows(io.gio.cluster.spi.ClusterException.class,
                () -> driver.power(id, io.gio.cluster.spi.PowerAction.REBOOT));
        assertEquals(io.gio.cluster.spi.ClusterErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("transient"), e.getMessage());
        assertEquals(PowerState.RUNNING, driver.vm(id).orElseThrow().state());
        org.libvirt.Domain d = libvirt.admin().domainLookupByUUID(id);
        d.destroy();
        Lv.free(d);
    }

    @Test
    void inventoryComesFromTheHostsPoolsAndNetworks() {
        assertEquals(List.of(TestDriverFabric.STAMP, TestDriverFabric.LEGACY), driver.stamps().stream().map(Stamp::name)
                .toList());
        assertEquals(Ids.stamp(TestDriverFabric.STAMP), stamp.id());
        assertEquals(16, driver.hosts(stamp.id()).get(0).logicalProcessors());
        assertEquals(UUID.fromString("dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"), driver.volumes(stamp.id()).get(0).id(),
                "a pool keeps its libvirt UUID");
        assertEquals("/default-pool", driver.volumes(stamp.id()).get(0).path());
        assertTrue(driver.networks(stamp.id()).stream().anyMatch(n -> n.subnet().equals("192.168.122.0/24")));
        assertEquals(1, driver.links().size(), "every two stamps are joined");
        Link link = driver.links().get(0);
        assertEquals(List.of(stamp.id(), Ids.stamp(TestDriverFabric.LEGACY)), List.of(link.fromStampId(), link.toStampId()));
        assertEquals(10_000_000_000L, link.bandwidthBitsPerSecond());
        assertTrue(driver.migrations().isEmpty(), "the test driver cannot stream volumes or copy disks");
        assertTrue(driver.seeding().isEmpty(), "a real fabric is never seeded with demo VMs");
        assertTrue(driver.faults().isEmpty());
    }

    @Test
    void disksAreVolumesAddressesAreReservationsAndBothGoWithTheVm() throws Exception {
        VmSpec spec = spec("web01");
        FabricVm vm = create(spec);
        String path = vm.disks().get(0).path();
        assertTrue(path.startsWith("/default-pool/web01_disk_1-"), path);
        assertTrue(List.of(libvirt.admin().storagePoolLookupByName("default-pool").listVolumes())
                .contains(path.substring("/default-pool/".length())));
        String ip = vm.nics().get(0).ipv4Addresses().get(0);
        assertEquals(ip, Addresses.reservations(libvirt.admin(), "default").get(vm.nics().get(0).macAddress()
                .toLowerCase(java.util.Locale.ROOT)));
        assertTrue(libvirt.admin().domainLookupByUUID(spec.id()).getName().startsWith("web01-"));

        await(driver.deleteVm(spec.id()));
        assertTrue(driver.vm(spec.id()).isEmpty());
        assertFalse(List.of(libvirt.admin().storagePoolLookupByName("default-pool").listVolumes())
                .contains(path.substring("/default-pool/".length())));
        assertFalse(Addresses.reservations(libvirt.admin(), "default").containsValue(ip));
    }

    @Test
    void aTemplateIsAConfiguredImageAndAVmFromItGetsAFullCopy() throws Exception {
        var pool = libvirt.admin().storagePoolLookupByName("default-pool");
        Lv.free(pool.storageVolCreateXML("<volume><name>centos7.vhd</name><capacity>" + 30 * GIB + "</capacity>"
                + "<allocation>" + GIB + "</allocation><target><format type='vpc'/></target></volume>", 0));
        Lv.free(pool);
        driver.close();
        driver = libvirt.driver(Map.of("template.CentOS-7", "/default-pool/centos7.vhd",
                "template.CentOS-7.os", "CentOS Linux 7 (64 bit)", "template.CentOS-7.cpu", "2",
                "template.CentOS-7.memory-mb", "4096", "template.Gone", "/default-pool/no-such.vhd"));
        stamp = driver.stamps().get(0);
        FabricTemplate t = driver.templates(stamp.id()).get(0);
        assertEquals(1, driver.templates(stamp.id()).size(), "an image no host has is not offered");
        assertEquals(List.of("CentOS-7", "CentOS Linux 7 (64 bit)", 2, 4096, DiskFormat.VHD, 30 * GIB),
                List.of(t.name(), t.osName(), t.cpuCount(), t.memoryMb(), t.format(), t.maxBytes()));
        assertEquals(List.of(), driver.templates(driver.stamps().get(1).id()), "the legacy host has no such image");

        VmSpec plain = spec("fromtemplate");
        DiskSpec d = plain.disks().get(0);
        VmSpec spec = new VmSpec(plain.id(), plain.stampId(), plain.name(), 2, 1024, List.of(new DiskSpec(d.id(),
                d.name(), d.format(), 20 * GIB, GIB, 0, Optional.empty(), true, Optional.of(t.id()))), plain.nics(), false);
        FabricVm vm = create(spec);
        assertEquals(30 * GIB, vm.disks().get(0).maxBytes(), "at least as large as the image");
        assertTrue(vm.disks().get(0).path().startsWith("/default-pool/fromtemplate_disk_1-"));

        VmSpec unknown = new VmSpec(UUID.randomUUID(), stamp.id(), "nope", 1, 512, List.of(new DiskSpec(UUID.randomUUID(),
                "nope_disk_1", DiskFormat.VHD, GIB, 0, 0, Optional.empty(), true, Optional.of(UUID.randomUUID()))),
                List.of(), false);
        assertEquals(ClusterErrorCode.NOT_FOUND, assertThrows(ClusterException.class, () -> driver.createVm(unknown)).code());
        assertEquals(ClusterErrorCode.INVALID_ARGUMENT, assertThrows(ClusterException.class,
                () -> libvirt.driver(Map.of("template.X", "relative/path.vhd"))).code());
    }

    @Test
    void qosIsWrittenIntoTheDomainAndReadBackAsAskedFor() throws Exception {
        VmSpec spec = spec("qos01");
        FabricVm vm = create(spec);
        NetworkQos network = new NetworkQos(OptionalLong.of(100_000_000), OptionalLong.of(10_000_000));
        driver.qos().orElseThrow().setNetworkQos(vm.id(), vm.nics().get(0).id(), network);
        StorageQos storage = new StorageQos(OptionalLong.of(500), OptionalLong.of(100));
        driver.qos().orElseThrow().setStorageQos(vm.id(), vm.disks().get(0).id(), storage);
        DomainDoc doc = DomainDoc.parse(libvirt.admin().domainLookupByUUID(vm.id()).getXMLDesc(VmViews.XML_INACTIVE));
        String mac = vm.nics().get(0).macAddress();
        assertEquals(OptionalLong.of((100_000_000 + 8191) / 8192), doc.bandwidth(mac, "average"));
        assertEquals(OptionalLong.empty(), doc.bandwidth(mac, "floor"), "the default network has no inbound QoS");
        assertEquals(OptionalLong.of(500), doc.iotune("vda"));
        assertEquals(network, driver.qos().orElseThrow().networkQos(vm.id(), vm.nics().get(0).id()));
        assertEquals(storage, driver.qos().orElseThrow().storageQos(vm.id(), vm.disks().get(0).id()));
        driver.qos().orElseThrow().setStorageQos(vm.id(), vm.disks().get(0).id(), StorageQos.none());
        doc = DomainDoc.parse(libvirt.admin().domainLookupByUUID(vm.id()).getXMLDesc(VmViews.XML_INACTIVE));
        assertEquals(OptionalLong.empty(), doc.iotune("vda"));
    }

    @Test
    void aRunningVmsScreenshotIsTheConsoleFrameAsPng() throws Exception {
        Screenshot shot = driver.screenshots().orElseThrow().capture(TEST_DOMAIN, "ignored");
        assertNotNull(ImageIO.read(new ByteArrayInputStream(shot.png())));
        assertTrue(shot.width() > 0 && shot.height() > 0);
    }

    @Test
    void aVhdxDiskIsRefusedBecauseLibvirtCannotAttachIt() {
        VmSpec spec = spec("vhdx01");
        DiskSpec d = spec.disks().get(0);
        VmSpec vhdx = new VmSpec(spec.id(), spec.stampId(), spec.name(), 1, 512, List.of(new DiskSpec(d.id(), d.name(),
                DiskFormat.VHDX, d.maxBytes(), 0, 0, Optional.empty(), true)), spec.nics(), false);
        ClusterException e = assertThrows(ClusterException.class, () -> driver.createVm(vhdx));
        assertEquals(ClusterErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("VHDX"), e.getMessage());
    }

    @Test
    void anUnreachableHostFailsTheDriverNamingIt() {
        ClusterException e = assertThrows(ClusterException.class,
                () -> libvirt.driver(Map.of("stamps", "X=test:///no/such/file.xml")));
        assertTrue(e.getMessage().contains("test:///no/such/file.xml"), e.getMessage());
    }

    private VmSpec spec(String name) {
        UUID network = driver.networks(stamp.id()).stream().filter(n -> n.name().equals("default")).findFirst()
                .orElseThrow().id();
        return new VmSpec(UUID.randomUUID(), stamp.id(), name, 1, 512,
                List.of(new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD, 20 * GIB, 0, 0,
                        Optional.empty(), true)),
                List.of(new NicSpec(UUID.randomUUID(), network)), false);
    }

    private FabricVm create(VmSpec spec) {
        await(driver.createVm(spec));
        return driver.vm(spec.id()).orElseThrow();
    }

    private FabricOperation await(FabricOperation op) {
        FabricOperation current = op;
        for (int i = 0; i < 500 && !current.state().isFinal(); i++) {
            sleep(10);
            current = driver.operation(op.id());
        }
        assertEquals(OperationState.SUCCEEDED, current.state(), () -> String.valueOf(driver.operation(op.id())));
        return current;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
