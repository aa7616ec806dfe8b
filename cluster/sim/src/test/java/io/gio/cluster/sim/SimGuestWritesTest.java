package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.count;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gio.cluster.spi.BackupSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricSeeding;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guests' written counters and the content digests made from them ({@link GuestWrites}). */
class SimGuestWritesTest {

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");
    private final MigrationSupport migrations = fabric.migrations().orElseThrow();

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void theCounterGrowsAtTheSumOfTheDisksDirtyRatesOnlyWhileRunning() {
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, twoDisks(1_000_000L, 3_000_000L));
        h2.clock.advance(Duration.ofHours(1));
        assertEquals(0, written(vm));
        FabricOperation start = fabric.power(vm.id(), PowerAction.START);
        h2.clock.set(start.estimatedEnd().minusMillis(1));
        assertEquals(0, written(vm), "booting");
        h2.clock.set(start.estimatedEnd().plusSeconds(10));
        assertEquals(40_000_000L, written(vm), "10 s at 1 + 3 MB/s");
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.PAUSE));
        h2.clock.advance(Duration.ofSeconds(100));
        assertEquals(40_000_000L, written(vm), "paused");
        FabricOperation resume = finish(h2, fabric, fabric.power(vm.id(), PowerAction.RESUME));
        h2.clock.set(resume.ended().orElseThrow().plusMillis(2_500));
        assertEquals(50_000_000L, written(vm), "running again for 2.5 s");
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.SAVE));
        h2.clock.advance(Duration.ofMinutes(10));
        FabricOperation restart = finish(h2, fabric, fabric.power(vm.id(), PowerAction.START));
        h2.clock.set(restart.ended().orElseThrow().plusSeconds(1));
        assertEquals(54_000_000L, written(vm));
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.TURN_OFF));
        long off = written(vm);
        h2.clock.advance(Duration.ofDays(1));
        assertEquals(off, written(vm), "a stopped guest writes nothing");
    }

    @Test
    void theContentChangesOnlyWhenTheGuestWrites() {
        VmSpec quiet = in(h2, fabric, PowerState.RUNNING, SimSpecs.v1("quiet", 1, 1024, 0));
        VmSpec busy = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("busy", 1, 1024, 1_000_000L));
        String quietContent = migrations.contentDigest(quiet.id());
        String busyContent = migrations.contentDigest(busy.id());
        assertNotEquals(quietContent, busyContent, "each VM's disks are its own");
        assertEquals(64, busyContent.length(), "SHA-256 in hex");
        h2.clock.advance(Duration.ofHours(1));
        assertEquals(quietContent, migrations.contentDigest(quiet.id()), "running without writing");
        assertEquals(busyContent, migrations.contentDigest(busy.id()), "stopped");
        finish(h2, fabric, fabric.power(busy.id(), PowerAction.START));
        String booted = migrations.contentDigest(busy.id());
        assertEquals(busyContent, booted, "nothing written while booting");
        h2.clock.advance(Duration.ofMillis(1));
        assertNotEquals(booted, migrations.contentDigest(busy.id()));
    }

    @Test
    void aSeededRunningVmStartsCountingWhenItIsFirstObserved() {
        FabricSeeding seeding = fabric.seeding().orElseThrow();
        VmSpec vm = SimSpecs.v1("seeded", 1, 1024, 1_000_000L);
        seeding.seedVms(List.of(new FabricSeeding.SeededVm(vm, SimTopology.hostId("V1-CL01-N01"), PowerState.RUNNING)));
        h2.clock.advance(Duration.ofSeconds(100));
        assertEquals(0, written(vm), "not observed before");
        h2.clock.advance(Duration.ofSeconds(10));
        assertEquals(10_000_000L, written(vm));
    }

    @Test
    void restoringABackupBringsBackItsContentAndCountsTheRewrite() {
        BackupSupport backups = fabric.backups().orElseThrow();
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("db01", 1, 1024, 1_000_000L));
        String captured = migrations.contentDigest(vm.id());
        UUID backup = UUID.randomUUID();
        finish(h2, fabric, backups.create(vm.id(), backup));
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.START));
        h2.clock.advance(Duration.ofSeconds(20));
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.TURN_OFF));
        assertNotEquals(captured, migrations.contentDigest(vm.id()));
        assertEquals(20_000_000L, written(vm));
        finish(h2, fabric, backups.restore(vm.id(), backup));
        assertEquals(captured, migrations.contentDigest(vm.id()));
        assertEquals(20_000_000L + 4 * GIB, written(vm), "the restore rewrote the disk's used bytes");
    }

    /** The VM's counter as of now. */
    private long written(VmSpec vm) {
        migrations.contentDigest(vm.id()); // settles the counter as of now
        return count(h2, "SELECT written_bytes FROM sim_vm WHERE id = '" + vm.id() + "'");
    }

    private static VmSpec twoDisks(long firstRate, long secondRate) {
        VmSpec base = SimSpecs.v1("files01", 1, 1024, firstRate);
        DiskSpec data = new DiskSpec(UUID.randomUUID(), "files01_disk_2", DiskFormat.VHD, 10 * GIB, 0, secondRate,
                Optional.of(SimTopology.volumeId("V1-CL01-CSV2")), false);
        return new VmSpec(base.id(), base.stampId(), base.name(), 1, 1024, List.of(base.disks().get(0), data),
                base.nics(), false);
    }
}
