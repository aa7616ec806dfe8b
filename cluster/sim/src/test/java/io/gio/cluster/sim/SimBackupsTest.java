package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.await;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.length;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.BackupConsistency;
import io.gio.cluster.spi.BackupSupport;
import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricBackup;
import io.gio.cluster.spi.FabricCheckpoint;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SimBackupsTest {

    private static final long CSV_THROUGHPUT = 400_000_000L; // the demo's V1 CSVs

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");
    private final BackupSupport backups = fabric.backups().orElseThrow();
    private final CheckpointSupport checkpoints = fabric.checkpoints().orElseThrow();

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void theSameObjectOnEveryCall() {
        assertTrue(fabric.backups().orElseThrow() == backups);
    }

    @Test
    void backupOfARunningVmIsCrashConsistentAndTheVmKeepsRunning() {
        VmSpec spec = in(PowerState.RUNNING, SimSpecs.v1("app01", 2, 4096, 0));
        UUID id = UUID.randomUUID();
        FabricOperation op = backups.create(spec.id(), id);
        assertEquals("BACKUP_CREATE", op.kind());
        assertEquals(spec.id(), op.vmId());
        assertEquals(SimDurations.copy(4 * GIB, CSV_THROUGHPUT), length(op), "4 GiB at the CSV's 400 MB/s");
        assertEquals(Duration.ofMillis(10_738), length(op));

        FabricVm during = fabric.vm(spec.id()).orElseThrow();
        assertEquals(PowerState.RUNNING, during.state(), "the guest keeps running");
        assertEquals(Optional.of(op.id()), during.runningOperation());
        ClusterException busy = assertCode(ClusterErrorCode.INVALID_STATE,
                () -> fabric.power(spec.id(), PowerAction.PAUSE));
        assertTrue(busy.getMessage().contains("RUNNING") && busy.getMessage().contains("BACKUP_CREATE"),
                busy.getMessage());
        assertCode(ClusterErrorCode.INVALID_STATE, () -> backups.create(spec.id(), UUID.randomUUID()));
        assertCode(ClusterErrorCode.INVALID_STATE, () -> checkpoints.create(spec.id(), UUID.randomUUID(), "x"));

        h2.clock.set(op.estimatedEnd().minusMillis(1));
        assertEquals(OperationState.RUNNING, fabric.operation(op.id()).state());
        assertTrue(backups.list(spec.id()).isEmpty(), "not listed while the copy runs");

        h2.clock.set(op.estimatedEnd());
        assertEquals(List.of(new FabricBackup(id, spec.id(), 4 * GIB, op.started(), op.estimatedEnd(),
                BackupConsistency.CRASH_CONSISTENT)), backups.list(spec.id()));
        FabricVm after = fabric.vm(spec.id()).orElseThrow();
        assertEquals(PowerState.RUNNING, after.state());
        assertTrue(after.runningOperation().isEmpty());
        assertEquals(OperationState.SUCCEEDED, fabric.operation(op.id()).state());
        assertTrue(checkpoints.list(spec.id()).isEmpty(), "the temporary checkpoint is never listed");
    }

    @Test
    void consistencyFollowsThePowerStateAtTheStart() {
        assertEquals(BackupConsistency.CRASH_CONSISTENT, backupIn(PowerState.PAUSED).consistency());
        assertEquals(BackupConsistency.CONSISTENT, backupIn(PowerState.STOPPED).consistency());
        assertEquals(BackupConsistency.CONSISTENT, backupIn(PowerState.SAVED).consistency());
    }

    @Test
    void durationIsTheUsedBytesAtTheSlowestVolumesThroughputAtLeastTwoSeconds() throws SQLException {
        sql("UPDATE sim_volume SET throughput_bytes_per_second = 100000000 WHERE name = 'V1-CL01-CSV2'");
        VmSpec base = SimSpecs.v1("files01", 2, 2048, 0);
        DiskSpec data = new DiskSpec(UUID.randomUUID(), "files01_disk_2", DiskFormat.VHD, 100 * GIB, 6 * GIB, 0,
                Optional.of(SimTopology.volumeId("V1-CL01-CSV2")), false);
        VmSpec spec = new VmSpec(base.id(), base.stampId(), base.name(), 2, 2048,
                List.of(base.disks().get(0), data), base.nics(), false);
        await(h2, fabric, fabric.createVm(spec));
        FabricOperation op = backups.create(spec.id(), UUID.randomUUID());
        assertEquals(SimDurations.copy(10 * GIB, 100_000_000L), length(op), "4 + 6 GiB at the slower 100 MB/s");
        finish(h2, fabric, op);
        assertEquals(10 * GIB, backups.list(spec.id()).get(0).sizeBytes());

        VmSpec empty = SimSpecs.v2("empty01", 1024);
        await(h2, fabric, fabric.createVm(empty));
        FabricOperation quick = backups.create(empty.id(), UUID.randomUUID());
        assertEquals(Duration.ofSeconds(2), length(quick), "an empty disk takes the minimum 2 s");
        finish(h2, fabric, quick);
        assertEquals(0, backups.list(empty.id()).get(0).sizeBytes());
    }

    @Test
    void restoreNeedsAStoppedVmThatIsNotBusy() {
        VmSpec spec = in(PowerState.STOPPED, SimSpecs.v1("app01", 2, 1024, 0));
        UUID id = backup(spec.id());
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.START));
        for (PowerAction action : List.of(PowerAction.PAUSE, PowerAction.SAVE)) {
            PowerState state = fabric.vm(spec.id()).orElseThrow().state();
            ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE, () -> backups.restore(spec.id(), id));
            assertTrue(e.getMessage().contains(state.name()), e.getMessage());
            finish(h2, fabric, fabric.power(spec.id(), action));
        }
        ClusterException saved = assertCode(ClusterErrorCode.INVALID_STATE, () -> backups.restore(spec.id(), id));
        assertTrue(saved.getMessage().contains("SAVED"), saved.getMessage());
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.TURN_OFF));

        FabricOperation another = backups.create(spec.id(), UUID.randomUUID());
        ClusterException busy = assertCode(ClusterErrorCode.INVALID_STATE, () -> backups.restore(spec.id(), id));
        assertTrue(busy.getMessage().contains("STOPPED"), busy.getMessage());
        finish(h2, fabric, another);

        FabricOperation restore = backups.restore(spec.id(), id);
        assertCode(ClusterErrorCode.INVALID_STATE, () -> backups.restore(spec.id(), id), "a repeat while it runs");
        finish(h2, fabric, restore);
    }

    @Test
    void restoreResetsTheDisksAndDropsTheCheckpoints() throws SQLException {
        VmSpec spec = in(PowerState.STOPPED, SimSpecs.v1("db01", 2, 1024, 100_000_000L));
        UUID id = backup(spec.id());
        sql("UPDATE sim_disk SET used_bytes = used_bytes + " + 3 * GIB); // the guest wrote 3 GiB
        finish(h2, fabric, checkpoints.create(spec.id(), UUID.randomUUID(), "first"));
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.START));
        finish(h2, fabric, checkpoints.create(spec.id(), UUID.randomUUID(), "second"));
        h2.clock.advance(Duration.ofSeconds(60));
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.TURN_OFF));
        assertEquals(2, checkpoints.list(spec.id()).size());
        assertTrue(checkpoints.list(spec.id()).get(1).deltaBytes() > 0);

        FabricOperation restore = backups.restore(spec.id(), id);
        assertEquals("BACKUP_RESTORE", restore.kind());
        assertEquals(SimDurations.copy(4 * GIB, CSV_THROUGHPUT), length(restore), "the backup's size at 400 MB/s");
        FabricVm during = fabric.vm(spec.id()).orElseThrow();
        assertEquals(PowerState.STOPPED, during.state());
        assertEquals(Optional.of(restore.id()), during.runningOperation());
        assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(spec.id(), PowerAction.START));
        assertEquals(7 * GIB, during.disks().get(0).usedBytes(), "the disks change when the restore ends");

        h2.clock.set(restore.estimatedEnd().minusMillis(1));
        assertEquals(2, checkpoints.list(spec.id()).size());
        h2.clock.set(restore.estimatedEnd());
        FabricVm after = fabric.vm(spec.id()).orElseThrow();
        assertEquals(PowerState.STOPPED, after.state());
        assertTrue(after.runningOperation().isEmpty());
        assertEquals(4 * GIB, after.disks().get(0).usedBytes());
        assertTrue(checkpoints.list(spec.id()).isEmpty(), "the disks no longer descend from the checkpoints");
        assertEquals(0, count("SELECT COUNT(*) FROM sim_checkpoint_disk"));
        assertEquals(0, count("SELECT COUNT(*) FROM sim_vm WHERE current_checkpoint_id IS NOT NULL"
                + " OR now_delta_bytes <> 0"), "no delta left");
        assertEquals(1, backups.list(spec.id()).size(), "the backup stays");

        finish(h2, fabric, fabric.power(spec.id(), PowerAction.START));
        h2.clock.advance(Duration.ofSeconds(30));
        UUID fresh = UUID.randomUUID();
        finish(h2, fabric, checkpoints.create(spec.id(), fresh, "fresh"));
        FabricCheckpoint only = checkpoints.list(spec.id()).get(0);
        assertEquals(fresh, only.id());
        assertEquals(Optional.empty(), only.parentId(), "a new tree");
    }

    @Test
    void deleteIsImmediateAndNeedsTheBackupOfThatVm() {
        VmSpec a = in(PowerState.STOPPED, SimSpecs.v1("a", 1, 1024, 0));
        VmSpec b = in(PowerState.STOPPED, SimSpecs.v1("b", 1, 1024, 0));
        UUID first = backup(a.id());
        h2.clock.advance(Duration.ofMinutes(1));
        UUID second = backup(a.id());
        assertEquals(List.of(first, second), ids(backups.list(a.id())), "oldest first");

        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(b.id(), first), "another VM's");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.restore(b.id(), first), "another VM's");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(a.id(), UUID.randomUUID()));

        backups.delete(a.id(), first);
        assertEquals(List.of(second), ids(backups.list(a.id())));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(a.id(), first));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.restore(a.id(), first));

        FabricOperation restore = backups.restore(a.id(), second);
        ClusterException restoring = assertCode(ClusterErrorCode.INVALID_STATE, () -> backups.delete(a.id(), second));
        assertTrue(restoring.getMessage().contains("restore"), restoring.getMessage());
        finish(h2, fabric, restore);
        backups.delete(a.id(), second);
        assertTrue(backups.list(a.id()).isEmpty());

        UUID copying = UUID.randomUUID();
        FabricOperation create = backups.create(a.id(), copying);
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(a.id(), copying), "not yet a backup");
        finish(h2, fabric, create);
        backups.delete(a.id(), copying);
    }

    @Test
    void createIsIdempotentPerBackupId() {
        VmSpec a = in(PowerState.RUNNING, SimSpecs.v1("a", 1, 1024, 0));
        VmSpec b = in(PowerState.STOPPED, SimSpecs.v1("b", 1, 1024, 0));
        UUID id = UUID.randomUUID();
        FabricOperation first = backups.create(a.id(), id);
        assertEquals(first, backups.create(a.id(), id), "the same operation while it runs");
        ClusterException taken = assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> backups.create(b.id(), id));
        assertTrue(taken.getMessage().contains(id.toString()), taken.getMessage());
        FabricOperation done = finish(h2, fabric, first);
        assertEquals(done, backups.create(a.id(), id), "the same operation once it has ended");
        assertEquals(1, backups.list(a.id()).size());
        assertTrue(fabric.vm(a.id()).orElseThrow().runningOperation().isEmpty(), "a repeat starts nothing");
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> backups.create(b.id(), id));
    }

    @Test
    void unknownVmIsNotFound() {
        UUID unknown = UUID.randomUUID();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.create(unknown, UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.restore(unknown, UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(unknown, UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.list(unknown));
    }

    @Test
    void deletingAVmDeletesItsBackups() throws SQLException {
        VmSpec spec = in(PowerState.STOPPED, SimSpecs.v1("old01", 1, 1024, 0));
        backup(spec.id());
        backup(spec.id());
        VmSpec kept = in(PowerState.STOPPED, SimSpecs.v1("kept01", 1, 1024, 0));
        UUID keptBackup = backup(kept.id());
        finish(h2, fabric, fabric.deleteVm(spec.id()));
        assertTrue(fabric.vm(spec.id()).isEmpty());
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.list(spec.id()));
        assertEquals(1, count("SELECT COUNT(*) FROM sim_backup"));
        assertEquals(1, count("SELECT COUNT(*) FROM sim_backup_disk"));
        assertEquals(List.of(keptBackup), ids(backups.list(kept.id())));
    }

    @Test
    void aRestartedDriverFinishesABackup() {
        VmSpec spec = in(PowerState.RUNNING, SimSpecs.v1("app01", 2, 1024, 0));
        FabricOperation create = backups.create(spec.id(), UUID.randomUUID());
        ClusterDriver restarted = h2.driver("demo");
        h2.clock.set(create.estimatedEnd().plusSeconds(30));
        List<FabricBackup> list = restarted.backups().orElseThrow().list(spec.id());
        assertEquals(1, list.size());
        assertEquals(create.estimatedEnd(), list.get(0).completed(), "completed as of the operation's end");
        assertEquals(fabric.operation(create.id()), restarted.operation(create.id()));
    }

    private FabricBackup backupIn(PowerState state) {
        VmSpec spec = in(state, SimSpecs.v1("vm-" + state, 1, 1024, 0));
        backup(spec.id());
        assertEquals(state, fabric.vm(spec.id()).orElseThrow().state());
        return backups.list(spec.id()).get(0);
    }

    private VmSpec in(PowerState state, VmSpec spec) {
        await(h2, fabric, fabric.createVm(spec));
        List<PowerAction> path = switch (state) {
            case STOPPED -> List.of();
            case RUNNING -> List.of(PowerAction.START);
            case PAUSED -> List.of(PowerAction.START, PowerAction.PAUSE);
            case SAVED -> List.of(PowerAction.START, PowerAction.SAVE);
            default -> throw new IllegalArgumentException(state.name());
        };
        path.forEach(action -> finish(h2, fabric, fabric.power(spec.id(), action)));
        return spec;
    }

    private UUID backup(UUID vmId) {
        UUID id = UUID.randomUUID();
        finish(h2, fabric, backups.create(vmId, id));
        return id;
    }

    private static List<UUID> ids(List<FabricBackup> list) {
        return list.stream().map(FabricBackup::id).toList();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = h2.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private long count(String query) throws SQLException {
        try (Connection c = h2.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ClusterException assertCode(ClusterErrorCode code, Executable call, String... why) {
        ClusterException e = assertThrows(ClusterException.class, call, String.join(" ", why));
        assertEquals(code, e.code(), e::getMessage);
        return e;
    }
}
