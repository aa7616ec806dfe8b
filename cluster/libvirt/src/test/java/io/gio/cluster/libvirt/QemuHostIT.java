package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.ConsoleSupport;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.NetworkQos;
import io.gio.cluster.spi.FabricCheckpoint;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Screenshot;
import io.gio.cluster.spi.StorageQos;
import io.gio.cluster.spi.VmHardware;
import io.gio.cluster.spi.VmSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The libvirt driver against a real libvirt daemon with QEMU (KVM when the host has it, TCG
 * otherwise): tiny VMs with blank disks the tests create (the firmware finds nothing to boot and
 * waits, which is all a power cycle, a screenshot or a snapshot needs). Skipped, with the reason
 * printed, where no daemon runs.
 */
@ExtendWith(PrintSkips.class)
class QemuHostIT extends QemuFixture {

    @Test
    void aVmGoesThroughEveryPowerStateOnQemu() {
        FabricVm vm = create("life", true);
        assertEquals(PowerState.RUNNING, vm.state());
        assertEquals(PowerState.PAUSED, power(vm, PowerAction.PAUSE));
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.RESUME));
        ClusterException save = org.junit.jupiter.api.Assertions.assertThrows(ClusterException.class,
                () -> driver.power(vm.id(), PowerAction.SAVE));
        assertEquals(ClusterErrorCode.UNSUPPORTED, save.code(), "QEMU's vpc driver blocks migration: " + save);
        assertEquals(PowerState.RUNNING, driver.vm(vm.id()).orElseThrow().state());
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.RESET));
        FabricOperation shutdown = awaitEnd(driver.power(vm.id(), PowerAction.SHUTDOWN));
        assertEquals(OperationState.FAILED, shutdown.state(), "firmware without an OS ignores the ACPI button");
        assertTrue(shutdown.error().orElseThrow().getMessage().contains("did not shut down"));
        assertEquals(PowerState.RUNNING, driver.vm(vm.id()).orElseThrow().state());
        FabricOperation reboot = awaitEnd(driver.power(vm.id(), PowerAction.REBOOT));
        assertEquals(OperationState.FAILED, reboot.state(), "a reboot starts with the guest's own shutdown");
        assertTrue(reboot.error().orElseThrow().getMessage().contains("did not shut down"));
        assertEquals(PowerState.RUNNING, driver.vm(vm.id()).orElseThrow().state(), "and the VM keeps running");
        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        await(driver.reconfigure(vm.id(), VmHardware.fixed(2, 128)));
        assertEquals(VmHardware.fixed(2, 128), driver.vm(vm.id()).orElseThrow().hardware());
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.START), "the new size boots");
        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        Path disk = Path.of(vm.disks().get(0).path());
        assertTrue(Files.exists(disk));
        await(driver.deleteVm(vm.id()));
        assertTrue(driver.vm(vm.id()).isEmpty());
        assertFalse(Files.exists(disk), "the disk goes with the VM");
    }

    @Test
    void qosReachesTheRunningDomainAtOnce() throws Exception {
        FabricVm vm = create("qos", true);
        var qos = driver.qos().orElseThrow();
        qos.setStorageQos(vm.id(), vm.disks().get(0).id(), new StorageQos(OptionalLong.of(500), OptionalLong.empty()));
        DomainDoc live = DomainDoc.parse(host.admin.domainLookupByUUID(vm.id()).getXMLDesc(0));
        assertEquals(OptionalLong.of(500), live.iotune("vda"), "virDomainSetBlockIoTune on the running domain");
        if (!vm.nics().isEmpty()) {
            String mac = vm.nics().get(0).macAddress();
            NetworkQos limit = new NetworkQos(OptionalLong.of(81_920_000), OptionalLong.empty());
            try {
                qos.setNetworkQos(vm.id(), vm.nics().get(0).id(), limit);
                live = DomainDoc.parse(host.admin.domainLookupByUUID(vm.id()).getXMLDesc(0));
                assertEquals(OptionalLong.of(10_000), live.bandwidth(mac, "average"),
                        "virDomainUpdateDeviceFlags on the running domain");
            } catch (ClusterException e) {
                // A host whose kernel cannot shape traffic (no sfq qdisc, as in some containers): the
                // call fails and the configuration is put back, so the VM still starts.
                System.out.println("QemuHostIT: this host cannot shape traffic: " + e.getMessage());
                assertEquals(ClusterErrorCode.FABRIC_FAILURE, e.code());
                DomainDoc config = DomainDoc.parse(host.admin.domainLookupByUUID(vm.id())
                        .getXMLDesc(VmViews.XML_INACTIVE));
                assertEquals(OptionalLong.empty(), config.bandwidth(mac, "average"));
                assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), vm.nics().get(0).id()));
                assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
                assertEquals(PowerState.RUNNING, power(vm, PowerAction.START), "the VM still starts");
            }
        }
        qos.setStorageQos(vm.id(), vm.disks().get(0).id(), StorageQos.none());
        live = DomainDoc.parse(host.admin.domainLookupByUUID(vm.id()).getXMLDesc(0));
        assertEquals(OptionalLong.empty(), live.iotune("vda"));
    }

    @Test
    void theScreenshotIsTheRunningConsoleAndADarkScreenWhenOff() throws Exception {
        FabricVm vm = create("shot", true);
        Thread.sleep(1500); // let the firmware draw
        Screenshot on = driver.screenshots().orElseThrow().capture(vm.id(), "none");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(on.png()));
        assertNotNull(image);
        assertEquals(on.width(), image.getWidth());
        assertTrue(lit(image), "the firmware's text is on the console");
        power(vm, PowerAction.TURN_OFF);
        Screenshot off = driver.screenshots().orElseThrow().capture(vm.id(), "none");
        assertEquals(640, off.width());
    }

    @Test
    void theConsoleIsTheRunningDomainsVncDisplay() throws Exception {
        FabricVm vm = create("vnc", true);
        try (ConsoleSupport.Channel channel = driver.consoles().orElseThrow().open(vm.id(), "")) {
            java.io.DataInputStream in = new java.io.DataInputStream(channel.input());
            byte[] version = new byte[12];
            in.readFully(version);
            assertEquals("RFB 003.008\n", new String(version, java.nio.charset.StandardCharsets.US_ASCII));
            channel.output().write(version);
            channel.output().flush();
            int types = in.readUnsignedByte();
            assertTrue(types > 0, "QEMU offers a security type");
        }
        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        ClusterException off = org.junit.jupiter.api.Assertions.assertThrows(ClusterException.class,
                () -> driver.consoles().orElseThrow().open(vm.id(), ""));
        assertEquals(ClusterErrorCode.INVALID_STATE, off.code());
    }

    @Test
    void aQcow2VmDefinedOutsideTheGatewayIsSavedAndRestored() throws Exception {
        UUID id = qcow2Vm();
        assertEquals(PowerState.STOPPED, driver.vm(id).orElseThrow().state());
        FabricVm vm = driver.vm(id).orElseThrow();
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.START));
        assertEquals(PowerState.SAVED, power(vm, PowerAction.SAVE));
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.START), "a saved VM restores its memory");
        assertEquals(PowerState.PAUSED, power(vm, PowerAction.PAUSE));
        assertEquals(PowerState.SAVED, power(vm, PowerAction.SAVE));
        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF), "turning off drops the saved state");
    }

    @Test
    void revertingACheckpointRestoresTheDiskAndThePowerState() throws Exception {
        assumeTrue(QemuHost.has("qemu-io"), "qemu-io (qemu-utils) is not installed");
        UUID id = qcow2Vm();
        Path disk = Path.of(driver.vm(id).orElseThrow().disks().get(0).path());
        CheckpointSupport checkpoints = driver.checkpoints().orElseThrow();
        assertEquals(0, write(disk, "0xaa"));
        UUID before = UUID.randomUUID();
        await(checkpoints.create(id, before, "before"));
        assertEquals(0, write(disk, "0xbb"));
        assertEquals(0, read(disk, "0xbb"));
        await(checkpoints.restore(id, before));
        assertEquals(0, read(disk, "0xaa"), "the disk is back as it was at the checkpoint");
        assertEquals(PowerState.STOPPED, driver.vm(id).orElseThrow().state());

        assertEquals(PowerState.RUNNING, power(driver.vm(id).orElseThrow(), PowerAction.START));
        UUID running = UUID.randomUUID();
        await(checkpoints.create(id, running, "running"));
        assertEquals(PowerState.STOPPED, power(driver.vm(id).orElseThrow(), PowerAction.TURN_OFF));
        await(checkpoints.restore(id, running));
        assertEquals(PowerState.RUNNING, driver.vm(id).orElseThrow().state(), "the memory state comes back");
        assertEquals(List.of(before, running), checkpoints.list(id).stream().map(c -> c.id()).toList());
        assertEquals(Optional.of(before), checkpoints.list(id).get(1).parentId());
    }

    @Test
    void aVmWithVhdDisksGetsCheckpointsAsDifferencingFiles() throws Exception {
        assumeTrue(QemuHost.has("qemu-io") && QemuHost.has("qemu-img"), "qemu-io and qemu-img (qemu-utils) are needed");
        FabricVm vm = create("vhdcp", false);
        UUID id = vm.id();
        String vhd = vm.disks().get(0).path();
        String prefix = Path.of(vhd).getFileName().toString();
        CheckpointSupport checkpoints = driver.checkpoints().orElseThrow();
        assertEquals(0, io(vhd, "vpc", "write -P 0xaa 0 1M"));

        UUID stopped = UUID.randomUUID();
        await(checkpoints.create(id, stopped, "stopped"));
        FabricDisk disk = driver.vm(id).orElseThrow().disks().get(0);
        assertTrue(disk.path().startsWith(vhd + ExternalCheckpoints.MARK) && disk.path().endsWith(".qcow2"), disk.path());
        assertEquals(DiskFormat.VHD, disk.format(), "shown as the VHD it differs from, as Hyper-V shows an AVHD's disk");
        assertEquals(vm.disks().get(0).maxBytes(), disk.maxBytes());
        assertEquals(0, io(disk.path(), "qcow2", "write -P 0xbb 0 1M"));
        assertEquals(0, io(vhd, "vpc", "read -P 0xaa 0 1M"), "the VHD is frozen under the differencing file");

        await(checkpoints.restore(id, stopped));
        FabricVm back = driver.vm(id).orElseThrow();
        assertEquals(PowerState.STOPPED, back.state());
        assertEquals(0, io(back.disks().get(0).path(), "qcow2", "read -P 0xaa 0 1M"), "back to the checkpoint");

        assertEquals(PowerState.RUNNING, power(back, PowerAction.START));
        UUID running = UUID.randomUUID();
        await(checkpoints.create(id, running, "running"));
        String atRunning = driver.vm(id).orElseThrow().disks().get(0).path();
        assertEquals(PowerState.STOPPED, power(driver.vm(id).orElseThrow(), PowerAction.TURN_OFF));
        assertEquals(0, io(atRunning, "qcow2", "write -P 0xcc 0 1M"));
        await(checkpoints.restore(id, running));
        FabricVm restarted = driver.vm(id).orElseThrow();
        assertEquals(PowerState.RUNNING, restarted.state(), "taken while running, it runs again (from its disks)");
        assertEquals(0, io(restarted.disks().get(0).path(), "qcow2", "-r -U read -P 0xaa 0 1M"));
        List<FabricCheckpoint> list = checkpoints.list(id);
        assertEquals(List.of(stopped, running), list.stream().map(FabricCheckpoint::id).toList());
        assertEquals(Optional.of(stopped), list.get(1).parentId());
        assertTrue(list.get(1).current());
        ClusterException save = org.junit.jupiter.api.Assertions.assertThrows(ClusterException.class,
                () -> driver.power(id, PowerAction.SAVE));
        assertTrue(save.getMessage().contains("differencing"), save.getMessage());

        assertEquals(PowerState.STOPPED, power(restarted, PowerAction.TURN_OFF));
        await(checkpoints.delete(id, stopped));
        assertEquals(List.of(running), checkpoints.list(id).stream().map(FabricCheckpoint::id).toList());
        assertEquals(0, io(driver.vm(id).orElseThrow().disks().get(0).path(), "qcow2", "read -P 0xaa 0 1M"));
        await(checkpoints.delete(id, running));
        FabricDisk flat = driver.vm(id).orElseThrow().disks().get(0);
        assertFalse(flat.path().contains(ExternalCheckpoints.MARK), "without checkpoints the disk is one VHD again: "
                + flat.path());
        assertEquals(0, io(flat.path(), "vpc", "read -P 0xaa 0 1M"), "holding what the chain held");
        try (var files = Files.list(host.poolDir)) {
            assertEquals(List.of(Path.of(flat.path()).getFileName().toString()), files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith(prefix.substring(0, prefix.lastIndexOf('.')))).toList(),
                    "no differencing file is left");
        }
        assertEquals(PowerState.RUNNING, power(driver.vm(id).orElseThrow(), PowerAction.START), "QEMU opens it");
        assertEquals(PowerState.STOPPED, power(driver.vm(id).orElseThrow(), PowerAction.TURN_OFF));

        // a checkpoint again, and the VM's deletion takes every file with it
        await(checkpoints.create(id, UUID.randomUUID(), "last"));
        await(driver.deleteVm(id));
        try (var files = Files.list(host.poolDir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith(prefix.substring(0, prefix.lastIndexOf('.')))).toList());
        }
    }

    @Test
    void deletingTheOnlyCheckpointOfARunningVmMergesItIntoTheVhd() throws Exception {
        assumeTrue(QemuHost.has("qemu-img"), "qemu-img (qemu-utils) is needed");
        FabricVm vm = create("vhdmerge", true);
        String vhd = vm.disks().get(0).path();
        CheckpointSupport checkpoints = driver.checkpoints().orElseThrow();
        UUID cp = UUID.randomUUID();
        await(checkpoints.create(vm.id(), cp, "while running"));
        assertTrue(driver.vm(vm.id()).orElseThrow().disks().get(0).path().contains(ExternalCheckpoints.MARK));
        await(checkpoints.delete(vm.id(), cp));
        FabricVm after = driver.vm(vm.id()).orElseThrow();
        assertEquals(PowerState.RUNNING, after.state(), "the guest ran on through the merge");
        assertEquals(vhd, after.disks().get(0).path(), "libvirt merged the differencing file into the VHD");
        assertEquals(List.of(), checkpoints.list(vm.id()));
        assertEquals(PowerState.STOPPED, power(after, PowerAction.TURN_OFF));
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "info", "-f", "vpc", vhd), () -> out[0]); // a VHD QEMU opens
    }

    @Test
    void theDriversDisksAreRealVhds() throws Exception {
        assumeTrue(QemuHost.has("qemu-img"), "qemu-img (qemu-utils) is needed");
        FabricVm vm = create("vhd", false);
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "info", "--output=json", vm.disks().get(0).path()), out[0]);
        assertTrue(out[0].contains("\"format\": \"vpc\""), out[0]);
        assertEquals(DiskFormat.VHD, vm.disks().get(0).format());
    }

    @Test
    void aDomainWithAVhdxDiskIsShownWithTheSizeItsGuestSeesAndRuns() throws Exception {
        assumeTrue(QemuHost.has("qemu-img") && QemuHost.has("qemu-io"), "qemu-img and qemu-io (qemu-utils) are needed");
        UUID id = UUID.randomUUID();
        Path disk = host.poolDir.resolve("x-" + id.toString().substring(0, 8) + ".vhdx");
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "create", "-f", "vhdx", disk.toString(), "40M"), () -> out[0]);
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vhdx", "-c", "write -P 0x2e 0 1M", disk.toString()),
                () -> out[0]);
        var pool = host.admin.storagePoolLookupByName(host.tag);
        pool.refresh(0);
        Lv.free(pool);
        defineDirectly(id, "x", disk, "vhd");
        FabricVm vm = driver.vm(id).orElseThrow();
        assertEquals(DiskFormat.VHDX, vm.disks().get(0).format(), "libvirt's vhd is QEMU's vhdx");
        assertEquals(40 * MIB, vm.disks().get(0).maxBytes(), "read from the VHDX, not the file's size");
        assertEquals(host.poolId(), vm.disks().get(0).volumeId());
        String digest = driver.migrations().orElseThrow().contentDigest(id);
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.START), "QEMU opens it");
        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        assertEquals(digest, driver.migrations().orElseThrow().contentDigest(id), "an OS-less boot writes nothing");
        ClusterException save = org.junit.jupiter.api.Assertions.assertThrows(ClusterException.class,
                () -> driver.checkpoints().orElseThrow().create(id, UUID.randomUUID(), "x"));
        assertTrue(save.getMessage().contains("is VHDX"), save.getMessage());
    }

    @Test
    void aStoppedVmsVhdAndVhdxDisksGrowInPlaceAndTheGuestSeesTheNewSize() throws Exception {
        assumeTrue(QemuHost.has("qemu-img") && QemuHost.has("qemu-io"), "qemu-img and qemu-io (qemu-utils) are needed");
        FabricVm vm = create("grow", false);
        FabricDisk vhd = vm.disks().get(0);
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vpc", "-c", "write -P 0x3c 0 1M", vhd.path()), () -> out[0]);
        Path before = Files.copy(Path.of(vhd.path()), host.poolDir.getParent().resolve(host.tag + "-before.vhd"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            long wanted = vhd.maxBytes() + 256 * MIB;
            await(driver.expandDisk(vm.id(), vhd.id(), wanted));
            FabricDisk grown = driver.vm(vm.id()).orElseThrow().disks().get(0);
            assertEquals(vhd.path(), grown.path(), "in place");
            assertTrue(grown.maxBytes() >= wanted && grown.maxBytes() < wanted + MIB, grown.toString());
            var vol = host.admin.storageVolLookupByPath(grown.path());
            try {
                assertEquals(grown.maxBytes(), vol.getInfo().capacity, "libvirt's storage reads the new size too");
            } finally {
                Lv.free(vol);
            }
            assertEquals(0, QemuHost.run(out, "qemu-img", "compare", "-f", "vpc", "-F", "vpc", before.toString(),
                    grown.path()), () -> "the content stays, the new space is zeros: " + out[0]);
            assertEquals(grown.maxBytes(), capacitySeenRunning(vm, grown));
        } finally {
            Files.deleteIfExists(before);
        }

        UUID id = UUID.randomUUID();
        Path vhdx = host.poolDir.resolve("g-" + id.toString().substring(0, 8) + ".vhdx");
        assertEquals(0, QemuHost.run(out, "qemu-img", "create", "-f", "vhdx", vhdx.toString(), "40M"), () -> out[0]);
        var pool = host.admin.storagePoolLookupByName(host.tag);
        pool.refresh(0);
        Lv.free(pool);
        defineDirectly(id, "g", vhdx, "vhd");
        FabricVm adopted = driver.vm(id).orElseThrow();
        await(driver.expandDisk(id, adopted.disks().get(0).id(), 1L << 30));
        assertEquals(1L << 30, driver.vm(id).orElseThrow().disks().get(0).maxBytes());
        assertEquals(0, QemuHost.run(out, "qemu-img", "check", "-f", "vhdx", vhdx.toString()), () -> out[0]);
        assertEquals(1L << 30, capacitySeenRunning(adopted, driver.vm(id).orElseThrow().disks().get(0)));

        UUID q = qcow2Vm();
        FabricVm qcow2 = driver.vm(q).orElseThrow();
        await(driver.expandDisk(q, qcow2.disks().get(0).id(), 256 * MIB));
        FabricDisk resized = driver.vm(q).orElseThrow().disks().get(0);
        assertEquals(256 * MIB, resized.maxBytes(), "another format grows with libvirt's volume resize");
        assertEquals(0, QemuHost.run(out, "qemu-img", "check", "-f", "qcow2", resized.path()), () -> out[0]);
        assertEquals(256 * MIB, capacitySeenRunning(qcow2, resized));
    }

    /** The size of a disk as the started domain's QEMU reports it; the VM is turned off again. */
    private long capacitySeenRunning(FabricVm vm, FabricDisk disk) throws Exception {
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.START), "QEMU opens the grown disk");
        var d = host.admin.domainLookupByUUID(vm.id());
        try {
            return d.blockInfo(disk.path()).getCapacity();
        } finally {
            Lv.free(d);
            assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        }
    }

    /** A domain with a qcow2 disk, defined directly in libvirt (not through the gateway). */
    private UUID qcow2Vm() throws Exception {
        UUID id = UUID.randomUUID();
        Path disk = host.poolDir.resolve("q-" + id.toString().substring(0, 8) + ".qcow2");
        var pool = host.admin.storagePoolLookupByName(host.tag);
        Lv.free(pool.storageVolCreateXML("<volume><name>" + disk.getFileName() + "</name><capacity>" + 64 * MIB
                + "</capacity><target><format type='qcow2'/></target></volume>", 0));
        Lv.free(pool);
        return defineDirectly(id, "q", disk, "qcow2");
    }

    /** Defines a domain with one disk of libvirt format {@code type} directly in libvirt (not through the gateway). */
    private UUID defineDirectly(UUID id, String prefix, Path disk, String type) throws Exception {
        Lv.free(host.admin.domainDefineXML("<domain type='" + (host.kvm ? "kvm" : "qemu") + "'><name>" + host.tag
                + "-" + prefix + "-" + id.toString().substring(0, 8) + "</name><uuid>" + id + "</uuid>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='" + type + "'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/></disk><graphics type='vnc' autoport='yes' listen='127.0.0.1'/>"
                + "</devices></domain>"));
        created.add(id);
        return id;
    }

    /** Runs a qemu-io command ({@code -r -U ...} reads a file a running QEMU holds) on a disk file; 0 when it succeeded. */
    private static int io(String file, String format, String command) throws Exception {
        String[] out = new String[1];
        List<String> args = new java.util.ArrayList<>(List.of("qemu-io", "-f", format));
        String c = command;
        while (c.startsWith("-")) {
            args.add(c.substring(0, 2));
            c = c.substring(3);
        }
        args.addAll(List.of("-c", c, file));
        int code = QemuHost.run(out, args.toArray(String[]::new));
        return code == 0 && !out[0].contains("Pattern verification failed") && !out[0].contains("failed") ? 0 : 1;
    }

    private static int write(Path disk, String pattern) throws Exception {
        return QemuHost.run(null, "qemu-io", "-f", "qcow2", "-c", "write -P " + pattern + " 0 1M", disk.toString());
    }

    private static int read(Path disk, String pattern) throws Exception {
        String[] out = new String[1];
        int code = QemuHost.run(out, "qemu-io", "-f", "qcow2", "-c", "read -P " + pattern + " 0 1M", disk.toString());
        return code == 0 && !out[0].contains("Pattern verification failed") ? 0 : 1;
    }

    private static boolean lit(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255) > 300) {
                    return true;
                }
            }
        }
        return false;
    }
}
