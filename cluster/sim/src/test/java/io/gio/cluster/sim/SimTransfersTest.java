package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.assertCode;
import static io.gio.cluster.sim.SimSpecs.count;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.in;
import static io.gio.cluster.sim.SimSpecs.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimTransfersTest {

    private static final long CSV = 400_000_000L; // the demo's V1 CSVs' throughput
    private static final long SOFS = 1_500_000_000L; // the demo's V2 shares'
    private static final UUID STORE1 = SimTopology.volumeId("V2-SOFS-VMSTORE1");

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");
    private final MigrationSupport migrations = fabric.migrations().orElseThrow();

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void theSameObjectOnEveryCall() {
        assertTrue(fabric.migrations().orElseThrow() == migrations);
        assertTrue(fabric.faults().orElseThrow() == fabric.faults().orElseThrow());
    }

    @Test
    void theCopyRunsAtTheSlowestRateThenTheConversionAtTheTargetsThroughput() {
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, DiskFormat.VHDX, 1_000_000_000L));
        assertEquals(CSV, t.bytesPerSecond(), "capped by the source CSV");
        Duration copy = SimDurations.copy(4 * GIB, CSV);
        Duration convert = SimDurations.copy(4 * GIB, SOFS);
        assertEquals(Duration.ofMillis(10_738 + 2_864), Duration.between(t.started(), t.estimatedEnd()));
        Instant copied = t.started().plus(copy);

        h2.clock.set(copied.minusMillis(1));
        Transfer copying = migrations.transfer(t.id());
        assertTrue(copying.bytesDone() < 4 * GIB && copying.bytesDone() > 4 * GIB - CSV / 100, "" + copying.bytesDone());
        assertFalse(copying.converting());
        h2.clock.set(copied);
        Transfer converting = migrations.transfer(t.id());
        assertEquals(4 * GIB, converting.bytesDone());
        assertTrue(converting.converting());
        assertEquals(OperationState.RUNNING, converting.state());
        h2.clock.set(copied.plus(convert).minusMillis(1));
        assertTrue(migrations.transfer(t.id()).converting());
        h2.clock.set(copied.plus(convert));
        Transfer done = migrations.transfer(t.id());
        assertEquals(OperationState.SUCCEEDED, done.state());
        assertEquals(Optional.of(t.estimatedEnd()), done.ended());
        assertFalse(done.converting());

        sql(h2, "UPDATE sim_volume SET throughput_bytes_per_second = 100000000 WHERE name = 'V2-SOFS-VMSTORE1'");
        Transfer same = migrations.startTransfer(spec(vm, TransferKind.FULL, DiskFormat.VHD, Long.MAX_VALUE));
        assertEquals(100_000_000L, same.bytesPerSecond(), "capped by the slower target share");
        assertEquals(SimDurations.copy(4 * GIB, 100_000_000L), Duration.between(same.started(), same.estimatedEnd()),
                "no conversion in the same format");
    }

    @Test
    void throttleKeepsWhatWasCopiedAndTimesTheRestAtTheNewRate() {
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, DiskFormat.VHDX, 100_000_000L));
        Duration convert = SimDurations.copy(4 * GIB, SOFS);
        h2.clock.advance(Duration.ofSeconds(10));
        Transfer slower = migrations.throttle(t.id(), 50_000_000L);
        assertEquals(1_000_000_000L, slower.bytesDone());
        Instant copyEnds = h2.clock.instant().plus(SimDurations.copy(4 * GIB - 1_000_000_000L, 50_000_000L));
        assertEquals(copyEnds.plus(convert), slower.estimatedEnd());
        h2.clock.advance(Duration.ofSeconds(10));
        assertEquals(1_500_000_000L, migrations.transfer(t.id()).bytesDone(), "at the new rate from the throttle on");
        h2.clock.set(copyEnds.plusSeconds(1));
        Transfer converting = migrations.throttle(t.id(), 1);
        assertTrue(converting.converting());
        assertEquals(1, converting.bytesPerSecond());
        assertEquals(copyEnds.plus(convert), converting.estimatedEnd(), "the conversion does not use the link");
        assertThrows(IllegalArgumentException.class, () -> migrations.throttle(t.id(), 0));
    }

    @Test
    void aDeltaCopiesWhatTheGuestWroteCappedAtTheDisksSizeThenMerges() {
        VmSpec vm = in(h2, fabric, PowerState.RUNNING, SimSpecs.v1("db01", 2, 2048, 100_000_000L));
        Transfer base = migrations.startTransfer(spec(vm, TransferKind.BASE, DiskFormat.VHD, CSV));
        assertEquals(4 * GIB, base.bytesTotal());
        h2.clock.advance(Duration.ofSeconds(60));
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.TURN_OFF));
        Transfer delta = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), vm.id(), TransferKind.DELTA,
                Optional.of(base.id()), STORE1, DiskFormat.VHD, CSV));
        assertEquals(6_000_000_000L, delta.bytesTotal(), "60 s at 100 MB/s, not the 3 s of stopping");
        assertEquals(Duration.ofSeconds(15 + 4), Duration.between(delta.started(), delta.estimatedEnd()),
                "6 GB at 400 MB/s, merged at 1.5 GB/s");
        h2.clock.set(delta.estimatedEnd());
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.START));
        h2.clock.advance(Duration.ofSeconds(1000));
        Transfer capped = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), vm.id(), TransferKind.DELTA,
                Optional.of(delta.id()), STORE1, DiskFormat.VHD, CSV));
        assertEquals(40 * GIB, capped.bytesTotal(), "100 GB written over a 40 GiB disk");
    }

    @Test
    void liveCopiesTheDisksAndTheMemory() {
        VmSpec vm = in(h2, fabric, PowerState.RUNNING, SimSpecs.v2("app01", 2048));
        Transfer live = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), vm.id(), TransferKind.LIVE,
                Optional.empty(), SimTopology.volumeId("V2-SOFS-VMSTORE2"), DiskFormat.VHDX, Long.MAX_VALUE));
        assertEquals(2 * GIB, live.bytesTotal(), "an empty disk and 2 GiB of memory");
        assertEquals(SOFS, live.bytesPerSecond());
    }

    @Test
    void aMirrorCopiesTheVolumeAndItsDeltaEveryVmsWritesAndNewDisks() {
        VmSpec a = in(h2, fabric, PowerState.RUNNING, SimSpecs.v1("a", 1, 1024, 1_000_000L));
        VmSpec b = in(h2, fabric, PowerState.RUNNING, SimSpecs.v1("b", 1, 1024, 2_000_000L));
        Transfer mirror = migrations.startTransfer(spec(a, TransferKind.VOLUME_MIRROR, DiskFormat.VHD, CSV));
        assertEquals(80 * GIB, mirror.bytesTotal(), "both VMs' 40 GiB disks are allocated on the CSV");
        h2.clock.set(mirror.estimatedEnd());
        VmSpec c = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("c", 1, 1024, 0));
        Instant offA = finish(h2, fabric, fabric.power(a.id(), PowerAction.TURN_OFF)).started();
        Instant offB = finish(h2, fabric, fabric.power(b.id(), PowerAction.TURN_OFF)).started();
        Transfer delta = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), a.id(), TransferKind.DELTA,
                Optional.of(mirror.id()), STORE1, DiskFormat.VHD, CSV));
        long writtenA = 1_000_000L * Duration.between(mirror.started(), offA).toMillis() / 1000;
        long writtenB = 2_000_000L * Duration.between(mirror.started(), offB).toMillis() / 1000;
        assertEquals(writtenA + writtenB + 4 * GIB, delta.bytesTotal(), "a's and b's writes, and " + c.name()
                + "'s new disk");
    }

    @Test
    void refusalsTheSpiLeavesToTheFabric() {
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        Transfer full = migrations.startTransfer(spec(vm, TransferKind.FULL, DiskFormat.VHDX, CSV));
        h2.clock.set(full.estimatedEnd());
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(new TransferSpec(UUID.randomUUID(),
                vm.id(), TransferKind.DELTA, Optional.of(full.id()), STORE1, DiskFormat.VHD, CSV)), "another format");
        sql(h2, "INSERT INTO sim_stamp (id, name, generation_name, hypervisor, max_cpu_per_vm, max_memory_mb_per_vm,"
                + " disk_formats, network_qos, storage_qos, live_storage_migration, shared_nothing_live_migration,"
                + " online_vhdx_resize, online_export) VALUES ('" + SimTopology.id("stamp", "GIO-X") + "', 'GIO-X',"
                + " 'WS2012R2', 'Hyper-V', 64, 1048576, 'VHD,VHDX', TRUE, TRUE, TRUE, TRUE, TRUE, TRUE)");
        UUID island = SimTopology.id("volume", "X-VOL");
        sql(h2, "INSERT INTO sim_volume (id, stamp_id, name, kind, path, capacity_bytes, used_bytes, max_iops,"
                + " throughput_bytes_per_second) VALUES ('" + island + "', '" + SimTopology.id("stamp", "GIO-X")
                + "', 'X-VOL', 'SMB3_SHARE', '\\\\x\\vol', 1099511627776, 0, 1000, 1000000000)");
        assertCode(ClusterErrorCode.UNSUPPORTED, () -> migrations.startTransfer(new TransferSpec(UUID.randomUUID(),
                vm.id(), TransferKind.FULL, Optional.empty(), island, DiskFormat.VHDX, CSV)), "no link");
        sql(h2, "UPDATE sim_volume SET capacity_bytes = used_bytes + " + GIB + " WHERE name = 'V2-SOFS-VMSTORE1'");
        assertCode(ClusterErrorCode.CAPACITY, () -> migrations.startTransfer(spec(vm, TransferKind.FULL,
                DiskFormat.VHDX, CSV)), "4 GiB into 1 GiB");

        VmSpec app = in(h2, fabric, PowerState.RUNNING, SimSpecs.v2("app01", 1024));
        UUID store2 = SimTopology.volumeId("V2-SOFS-VMSTORE2");
        Transfer live = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), app.id(), TransferKind.LIVE,
                Optional.empty(), store2, DiskFormat.VHDX, SOFS));
        h2.clock.set(live.estimatedEnd());
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(new TransferSpec(UUID.randomUUID(),
                app.id(), TransferKind.DELTA, Optional.of(live.id()), store2, DiskFormat.VHDX, SOFS)), "after LIVE");

        VmSpec creating = SimSpecs.v1("new01", 1, 1024, 0);
        fabric.createVm(creating);
        assertCode(ClusterErrorCode.INVALID_STATE, () -> migrations.startTransfer(spec(creating, TransferKind.BASE,
                DiskFormat.VHD, CSV)), "still being created");
    }

    @Test
    void anExportKeepsItsVmStoppedAndAnyTransferKeepsItsVmFromBeingDeleted() {
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        Transfer full = migrations.startTransfer(spec(vm, TransferKind.FULL, DiskFormat.VHD, CSV));
        assertTrue(assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(vm.id(), PowerAction.START))
                .getMessage().contains("exported"));
        assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.deleteVm(vm.id()));
        h2.clock.set(full.estimatedEnd());
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.START));
        Transfer base = migrations.startTransfer(spec(vm, TransferKind.BASE, DiskFormat.VHD, CSV));
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.TURN_OFF));
        assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.deleteVm(vm.id()), "its files are read");
        migrations.discard(base.id());
        finish(h2, fabric, fabric.deleteVm(vm.id()));
        assertEquals(OperationState.SUCCEEDED, migrations.transfer(full.id()).state(), "transfers outlive their VM");
    }

    @Test
    void aRestartedDriverSeesTheSameTransfersAndSettlesThem() {
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, DiskFormat.VHDX, CSV));
        h2.clock.advance(Duration.ofSeconds(5));
        MigrationSupport restarted = h2.driver("demo").migrations().orElseThrow();
        assertEquals(migrations.transfer(t.id()), restarted.transfer(t.id()));
        h2.clock.set(t.estimatedEnd());
        assertEquals(OperationState.SUCCEEDED, restarted.transfer(t.id()).state());
        assertEquals(1, count(h2, "SELECT COUNT(*) FROM sim_transfer WHERE state = 'SUCCEEDED'"));
        assertEquals(migrations.transfer(t.id()), restarted.transfer(t.id()));
    }

    private static TransferSpec spec(VmSpec vm, TransferKind kind, DiskFormat format, long rate) {
        return new TransferSpec(UUID.randomUUID(), vm.id(), kind, Optional.empty(), STORE1, format, rate);
    }
}
