package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.await;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.length;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricCheckpoint;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
import io.gio.cluster.spi.VmSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimCheckpointsTest {

    private static final long RATE = 100_000_000; // bytes per second the guest writes
    private static final long SECOND = RATE;

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");
    private final CheckpointSupport checkpoints = fabric.checkpoints().orElseThrow();

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void durationsAreModelled() {
        VmSpec spec = running(SimSpecs.v1("app01", 2, 4096, 0));
        FabricOperation live = checkpoints.create(spec.id(), UUID.randomUUID(), "live");
        assertEquals(Duration.ofMillis(5_000 + 4096 * 5), length(live), "5 s and the memory at 200 MB/s");
        finish(h2, fabric, live);
        FabricOperation restore = checkpoints.restore(spec.id(), checkpoints.list(spec.id()).get(0).id());
        assertEquals(Duration.ofSeconds(10), length(restore));
        assertEquals(PowerState.RESTORING_CHECKPOINT, fabric.vm(spec.id()).orElseThrow().state());
        finish(h2, fabric, restore);
        assertEquals(PowerState.RUNNING, fabric.vm(spec.id()).orElseThrow().state());
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.TURN_OFF));
        assertEquals(Duration.ofSeconds(5), length(checkpoints.create(spec.id(), UUID.randomUUID(), "off")));
    }

    @Test
    void deltaGrowsWhileRunningFreezesIntoItsCheckpointAndMergesIntoTheParent() {
        VmSpec spec = running(SimSpecs.v1("db01", 2, 1024, RATE));
        FabricOperation first = checkpoints.create(spec.id(), UUID.randomUUID(), "first");
        Duration create = length(first);
        assertEquals(Duration.ofMillis(10_120), create);
        h2.clock.advance(create.plusSeconds(100));
        assertEquals(List.of(seconds(create) + 100 * SECOND), deltas(spec.id()));

        finish(h2, fabric, checkpoints.create(spec.id(), UUID.randomUUID(), "second"));
        h2.clock.advance(Duration.ofSeconds(50));
        long firstDelta = seconds(create) + 100 * SECOND;
        assertEquals(List.of(firstDelta, seconds(create) + 50 * SECOND), deltas(spec.id()));

        finish(h2, fabric, fabric.power(spec.id(), PowerAction.TURN_OFF));
        h2.clock.advance(Duration.ofSeconds(100));
        assertEquals(List.of(firstDelta, seconds(create) + 50 * SECOND), deltas(spec.id()), "stopped: no writes");

        FabricOperation start = fabric.power(spec.id(), PowerAction.START);
        h2.clock.set(start.estimatedEnd().plusSeconds(20)); // settled late: growth counts from the end
        long secondDelta = seconds(create) + 70 * SECOND;
        assertEquals(List.of(firstDelta, secondDelta), deltas(spec.id()));
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.TURN_OFF));

        UUID second = checkpoints.list(spec.id()).get(1).id();
        FabricOperation delete = checkpoints.delete(spec.id(), second);
        assertEquals(SimDurations.copy(secondDelta, 400_000_000L), length(delete), "merge at the CSV's 400 MB/s");
        finish(h2, fabric, delete);
        List<FabricCheckpoint> left = checkpoints.list(spec.id());
        assertEquals(1, left.size());
        assertTrue(left.get(0).current());
        assertEquals(firstDelta + secondDelta, left.get(0).deltaBytes());
        assertEquals(SimDurations.copy(firstDelta + secondDelta, 400_000_000L),
                length(checkpoints.delete(spec.id(), left.get(0).id())));
    }

    @Test
    void restoreDiscardsChangesAndBringsBackDisksAndConfiguration() throws SQLException {
        VmSpec spec = SimSpecs.v1("web01", 2, 4096, RATE);
        await(h2, fabric, fabric.createVm(spec));
        UUID before = UUID.randomUUID();
        finish(h2, fabric, checkpoints.create(spec.id(), before, "before"));
        sql("UPDATE sim_disk SET used_bytes = used_bytes + " + GIB); // the guest grew its disk
        finish(h2, fabric, fabric.reconfigure(spec.id(), VmHardware.fixed(4, 8192)));
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.START));
        h2.clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(30 * SECOND), deltas(spec.id()));

        finish(h2, fabric, checkpoints.restore(spec.id(), before));
        var vm = fabric.vm(spec.id()).orElseThrow();
        assertEquals(PowerState.STOPPED, vm.state());
        assertEquals(VmHardware.fixed(2, 4096), vm.hardware());
        assertEquals(4 * GIB, vm.disks().get(0).usedBytes());
        assertEquals(List.of(0L), deltas(spec.id()));
    }

    @Test
    void badIdsAndNamesAndRepeatedCalls() {
        VmSpec a = SimSpecs.v1("a", 1, 1024, 0);
        VmSpec b = SimSpecs.v1("b", 1, 1024, 0);
        await(h2, fabric, fabric.createVm(a));
        await(h2, fabric, fabric.createVm(b));
        UUID id = UUID.randomUUID();
        FabricOperation create = checkpoints.create(a.id(), id, "one");
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> checkpoints.create(b.id(), id, "one"));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> checkpoints.create(b.id(), UUID.randomUUID(), " "));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.restore(a.id(), id), "not listed until created");
        finish(h2, fabric, create);
        FabricOperation delete = checkpoints.delete(a.id(), id);
        assertEquals(Duration.ofSeconds(2), length(delete), "an empty delta merges in the minimum 2 s");
        assertEquals(delete.id(), checkpoints.delete(a.id(), id).id());
        assertCode(ClusterErrorCode.INVALID_STATE, () -> checkpoints.restore(a.id(), id));
        finish(h2, fabric, delete);
        assertTrue(checkpoints.list(a.id()).isEmpty());
    }

    @Test
    void aRestartedDriverFinishesACheckpoint() {
        VmSpec spec = running(SimSpecs.v1("app01", 2, 1024, 0));
        FabricOperation create = checkpoints.create(spec.id(), UUID.randomUUID(), "nightly");
        ClusterDriver restarted = h2.driver("demo");
        h2.clock.set(create.estimatedEnd());
        List<FabricCheckpoint> list = restarted.checkpoints().orElseThrow().list(spec.id());
        assertEquals(1, list.size());
        assertEquals(create.started(), list.get(0).created());
        assertEquals(fabric.operation(create.id()), restarted.operation(create.id()));
    }

    private VmSpec running(VmSpec spec) {
        await(h2, fabric, fabric.createVm(spec));
        finish(h2, fabric, fabric.power(spec.id(), PowerAction.START));
        return spec;
    }

    private List<Long> deltas(UUID vmId) {
        return checkpoints.list(vmId).stream().map(FabricCheckpoint::deltaBytes).toList();
    }

    private static long seconds(Duration duration) {
        return RATE * duration.toMillis() / 1000;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = h2.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private static void assertCode(ClusterErrorCode code, org.junit.jupiter.api.function.Executable call,
            String... why) {
        ClusterException e = assertThrows(ClusterException.class, call, String.join(" ", why));
        assertEquals(code, e.code(), e::getMessage);
    }
}
