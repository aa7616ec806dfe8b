package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import io.gio.migration.Migration;
import io.gio.migration.MigrationCommand;
import io.gio.migration.MigrationEngine;
import io.gio.migration.MigrationRequest;
import io.gio.migration.MigrationState;
import io.gio.migration.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared-nothing live migration between two libvirt hosts with QEMU: the first is the tests'
 * daemon ({@link QemuHost}), the second a daemon with another host UUID at
 * {@code GIO_IT_LIBVIRT_URI_B} (default {@code qemu+tcp://127.0.0.1:16510/system}, which
 * {@code .ci/libvirt-second-host} starts on this machine). Each host is a stamp of one driver. A
 * running VM with a raw disk (defined outside the gateway: QEMU cannot live-migrate VHDs) moves with
 * its disk and memory, keeps running, gets its new ID at the import, and the source stays as it was
 * for a rollback; a migration discarded while it runs leaves the VM running where it was.
 */
class QemuLiveMigrationIT extends QemuFixture {

    static final String URI_B = Optional.ofNullable(System.getenv("GIO_IT_LIBVIRT_URI_B"))
            .orElse("qemu+tcp://127.0.0.1:16510/system");

    private HostConnection.NativeConnect hostB;
    private Path poolDirC;
    private MigrationSupport migrations;

    @BeforeEach
    void secondHost() throws Exception {
        assumeTrue(QemuHost.has("qemu-io"), "qemu-io (qemu-utils) is needed");
        try {
            hostB = new HostConnection.NativeConnect(URI_B);
        } catch (org.libvirt.LibvirtException e) {
            System.out.println("SKIPPED live migration tests: no second libvirt host at " + URI_B + " ("
                    + e.getMessage() + "); .ci/libvirt-second-host starts one");
            assumeTrue(false, "no second libvirt host at " + URI_B);
        }
        poolDirC = Files.createTempDirectory(host.tag + "-c");
        poolDirC.toFile().setReadable(true, false);
        poolDirC.toFile().setExecutable(true, false);
        Lv.free(hostB.storagePoolCreateXML("<pool type='dir'><name>" + host.tag + "-c</name><target><path>" + poolDirC
                + "</path></target></pool>", 0));
        driver.close();
        driver = host.driver(Map.of("stamps", "GIO-QEMU=" + QemuHost.URI + ";GIO-B=" + URI_B));
        migrations = driver.migrations().orElseThrow();
    }

    @AfterEach
    void removeSecondHostsPool() throws Exception {
        if (hostB == null) {
            return;
        }
        try {
            for (int running : hostB.listDomains()) {
                try {
                    removeIfOurs(hostB.domainLookupByID(running));
                } catch (org.libvirt.LibvirtException e) {
                    System.out.println("cleaning the second host: " + e.getMessage()); // gone meanwhile
                }
            }
            for (String name : hostB.listDefinedDomains()) {
                removeIfOurs(hostB.domainLookupByName(name));
            }
        } finally {
            QemuHost.removePool(hostB, host.tag + "-c", poolDirC);
            hostB.close();
        }
    }

    /** Destroys and undefines a domain of these tests on the second host (one a test left there). */
    private void removeIfOurs(org.libvirt.Domain d) {
        try {
            if (d.getName().startsWith(host.tag)) {
                if (d.isActive() == 1) {
                    d.destroy();
                }
                if (d.isPersistent() == 1) {
                    d.undefine();
                }
            }
        } catch (org.libvirt.LibvirtException e) {
            System.out.println("cleaning the second host: " + e.getMessage()); // gone meanwhile
        } finally {
            Lv.free(d);
        }
    }

    @Test
    void aRunningVmMovesLiveToTheOtherHostWithItsDiskAndIsImportedAfterARestartWithTheSourceKept() throws Exception {
        UUID id = rawVm("live", 8);
        assertEquals(PowerState.RUNNING, power(driver.vm(id).orElseThrow(), PowerAction.START));
        FabricVm vm = driver.vm(id).orElseThrow();
        assertTrue(migrations.kinds(vm).contains(TransferKind.LIVE), "a raw disk can be live-migrated");
        assertFalse(migrations.holdsLiveSwitchOver(), "QEMU switches over once converged");
        Stamp b = stampB();

        Transfer t = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), id, TransferKind.LIVE,
                Optional.empty(), poolC(b), DiskFormat.VHD, 64 * MIB));
        Transfer done = awaitTransfer(t);
        assertEquals(OperationState.SUCCEEDED, done.state(), () -> "" + done.error());
        assertTrue(done.bytesTotal() >= 8 * MIB, "disk and memory went over: " + done.bytesTotal());
        assertEquals(PowerState.STOPPED, driver.vm(id).orElseThrow().state(), "the source stopped at the switch-over");
        assertFalse(driver.vmIds(b.id()).contains(id), "the moved domain is no VM until its import");

        driver.close(); // the gateway restarts between the switch-over and the import
        driver = host.driver(Map.of("stamps", "GIO-QEMU=" + QemuHost.URI + ";GIO-B=" + URI_B));
        migrations = driver.migrations().orElseThrow();
        assertEquals(OperationState.SUCCEEDED, migrations.transfer(t.id()).state(), "found again on its target host");
        assertFalse(driver.vmIds(b.id()).contains(id));
        b = stampB();

        UUID moved = UUID.randomUUID();
        created.add(moved);
        FabricOperation op = migrations.importVm(new ImportSpec(moved, b.id(), host.tag + "-moved", 1, 64, t.id(),
                List.of()));
        assertEquals(OperationState.SUCCEEDED, op.state(), () -> "" + op.error());
        Duration downtime = Duration.between(op.started(), op.ended().orElseThrow());
        System.out.println("live migration: " + done.bytesTotal() + " bytes, switch-over downtime " + downtime.toMillis()
                + " ms as QEMU measured it");
        assertFalse(downtime.isNegative());
        assertEquals(op.id(), migrations.importVm(new ImportSpec(moved, b.id(), host.tag + "-moved", 1, 64, t.id(),
                List.of())).id(), "an import is idempotent");

        FabricVm target = driver.vm(moved).orElseThrow();
        assertEquals(PowerState.RUNNING, target.state(), "it never stopped");
        assertEquals(b.id(), target.stampId());
        assertEquals(host.tag + "-moved", target.name());
        assertEquals(poolDirC, Path.of(target.disks().get(0).path()).getParent(), "its disk was copied");
        assertTrue(driver.vmIds(b.id()).contains(moved));
        FabricVm source = driver.vm(id).orElseThrow();
        assertEquals(PowerState.STOPPED, source.state());
        assertNotEquals(target.hostId(), source.hostId());
        assertEquals(host.poolDir, Path.of(source.disks().get(0).path()).getParent(), "the source keeps its disk");

        assertEquals(PowerState.STOPPED, power(target, PowerAction.TURN_OFF));
        assertEquals(0, read(target.disks().get(0).path(), "0x3c"), "the copy holds what the guest had");
        assertEquals(0, read(source.disks().get(0).path(), "0x3c"), "so does the source");

        await(driver.deleteVm(moved)); // the rollback: the target goes, the source starts again
        assertTrue(driver.vm(moved).isEmpty());
        assertFalse(Files.exists(Path.of(target.disks().get(0).path())));
        assertEquals(PowerState.RUNNING, power(source, PowerAction.START));
        assertEquals(host.tag + "-live", driver.vm(id).orElseThrow().name(), "the source is the VM it was");
    }

    @Test
    void theEngineChoosesALiveMigrationMeasuresItsDowntimeAndRollsItBack() throws Exception {
        UUID id = rawVm("engine", 8);
        assertEquals(PowerState.RUNNING, power(driver.vm(id).orElseThrow(), PowerAction.START));
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        MigrationEngine engine = engine("engine", executor);
        try {
            Migration converting = engine.schedule(MigrationRequest.of(UUID.randomUUID(), id, stampB().id()));
            assertEquals(Strategy.EXPORT_IMPORT, converting.strategy(), "the raw disk shows as a VHD, converted to "
                    + "VHDX by default, which only a copy does");
            assertEquals(MigrationState.CANCELLED, engine.command(converting.id(), MigrationCommand.CANCEL).state());
            Migration m = engine.schedule(keepingFormat(id));
            assertEquals(Strategy.LIVE_MIGRATION, m.strategy(), "Auto takes the least downtime");
            Migration done = run(engine, m.id(), MigrationState.COMPLETED);
            Duration downtime = done.downtime().orElseThrow();
            System.out.println("engine live migration: " + done.bytesTransferred() + " bytes, downtime "
                    + downtime.toMillis() + " ms");
            assertTrue(downtime.toSeconds() < 5, "a switch-over, not a stop and a boot: " + downtime);
            UUID moved = done.targetVmId();
            created.add(moved);
            assertEquals(PowerState.RUNNING, driver.vm(moved).orElseThrow().state());
            assertEquals(PowerState.STOPPED, driver.vm(id).orElseThrow().state(), "the source, kept until a commit");

            engine.command(m.id(), MigrationCommand.ROLLBACK);
            run(engine, m.id(), MigrationState.ROLLED_BACK);
            assertTrue(driver.vm(moved).isEmpty(), "the target is gone");
            assertEquals(PowerState.RUNNING, driver.vm(id).orElseThrow().state(), "the source runs again");

            Migration again = engine.schedule(keepingFormat(id));
            run(engine, again.id(), MigrationState.COMPLETED);
            created.add(again.targetVmId());
            engine.command(again.id(), MigrationCommand.COMMIT);
            run(engine, again.id(), MigrationState.COMMITTED);
            assertTrue(driver.vm(id).isEmpty(), "the commit removed the source, though the moved domain keeps its UUID");
            FabricVm kept = driver.vm(again.targetVmId()).orElseThrow();
            assertEquals(PowerState.RUNNING, kept.state());
            assertEquals(PowerState.STOPPED, power(kept, PowerAction.TURN_OFF));
            assertEquals(0, read(kept.disks().get(0).path(), "0x3c"), "the moved disk holds the guest's data");
        } finally {
            engine.close();
            executor.shutdownNow();
        }
    }

    @Test
    void theEngineMovesStoppedVmsToTheOtherHostConvertingTheirDisksToVhdxAndRollsBack() throws Exception {
        UUID vhd = vhdVm("tovhdx");
        String[] out = new String[1];
        String sourceDisk = driver.vm(vhd).orElseThrow().disks().get(0).path();
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vpc", "-c", "write -P 0x3c 0 1M", sourceDisk), () -> out[0]);
        UUID raw = rawVm("rawtovhdx", 4);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        MigrationEngine engine = engine("convert", executor);
        try {
            Migration m = engine.schedule(MigrationRequest.of(UUID.randomUUID(), vhd, stampB().id()));
            assertEquals(Strategy.EXPORT_IMPORT, m.strategy(), "a stopped VM is copied");
            assertTrue(m.convertToVhdx(), "to VHDX, by default, where the target attaches it");
            Migration done = run(engine, m.id(), MigrationState.COMPLETED);
            created.add(done.targetVmId());
            FabricDisk moved = driver.vm(done.targetVmId()).orElseThrow().disks().get(0);
            assertEquals(DiskFormat.VHDX, moved.format());
            assertEquals(poolDirC, Path.of(moved.path()).getParent(), "on the other host's pool");
            assertEquals(0, QemuHost.run(out, "qemu-img", "compare", "-f", "vpc", "-F", "vhdx", sourceDisk,
                    moved.path()), () -> "the VHDX holds the VHD's content: " + out[0]);

            engine.command(m.id(), MigrationCommand.ROLLBACK);
            run(engine, m.id(), MigrationState.ROLLED_BACK);
            assertTrue(driver.vm(done.targetVmId()).isEmpty(), "the target is gone");
            assertFalse(Files.exists(Path.of(moved.path())), "with its VHDX");
            assertEquals(DiskFormat.VHD, driver.vm(vhd).orElseThrow().disks().get(0).format(), "the source as it was");

            Migration rawMove = engine.schedule(MigrationRequest.of(UUID.randomUUID(), raw, stampB().id()));
            Migration rawDone = run(engine, rawMove.id(), MigrationState.COMPLETED);
            created.add(rawDone.targetVmId());
            FabricDisk rawMoved = driver.vm(rawDone.targetVmId()).orElseThrow().disks().get(0);
            assertEquals(DiskFormat.VHDX, rawMoved.format());
            assertEquals(4 * MIB, rawMoved.maxBytes());
            assertEquals(0, QemuHost.run(out, "qemu-img", "compare", "-f", "raw", "-F", "vhdx",
                    driver.vm(raw).orElseThrow().disks().get(0).path(), rawMoved.path()), () -> "a raw disk too: " + out[0]);
            engine.command(rawMove.id(), MigrationCommand.COMMIT);
            run(engine, rawMove.id(), MigrationState.COMMITTED);
            assertTrue(driver.vm(raw).isEmpty(), "the commit removed the source");
        } finally {
            engine.close();
            executor.shutdownNow();
        }
    }

    /** A stopped VM the driver creates on the first host, with one VHD of 16 MiB and no network. */
    private UUID vhdVm(String name) {
        UUID id = UUID.randomUUID();
        Stamp a = driver.stamps().stream().filter(s -> s.name().equals("GIO-QEMU")).findFirst().orElseThrow();
        try {
            created.add(id);
            await(driver.createVm(new io.gio.cluster.spi.VmSpec(id, a.id(), host.tag + "-" + name, 1, 64,
                    List.of(new io.gio.cluster.spi.DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD,
                            16 * MIB, 0, 0, Optional.of(host.poolId()), true)), List.of(), false)));
        } catch (org.libvirt.LibvirtException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** A migration engine over the driver, with its own in-memory store, ticked by the tests. */
    private MigrationEngine engine(String name, ScheduledExecutorService executor) {
        JdbcDataSource store = new JdbcDataSource();
        store.setURL("jdbc:h2:mem:" + host.tag + "-" + name + ";DB_CLOSE_DELAY=-1");
        return new MigrationEngine(store, driver, java.time.Clock.systemUTC(), executor, (m, k, msg) -> { }, link -> 0L);
    }

    private static Migration run(MigrationEngine engine, UUID id, MigrationState until) {
        Migration m = engine.get(id).orElseThrow();
        for (int i = 0; i < 1200 && m.state() != until && m.state() != MigrationState.FAILED; i++) {
            engine.tick();
            LibvirtDriverTest.sleep(100);
            m = engine.get(id).orElseThrow();
        }
        Migration last = m;
        assertEquals(until, m.state(), () -> last.phase() + " " + last.error());
        return m;
    }

    @Test
    void aLiveMigrationDiscardedWhileItRunsLeavesTheVmRunningOnItsHost() throws Exception {
        UUID id = rawVm("abort", 48);
        assertEquals(PowerState.RUNNING, power(driver.vm(id).orElseThrow(), PowerAction.START));
        Stamp b = stampB();
        Transfer t = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), id, TransferKind.LIVE,
                Optional.empty(), poolC(b), DiskFormat.VHD, MIB));
        for (int i = 0; i < 100 && copies().isEmpty(); i++) {
            LibvirtDriverTest.sleep(100);
        }
        assertEquals(1, copies().size(), "the disk is being copied into the target pool");
        Transfer running = migrations.transfer(t.id());
        assertEquals(OperationState.RUNNING, running.state(), "48 MiB at 1 MiB/s take a while");
        assertEquals(MIB * 8, migrations.throttle(t.id(), 8 * MIB).bytesPerSecond(), "the bandwidth changes");
        migrations.discard(t.id());
        Transfer ended = awaitTransfer(t);
        assertEquals(OperationState.FAILED, ended.state());
        FabricVm vm = driver.vm(id).orElseThrow();
        assertEquals(PowerState.RUNNING, vm.state(), "it kept running where it was");
        assertEquals(host.poolDir, Path.of(vm.disks().get(0).path()).getParent());
        assertEquals(0, hostB.listDomains().length + (int) List.of(hostB.listDefinedDomains()).stream()
                .filter(n -> n.startsWith(host.tag)).count(), "nothing is left on the other host");
        assertEquals(List.of(), copies(), "the copy is removed");
    }

    private List<Path> copies() throws java.io.IOException {
        try (var files = Files.list(poolDirC)) {
            return files.toList();
        }
    }

    @Test
    void aVmWithVhdDisksIsOfferedNoLiveMigration() {
        FabricVm vm = create("vhd", true);
        assertFalse(migrations.kinds(vm).contains(TransferKind.LIVE));
        ClusterException e = assertThrows(ClusterException.class, () -> migrations.startTransfer(new TransferSpec(
                UUID.randomUUID(), vm.id(), TransferKind.LIVE, Optional.empty(), poolC(stampB()), DiskFormat.VHD, MIB)));
        assertEquals(ClusterErrorCode.UNSUPPORTED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("is VHD, and QEMU's VHD and VHDX drivers block migration"), e.getMessage());
    }

    /** A migration with every option at its default but the conversion to VHDX, which is not asked for. */
    private MigrationRequest keepingFormat(UUID vmId) {
        MigrationRequest d = MigrationRequest.of(UUID.randomUUID(), vmId, stampB().id());
        return new MigrationRequest(d.id(), vmId, d.targetStampId(), d.targetVolumeId(), d.strategy(), Optional.of(false),
                d.targetCpuCount(), d.targetMemoryMb(), d.notBefore(), d.cutoverMode());
    }

    private Stamp stampB() {
        return driver.stamps().stream().filter(s -> s.name().equals("GIO-B")).findFirst().orElseThrow();
    }

    private UUID poolC(Stamp b) {
        return driver.volumes(b.id()).stream().filter(v -> v.name().endsWith(host.tag + "-c")).findFirst()
                .orElseThrow().id();
    }

    /** A domain with a raw disk of {@code mib} MiB filled with 0x3c, defined directly in libvirt. */
    private UUID rawVm(String name, int mib) throws Exception {
        UUID id = UUID.randomUUID();
        Path disk = host.poolDir.resolve(name + "-" + id.toString().substring(0, 8) + ".img");
        var pool = host.admin.storagePoolLookupByName(host.tag);
        Lv.free(pool.storageVolCreateXML("<volume><name>" + disk.getFileName() + "</name><capacity>" + mib * MIB
                + "</capacity><target><format type='raw'/></target></volume>", 0));
        Lv.free(pool);
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "raw", "-c", "write -P 0x3c 0 " + mib + "M",
                disk.toString()), () -> out[0]);
        Lv.free(host.admin.domainDefineXML("<domain type='" + (host.kvm ? "kvm" : "qemu") + "'><name>" + host.tag
                + "-" + name + "</name><uuid>" + id + "</uuid><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='raw'/><source file='" + disk + "'/><target dev='vda' bus='virtio'/>"
                + "</disk><graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices></domain>"));
        created.add(id);
        return id;
    }

    private Transfer awaitTransfer(Transfer t) {
        Transfer current = t;
        for (int i = 0; i < 1200 && !current.state().isFinal(); i++) {
            LibvirtDriverTest.sleep(100);
            current = migrations.transfer(t.id());
        }
        return current;
    }

    private static int read(String disk, String pattern) throws Exception {
        String[] out = new String[1];
        int code = QemuHost.run(out, "qemu-io", "-f", "raw", "-c", "read -P " + pattern + " 0 1M", disk);
        return code == 0 && !out[0].contains("Pattern verification failed") ? 0 : 1;
    }
}
