package io.gio.migration;

import static io.gio.migration.EngineFixture.GB;
import static io.gio.migration.EngineFixture.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whole migrations on the simulated fabric, driven pass by pass on a virtual clock. */
class MigrationEngineTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void smbTransferOfARunningVmPreCopiesThenCutsOverWithSecondsOfDowntime() {
        FabricVm vm = f.vm("web01", 100 * GB, 5 * MB, PowerState.RUNNING);
        Migration m = f.schedule(vm, Strategy.AUTO, CutoverMode.AUTOMATIC);
        assertEquals(Strategy.SMB_TRANSFER, m.strategy(), "Auto picks the SMB transfer from GIO-V1 to GIO-V2");
        assertTrue(m.convertToVhdx(), "converting to VHDX by default when the target attaches VHDX");
        assertEquals(MigrationState.SCHEDULED, m.state());

        Migration done = f.runUntil(m.id(), MigrationState.COMPLETED);

        assertEquals(100, done.progress());
        assertTrue(done.bytesTransferred() >= 100 * GB, "the base disks and the deltas were copied");
        Duration downtime = done.downtime().orElseThrow();
        assertTrue(downtime.toSeconds() < 60, "downtime is the last delta, the import and the boot: " + downtime
                + " " + f.timeline(m.id()));
        FabricVm target = f.driver.vm(done.targetVmId()).orElseThrow();
        assertEquals(PowerState.RUNNING, target.state());
        assertEquals(vm.name(), target.name());
        FabricDisk disk = target.disks().get(0);
        assertEquals(DiskFormat.VHDX, disk.format());
        assertTrue(disk.path().endsWith(".vhdx"), disk.path());
        assertEquals(PowerState.STOPPED, f.driver.vm(vm.id()).orElseThrow().state(),
                "the source is kept, stopped, for a rollback");
        assertTrue(f.milestones.contains("TARGET_IMPORTED Verifying"), f.milestones.toString());
        List<String> timeline = f.engine.events(m.id()).stream().map(MigrationEvent::message).toList();
        assertTrue(timeline.stream().anyMatch(e -> e.startsWith("Copy of the base disks done")), timeline.toString());
        assertTrue(timeline.stream().anyMatch(e -> e.startsWith("Copy of the changes")), timeline.toString());

        f.engine.command(m.id(), MigrationCommand.COMMIT);
        Migration committed = f.runUntil(m.id(), MigrationState.COMMITTED);
        assertTrue(f.driver.vm(vm.id()).isEmpty(), "the commit deleted the source");
        assertTrue(f.driver.vm(committed.targetVmId()).isPresent());
        assertTrue(f.milestones.contains("SOURCE_DELETED Committed"), f.milestones.toString());
    }

    @Test
    void exportImportStopsForTheWholeCopy() {
        FabricVm vm = f.vm("db01", 100 * GB, 5 * MB, PowerState.RUNNING);
        Migration m = f.schedule(vm, Strategy.EXPORT_IMPORT, CutoverMode.AUTOMATIC);
        Migration done = f.runUntil(m.id(), MigrationState.COMPLETED);
        // 100 GB at the V1 volume's 400 MB/s is 250 s of copy alone, then the conversion
        assertTrue(done.downtime().orElseThrow().toSeconds() > 250, done.downtime().toString());
    }

    @Test
    void rollbackAfterCompletionRemovesTheTargetAndRunsTheSourceAgain() {
        FabricVm vm = f.vm("app01", 20 * GB, 2 * MB, PowerState.RUNNING);
        String before = f.driver.migrations().orElseThrow().contentDigest(vm.id());
        long v2Before = f.usedBytes("V2-SOFS-VMSTORE1") + f.usedBytes("V2-SOFS-VMSTORE2");
        Migration m = f.schedule(vm, Strategy.AUTO, CutoverMode.AUTOMATIC);
        Migration done = f.runUntil(m.id(), MigrationState.COMPLETED);
        assertTrue(done.retainedUntil().isPresent());

        f.engine.command(m.id(), MigrationCommand.ROLLBACK);
        Migration back = f.runUntil(m.id(), MigrationState.ROLLED_BACK);

        assertTrue(f.driver.vm(back.targetVmId()).isEmpty(), "the target VM is gone");
        assertEquals(PowerState.RUNNING, f.driver.vm(vm.id()).orElseThrow().state(), "the source runs again");
        assertEquals(v2Before, f.usedBytes("V2-SOFS-VMSTORE1") + f.usedBytes("V2-SOFS-VMSTORE2"),
                "nothing is left on the target volumes");
        assertNotEquals(before, "", "the source had content");
        assertTrue(f.engine.queue().isEmpty(), "no open migration, so no reservation is held");
    }

    @Test
    void confirmModeWaitsForTheTenantsCutover() {
        FabricVm vm = f.vm("crm01", 10 * GB, 1 * MB, PowerState.RUNNING);
        Migration m = f.schedule(vm, Strategy.SMB_TRANSFER, CutoverMode.CONFIRM);
        Migration waiting = f.runUntil(m.id(), MigrationState.AWAITING_CUTOVER);
        f.clock.advance(Duration.ofHours(2));
        f.engine.tick();
        assertEquals(MigrationState.AWAITING_CUTOVER, f.get(m.id()).state(), "it waits as long as the tenant wants");
        assertEquals(PowerState.RUNNING, f.driver.vm(vm.id()).orElseThrow().state());
        assertTrue(waiting.bytesTransferred() > 0);

        java.time.Instant asked = f.clock.instant();
        f.engine.command(m.id(), MigrationCommand.CUTOVER);
        f.runUntil(m.id(), x -> x.state() != MigrationState.AWAITING_CUTOVER);
        // at most the refresh copy that runs ends first: the refresh period never delays a Cutover
        assertTrue(Duration.between(asked, f.clock.instant()).compareTo(ForwardSteps.REFRESH) < 0,
                "cut-over began " + Duration.between(asked, f.clock.instant()) + " after the tenant asked");
        assertEquals(MigrationState.COMPLETED, f.runUntil(m.id(), MigrationState.COMPLETED).state());
    }

    @Test
    void aShorterRetentionPeriodEndsRollbackAndCommits() {
        FabricVm vm = f.vm("ret01", 10 * GB, 0, PowerState.RUNNING);
        Migration m = f.schedule(vm, Strategy.AUTO, CutoverMode.AUTOMATIC);
        f.runUntil(m.id(), MigrationState.COMPLETED);
        f.clock.advance(Duration.ofHours(2));
        MigrationSettings s = f.engine.settings();
        f.engine.updateSettings(new MigrationSettings(s.linkBudgets(), s.maxPerSourceVolume(), s.maxPerLink(),
                Duration.ofHours(1)));

        MigrationException refused = org.junit.jupiter.api.Assertions.assertThrows(MigrationException.class,
                () -> f.engine.command(m.id(), MigrationCommand.ROLLBACK));
        assertEquals(MigrationException.Reason.CONFLICT, refused.reason());
        assertTrue(refused.getMessage().contains("retention period ended"), refused.getMessage());
        Migration committed = f.runUntil(m.id(), MigrationState.COMMITTED);
        assertTrue(f.driver.vm(vm.id()).isEmpty(), "the retained source VM was deleted");
        assertTrue(f.driver.vm(committed.targetVmId()).isPresent());
    }

    @Test
    void cancelDuringThePreCopyLeavesNothingBehind() {
        FabricVm vm = f.vm("big01", 200 * GB, 5 * MB, PowerState.RUNNING);
        long v2Before = f.usedBytes("V2-SOFS-VMSTORE1") + f.usedBytes("V2-SOFS-VMSTORE2");
        Migration m = f.schedule(vm, Strategy.AUTO, CutoverMode.AUTOMATIC);
        f.runUntil(m.id(), x -> x.state() == MigrationState.PRECOPYING && x.bytesTransferred() > 10 * GB);

        f.engine.command(m.id(), MigrationCommand.CANCEL);
        Migration cancelled = f.runUntil(m.id(), MigrationState.CANCELLED);

        assertTrue(cancelled.error().isEmpty());
        assertEquals(PowerState.RUNNING, f.driver.vm(vm.id()).orElseThrow().state());
        assertEquals(v2Before, f.usedBytes("V2-SOFS-VMSTORE1") + f.usedBytes("V2-SOFS-VMSTORE2"));
    }

    @Test
    void aRestartedEngineResumesWhereTheLastOneStopped() {
        FabricVm vm = f.vm("res01", 50 * GB, 5 * MB, PowerState.RUNNING);
        Migration m = f.schedule(vm, Strategy.AUTO, CutoverMode.AUTOMATIC);
        f.runUntil(m.id(), x -> x.state() == MigrationState.PRECOPYING && x.bytesTransferred() > 5 * GB);
        f.engine.close();

        f.engine = f.newEngine(); // as after kill -9: only the store survives
        Migration done = f.runUntil(m.id(), MigrationState.COMPLETED);

        assertEquals(2, f.driver.stamps().size());
        long targets = f.driver.vm(done.targetVmId()).stream().count();
        assertEquals(1, targets);
        assertTrue(done.downtime().orElseThrow().toSeconds() < 120);
    }

    @Test
    void aStoppedVmMovesWithoutDowntimeAndStaysStopped() {
        FabricVm vm = f.vm("off01", 10 * GB, 5 * MB, PowerState.STOPPED);
        String digest = f.driver.migrations().orElseThrow().contentDigest(vm.id());
        Migration m = f.schedule(vm, Strategy.AUTO, CutoverMode.AUTOMATIC);
        Migration done = f.runUntil(m.id(), MigrationState.COMPLETED);
        assertTrue(done.downtime().isEmpty());
        FabricVm target = f.driver.vm(done.targetVmId()).orElseThrow();
        assertEquals(PowerState.STOPPED, target.state());
        assertEquals(digest, f.driver.migrations().orElseThrow().contentDigest(target.id()),
                "the target holds exactly the source's content");
        assertEquals(digest, f.driver.migrations().orElseThrow().contentDigest(vm.id()), "the source is unchanged");
        assertFalse(f.engine.holding(vm.id()).isEmpty(), "the completed migration holds the source until Commit");
    }
}
