package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import io.gio.cluster.spi.DiskFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The libvirt driver's migration primitives on a real QEMU host, between the host's two storage
 * pools: a cold copy streamed at a rate and imported, a running VM's disks mirrored by QEMU and
 * switched after its stop, and a rollback that leaves the source as it was. Content is checked
 * two ways: the driver's content digest, and QEMU's own {@code qemu-img compare}.
 */
class QemuMigrationIT extends QemuFixture {

    private MigrationSupport migrations;

    @BeforeEach
    void needsTools() {
        assumeTrue(QemuHost.has("qemu-img") && QemuHost.has("qemu-io"), "qemu-img and qemu-io (qemu-utils) are needed");
        migrations = driver.migrations().orElseThrow();
    }

    @Test
    void aStoppedVmIsStreamedToAnotherPoolAtItsRateAndImportedWithTheSameContent() throws Exception {
        FabricVm vm = create("cold", false);
        write(vm, "0x5a", "1M 3M");
        String before = migrations.contentDigest(vm.id());
        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), 2 * MIB));
        assertEquals(2 * MIB, t.bytesPerSecond());
        assertTrue(t.bytesTotal() >= 3 * MIB, "the file's bytes: " + t.bytesTotal());
        Transfer done = awaitTransfer(t);
        assertEquals(OperationState.SUCCEEDED, done.state(), () -> "" + done.error());
        assertTrue(java.time.Duration.between(done.started(), done.ended().orElseThrow()).toMillis() >= 1000,
                "3 MiB at 2 MiB/s take over a second");
        assertEquals(before, done.contentDigest(), "the digest of what was copied");

        UUID id = UUID.randomUUID();
        created.add(id);
        await(migrations.importVm(new ImportSpec(id, vm.stampId(), host.tag + "-cold2", 1, 64, t.id(), List.of())));
        FabricVm imported = driver.vm(id).orElseThrow();
        assertEquals(PowerState.STOPPED, imported.state());
        Path copy = Path.of(imported.disks().get(0).path());
        assertEquals(host.poolDirB, copy.getParent(), "on the target pool");
        assertEquals(before, migrations.contentDigest(id));
        assertEquals(0, compare(vm, copy), "qemu-img compare: identical");
        assertEquals(PowerState.STOPPED, driver.vm(vm.id()).orElseThrow().state(), "the source is left as it was");
        assertEquals(before, migrations.contentDigest(vm.id()));
        assertEquals(PowerState.RUNNING, power(imported, PowerAction.START), "the imported VM boots");
        assertThrowsCode(() -> migrations.importVm(new ImportSpec(UUID.randomUUID(), vm.stampId(), "again", 1, 64,
                t.id(), List.of())), "its data became the imported VM's");
    }

    @Test
    void aRunningVmsDisksAreMirroredWhileItRunsAndTheCopyIsCheckedAfterTheStop() throws Exception {
        FabricVm vm = runningWith("live", "0xa7");
        Transfer base = awaitTransfer(migrations.startTransfer(spec(vm, TransferKind.BASE, Optional.empty(), 64 * MIB)));
        assertEquals(OperationState.SUCCEEDED, base.state(), () -> "" + base.error());
        assertEquals(PowerState.RUNNING, driver.vm(vm.id()).orElseThrow().state(), "the guest kept running");
        Transfer running = awaitTransfer(migrations.startTransfer(spec(vm, TransferKind.DELTA, Optional.of(base.id()),
                64 * MIB)));
        assertEquals(OperationState.SUCCEEDED, running.state(), "the mirror is in sync: nothing to copy");
        assertEquals(0, running.bytesTotal());

        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        LibvirtDriverTest.sleep(600); // the mirror is seen to end with the VM
        Transfer last = awaitTransfer(migrations.startTransfer(spec(vm, TransferKind.DELTA, Optional.of(running.id()),
                64 * MIB)));
        assertEquals(OperationState.SUCCEEDED, last.state(), () -> "" + last.error());
        assertEquals(migrations.contentDigest(vm.id()), last.contentDigest());

        UUID id = UUID.randomUUID();
        created.add(id);
        await(migrations.importVm(new ImportSpec(id, vm.stampId(), host.tag + "-live2", 1, 64, last.id(), List.of())));
        FabricVm imported = driver.vm(id).orElseThrow();
        assertEquals(last.contentDigest(), migrations.contentDigest(id));
        assertEquals(0, compare(vm, Path.of(imported.disks().get(0).path())), "qemu-img compare: identical");
        assertEquals(host.poolDirB, Path.of(imported.disks().get(0).path()).getParent());
    }

    @Test
    void discardingAMirrorOrACopyLeavesTheSourceAsItWasAndTheTargetPoolEmpty() throws Exception {
        FabricVm stopped = create("back", false);
        write(stopped, "0x3c", "0 4M");
        String before = migrations.contentDigest(stopped.id());
        Transfer slow = migrations.startTransfer(spec(stopped, TransferKind.FULL, Optional.empty(), MIB / 2));
        LibvirtDriverTest.sleep(1500);
        Transfer moving = migrations.transfer(slow.id());
        assertEquals(OperationState.RUNNING, moving.state());
        assertTrue(moving.bytesDone() > 0 && moving.bytesDone() < moving.bytesTotal(), "part copied: " + moving);
        assertEquals(4 * MIB, migrations.throttle(slow.id(), 4 * MIB).bytesPerSecond());
        migrations.discard(slow.id());
        assertEquals(OperationState.FAILED, migrations.transfer(slow.id()).state());
        assertEquals(List.of(), volumesOfPoolB());

        assertEquals(PowerState.RUNNING, power(stopped, PowerAction.START));
        FabricVm vm = driver.vm(stopped.id()).orElseThrow();
        Transfer base = awaitTransfer(migrations.startTransfer(spec(vm, TransferKind.BASE, Optional.empty(), 64 * MIB)));
        assertEquals(OperationState.SUCCEEDED, base.state(), () -> "" + base.error());
        assertFalse(volumesOfPoolB().isEmpty());
        migrations.discard(base.id());
        assertEquals(List.of(), volumesOfPoolB(), "the copy is gone");
        FabricVm after = driver.vm(vm.id()).orElseThrow();
        assertEquals(PowerState.RUNNING, after.state(), "the guest never stopped");
        assertEquals(vm.disks(), after.disks(), "on its own disks");
        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        assertEquals(before, migrations.contentDigest(vm.id()), "with its content");
        write(vm, "0x01", "0 512");
        assertNotEquals(before, migrations.contentDigest(vm.id()), "a changed sector changes the digest");
    }

    @Test
    void aStoppedVmsVhdIsStreamedThenConvertedToVhdxByQemuAndImportedWithTheSameContent() throws Exception {
        FabricVm vm = create("tovhdx", false);
        write(vm, "0x5a", "1M 3M");
        write(vm, "0x6b", "60M 64k");
        String before = migrations.contentDigest(vm.id());
        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), 64 * MIB, DiskFormat.VHDX));
        List<Transfer> seen = new java.util.ArrayList<>();
        Transfer done = awaitTransfer(t, seen::add);
        assertEquals(OperationState.SUCCEEDED, done.state(), () -> "" + done.error());
        assertFalse(done.converting());
        seen.stream().filter(Transfer::converting).forEach(v -> assertEquals(v.bytesTotal(), v.bytesDone(),
                "the copy is done while it converts"));
        assertEquals(before, done.contentDigest(), "the digest of what was copied");
        List<String> inPoolB = volumesOfPoolB();
        assertEquals(1, inPoolB.size(), "the staged VHD is gone: " + inPoolB);
        assertTrue(inPoolB.get(0).endsWith(".vhdx"), inPoolB.get(0));

        UUID id = UUID.randomUUID();
        created.add(id);
        await(migrations.importVm(new ImportSpec(id, vm.stampId(), host.tag + "-vhdx2", 1, 64, t.id(), List.of())));
        FabricVm imported = driver.vm(id).orElseThrow();
        FabricDisk disk = imported.disks().get(0);
        assertEquals(DiskFormat.VHDX, disk.format());
        assertTrue(disk.path().endsWith(".vhdx"), disk.path());
        assertEquals(vm.disks().get(0).maxBytes(), disk.maxBytes(), "the size the guest sees, not the file's");
        assertEquals(host.poolBId(), disk.volumeId(), "a volume of the target pool");
        assertEquals("vhdx", format(Path.of(disk.path())), "QEMU reads a VHDX");
        assertEquals(0, QemuHost.run(null, "qemu-img", "compare", "-f", "vpc", "-F", "vhdx", vm.disks().get(0).path(),
                disk.path()), "qemu-img compare: identical");
        assertEquals(before, migrations.contentDigest(id));
        assertEquals(PowerState.RUNNING, power(imported, PowerAction.START), "the imported VM boots from its VHDX");
        assertEquals(PowerState.STOPPED, driver.vm(vm.id()).orElseThrow().state(), "the source is left as it was");
    }

    @Test
    void aConversionIsReportedWhileItRunsAndADiscardThenStopsItLeavingNothing() throws Exception {
        io.gio.cluster.spi.VmSpec spec = new io.gio.cluster.spi.VmSpec(UUID.randomUUID(), driver.stamps().get(0).id(),
                host.tag + "-bigconv", 1, 64, List.of(new io.gio.cluster.spi.DiskSpec(UUID.randomUUID(), "big_disk_1",
                        DiskFormat.VHD, 1024 * MIB, 0, 0, Optional.of(host.poolId()), true)), List.of(), false);
        created.add(spec.id());
        await(driver.createVm(spec));
        FabricVm vm = driver.vm(spec.id()).orElseThrow();
        write(vm, "0x77", "0 1M");
        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), 256 * MIB, DiskFormat.VHDX));
        Transfer converting = t;
        for (int i = 0; i < 400 && !converting.converting() && !converting.state().isFinal(); i++) {
            LibvirtDriverTest.sleep(25);
            converting = migrations.transfer(t.id());
        }
        assertTrue(converting.converting(), "QEMU writes 1 GiB of VHDX, which takes a while: " + converting);
        assertEquals(OperationState.RUNNING, converting.state());
        assertEquals(converting.bytesTotal(), converting.bytesDone(), "the copy itself is done");
        assertTrue(converting.estimatedEnd().isAfter(java.time.Instant.now().minusSeconds(1)), "the conversion is "
                + "still ahead in the estimate");
        for (int i = 0; i < 100 && !vhdxInPoolB(); i++) {
            LibvirtDriverTest.sleep(25);
        }
        assertTrue(vhdxInPoolB(), "QEMU writes the VHDX");
        LibvirtDriverTest.sleep(200);
        assertEquals(1, helpers(), "a paused helper domain converts");
        assertTrue(migrations.transfer(t.id()).converting(), "still converting");
        migrations.discard(t.id());
        Transfer discarded = awaitTransfer(t);
        assertEquals(OperationState.FAILED, discarded.state());
        assertEquals(0, helpers(), "the helper is gone");
        LibvirtDriverTest.sleep(500); // the worker sees the discard and stops polling
        assertEquals(List.of(), volumesOfPoolB(), "neither the staged VHD nor the VHDX is left");
    }

    private static boolean vhdxInPoolB() throws Exception {
        try (var files = Files.list(host.poolDirB)) {
            return files.anyMatch(f -> f.toString().endsWith(".vhdx"));
        }
    }

    /** How many conversion helper domains run on the host. */
    private static int helpers() throws Exception {
        int n = 0;
        for (int id : host.admin.listDomains()) {
            org.libvirt.Domain d = host.admin.domainLookupByID(id);
            try {
                n += VmViews.doc(d).meta().converting.isPresent() ? 1 : 0;
            } finally {
                Lv.free(d);
            }
        }
        return n;
    }

    @Test
    void aRunningVmsVhdIsMirroredIntoAVhdxAndADiscardLeavesNothing() throws Exception {
        FabricVm vm = runningWith("mirvhdx", "0xc3");
        Transfer dropped = awaitTransfer(migrations.startTransfer(spec(vm, TransferKind.BASE, Optional.empty(),
                64 * MIB, DiskFormat.VHDX)), x -> { });
        assertEquals(OperationState.SUCCEEDED, dropped.state(), () -> "" + dropped.error());
        migrations.discard(dropped.id());
        assertEquals(List.of(), volumesOfPoolB(), "the VHDX QEMU was writing is gone");

        Transfer base = awaitTransfer(migrations.startTransfer(spec(vm, TransferKind.BASE, Optional.empty(), 64 * MIB,
                DiskFormat.VHDX)), x -> { });
        assertEquals(OperationState.SUCCEEDED, base.state(), () -> "" + base.error());
        assertEquals(PowerState.RUNNING, driver.vm(vm.id()).orElseThrow().state(), "the guest kept running");
        assertEquals(PowerState.STOPPED, power(vm, PowerAction.TURN_OFF));
        LibvirtDriverTest.sleep(600); // the mirror is seen to end with the VM
        Transfer last = awaitTransfer(migrations.startTransfer(new TransferSpec(UUID.randomUUID(), vm.id(),
                TransferKind.DELTA, Optional.of(base.id()), host.poolBId(), DiskFormat.VHDX, 64 * MIB)), x -> { });
        assertEquals(OperationState.SUCCEEDED, last.state(), () -> "the VHDX holds the stopped VM's content: "
                + last.error());
        UUID id = UUID.randomUUID();
        created.add(id);
        await(migrations.importVm(new ImportSpec(id, vm.stampId(), host.tag + "-mirvhdx2", 1, 64, last.id(),
                List.of())));
        FabricDisk disk = driver.vm(id).orElseThrow().disks().get(0);
        assertEquals(DiskFormat.VHDX, disk.format());
        assertEquals("vhdx", format(Path.of(disk.path())));
        assertEquals(0, QemuHost.run(null, "qemu-img", "compare", "-f", "vpc", "-F", "vhdx", vm.disks().get(0).path(),
                disk.path()), "qemu-img compare: identical");
        assertEquals(migrations.contentDigest(vm.id()), migrations.contentDigest(id));
    }

    @Test
    void aCopyConvertsVhdToVhdxOnlyAndANewDiskIsNeverABlankVhdx() throws Exception {
        FabricVm vm = create("down", false);
        io.gio.cluster.spi.ClusterException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.gio.cluster.spi.ClusterException.class, () -> driver.createVm(new io.gio.cluster.spi.VmSpec(
                        UUID.randomUUID(), vm.stampId(), host.tag + "-blank", 1, 64, List.of(new io.gio.cluster.spi.DiskSpec(
                                UUID.randomUUID(), "blank", DiskFormat.VHDX, 64 * MIB, 0, 0, Optional.of(host.poolId()),
                                true)), List.of(), false)));
        assertEquals(io.gio.cluster.spi.ClusterErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("blank VHDX"), e.getMessage());
        assertEquals(List.of(), volumesOfPoolB());
    }

    @Test
    void aConversionAGatewayRestartInterruptedIsCleanedUp() throws Exception {
        FabricVm vm = create("left", false);
        HostConnection h = ((LibvirtClusterDriver) driver).fabric().host(vm);
        Path target = host.poolDirB.resolve("left-over.vhdx");
        Conversions.Conversion c = Conversions.start(h, UUID.randomUUID(), vm.disks().get(0).path(), DiskFormats.VHD,
                target.toString(), host.tag + "-b");
        assertTrue(running(c.helper()), "a paused helper holds the disk");
        assertFalse(driver.vmIds(vm.stampId()).contains(c.helper()), "and is no VM");
        driver.close();
        driver = host.driver(java.util.Map.of());
        for (int i = 0; i < 50 && running(c.helper()); i++) {
            LibvirtDriverTest.sleep(100);
        }
        assertFalse(running(c.helper()), "a new driver destroys what the old one left");
        Volumes.removeFile(((LibvirtClusterDriver) driver).fabric().host(vm), host.tag + "-b", target.toString());
        assertEquals(List.of(), volumesOfPoolB());
    }

    @Test
    void aVmFromAVhdxTemplateGetsAByteCopyOfTheImage() throws Exception {
        Path image = host.poolDirB.resolve("win-image.vhdx");
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "create", "-f", "vhdx", image.toString(), "48M"), () -> out[0]);
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vhdx", "-c", "write -P 0x42 0 2M", image.toString()),
                () -> out[0]);
        Path qcow2 = host.poolDirB.resolve("other-image.qcow2");
        assertEquals(0, QemuHost.run(out, "qemu-img", "create", "-f", "qcow2", qcow2.toString(), "48M"), () -> out[0]);
        var pool = host.admin.storagePoolLookupByName(host.tag + "-b");
        pool.refresh(0);
        Lv.free(pool);
        driver.close();
        driver = host.driver(java.util.Map.of("template.Win", image.toString(), "template.Other", qcow2.toString(),
                "boot-image", image.toString()));
        migrations = driver.migrations().orElseThrow();
        List<io.gio.cluster.spi.FabricTemplate> offered = driver.templates(driver.stamps().get(0).id());
        assertEquals(List.of("Win"), offered.stream().map(io.gio.cluster.spi.FabricTemplate::name).toList(),
                "a qcow2 image is neither VHD nor VHDX");
        io.gio.cluster.spi.FabricTemplate t = offered.get(0);
        assertEquals(DiskFormat.VHDX, t.format(), "libvirt lists the image as raw; the file says VHDX");
        assertEquals(48 * MIB, t.maxBytes(), "the size the guest sees");
        io.gio.cluster.spi.ClusterException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.gio.cluster.spi.ClusterException.class, () -> driver.createVm(vmFrom(t, DiskFormat.VHD)));
        assertTrue(e.getMessage().contains("keeps the image's format"), e.getMessage());
        UUID fromBootImage = UUID.randomUUID();
        created.add(fromBootImage);
        FabricOperation refused = awaitEnd(driver.createVm(new io.gio.cluster.spi.VmSpec(fromBootImage,
                t.stampId(), host.tag + "-boot", 1, 64, List.of(new io.gio.cluster.spi.DiskSpec(UUID.randomUUID(),
                        "boot_disk_1", DiskFormat.VHD, 64 * MIB, 0, 0, Optional.of(host.poolId()), true)), List.of(),
                false)));
        assertEquals(OperationState.FAILED, refused.state(), "a VHD boot disk is no copy of a VHDX boot-image");
        assertTrue(refused.error().orElseThrow().getMessage().contains("keeps the image's format"),
                () -> refused.error().toString());
        io.gio.cluster.spi.VmSpec spec = vmFrom(t, DiskFormat.VHDX);
        created.add(spec.id());
        await(driver.createVm(spec));
        FabricVm vm = driver.vm(spec.id()).orElseThrow();
        FabricDisk disk = vm.disks().get(0);
        assertEquals(DiskFormat.VHDX, disk.format());
        assertEquals(48 * MIB, disk.maxBytes());
        assertEquals(host.poolDir, Path.of(disk.path()).getParent(), "copied into the VM's pool");
        assertEquals(0, QemuHost.run(out, "qemu-img", "compare", "-f", "vhdx", "-F", "vhdx", image.toString(),
                disk.path()), () -> "the image's content: " + out[0]);
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.START));
        removeFromPoolB(image);
        removeFromPoolB(qcow2);
    }

    private io.gio.cluster.spi.VmSpec vmFrom(io.gio.cluster.spi.FabricTemplate t, DiskFormat format) throws Exception {
        return new io.gio.cluster.spi.VmSpec(UUID.randomUUID(), t.stampId(), host.tag + "-tplx", 1, 64,
                List.of(new io.gio.cluster.spi.DiskSpec(UUID.randomUUID(), "tplx_disk_1", format, t.maxBytes(), 0, 0,
                        Optional.of(host.poolId()), true, Optional.of(t.id()))), List.of(), false);
    }

    private static boolean running(UUID domain) {
        try {
            org.libvirt.Domain d = host.admin.domainLookupByUUID(domain);
            Lv.free(d);
            return true;
        } catch (org.libvirt.LibvirtException e) {
            return false;
        }
    }

    private static String format(Path file) throws Exception {
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "info", "--output=json", file.toString()), () -> out[0]);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"format\": \"(\\w+)\"").matcher(out[0]);
        assertTrue(m.find(), out[0]);
        return m.group(1);
    }

    @Test
    void aVmFromATemplateGetsAFullCopyOfTheImage() throws Exception {
        Path image = host.poolDirB.resolve("centos-image.vhd");
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "create", "-f", "vpc", image.toString(), "64M"), () -> out[0]);
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vpc", "-c", "write -P 0x42 0 2M", image.toString()), () -> out[0]);
        var pool = host.admin.storagePoolLookupByName(host.tag + "-b");
        pool.refresh(0);
        Lv.free(pool);
        driver.close();
        driver = host.driver(java.util.Map.of("template.CentOS", image.toString(), "template.CentOS.os", "CentOS Linux 7"));
        migrations = driver.migrations().orElseThrow();
        io.gio.cluster.spi.FabricTemplate t = driver.templates(driver.stamps().get(0).id()).get(0);
        UUID id = UUID.randomUUID();
        created.add(id);
        await(driver.createVm(new io.gio.cluster.spi.VmSpec(id, t.stampId(), host.tag + "-tpl", 1, 64,
                List.of(new io.gio.cluster.spi.DiskSpec(UUID.randomUUID(), "tpl_disk_1", DiskFormat.VHD, 64 * MIB, 0, 0,
                        Optional.of(host.poolId()), true, Optional.of(t.id()))), List.of(), false)));
        FabricVm vm = driver.vm(id).orElseThrow();
        assertEquals(host.poolDir, Path.of(vm.disks().get(0).path()).getParent(), "copied into the VM's pool");
        assertEquals(0, QemuHost.run(out, "qemu-img", "compare", "-f", "vpc", "-F", "vpc", image.toString(),
                vm.disks().get(0).path()), () -> "the image's content: " + out[0]);
        assertEquals(PowerState.RUNNING, power(vm, PowerAction.START));
        removeFromPoolB(image);
    }

    /** Removes a template image from the target pool, which the other tests expect to be empty. */
    private static void removeFromPoolB(Path image) throws Exception {
        Files.deleteIfExists(image);
        var pool = host.admin.storagePoolLookupByName(host.tag + "-b");
        pool.refresh(0);
        Lv.free(pool);
    }

    private TransferSpec spec(FabricVm vm, TransferKind kind, Optional<UUID> previous, long rate) throws Exception {
        return spec(vm, kind, previous, rate, DiskFormat.VHD);
    }

    private TransferSpec spec(FabricVm vm, TransferKind kind, Optional<UUID> previous, long rate, DiskFormat format)
            throws Exception {
        return new TransferSpec(UUID.randomUUID(), vm.id(), kind, previous, host.poolBId(), format, rate);
    }

    private Transfer awaitTransfer(Transfer t) {
        return awaitTransfer(t, x -> { });
    }

    private Transfer awaitTransfer(Transfer t, java.util.function.Consumer<Transfer> seen) {
        Transfer current = t;
        for (int i = 0; i < 1200 && !current.state().isFinal(); i++) {
            LibvirtDriverTest.sleep(50);
            Transfer next = migrations.transfer(t.id());
            assertTrue(next.bytesDone() >= current.bytesDone(), "bytes done never go back");
            seen.accept(next);
            current = next;
        }
        return current;
    }

    private List<String> volumesOfPoolB() throws Exception {
        var pool = host.admin.storagePoolLookupByName(host.tag + "-b");
        try {
            pool.refresh(0);
            return List.of(pool.listVolumes());
        } finally {
            Lv.free(pool);
        }
    }

    /** A running VM whose disk's first 2 MiB hold {@code pattern}. */
    private FabricVm runningWith(String name, String pattern) throws Exception {
        FabricVm stopped = create(name, false);
        write(stopped, pattern, "0 2M");
        assertEquals(PowerState.RUNNING, power(stopped, PowerAction.START));
        return driver.vm(stopped.id()).orElseThrow();
    }

    private static void write(FabricVm vm, String pattern, String range) throws Exception {
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vpc", "-c", "write -P " + pattern + " " + range,
                vm.disks().get(0).path()), () -> out[0]);
    }

    private static int compare(FabricVm vm, Path copy) throws Exception {
        assertTrue(Files.exists(copy));
        return QemuHost.run(null, "qemu-img", "compare", "-f", "vpc", "-F", "vpc", vm.disks().get(0).path(),
                copy.toString());
    }

    private static void assertThrowsCode(org.junit.jupiter.api.function.Executable call, String why) {
        io.gio.cluster.spi.ClusterException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.gio.cluster.spi.ClusterException.class, call, why);
        assertEquals(io.gio.cluster.spi.ClusterErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
    }
}
