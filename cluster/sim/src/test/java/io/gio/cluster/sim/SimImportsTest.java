package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.assertCode;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.in;
import static io.gio.cluster.sim.SimSpecs.length;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.FaultInjection;
import io.gio.cluster.spi.FaultKind;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimImportsTest {

    private static final UUID STORE1 = SimTopology.volumeId("V2-SOFS-VMSTORE1");
    private static final UUID STORE2 = SimTopology.volumeId("V2-SOFS-VMSTORE2");

    private final H2Fabric h2 = new H2Fabric();
    private final ClusterDriver fabric = h2.driver("demo");
    private final MigrationSupport migrations = fabric.migrations().orElseThrow();
    private final FaultInjection faults = fabric.faults().orElseThrow();

    @AfterEach
    void dropDatabase() {
        fabric.close();
        h2.close();
    }

    @Test
    void anImportTakesFiveSecondsAndItsDisksTakeTheirFullSizeOnTheVolume() {
        VmSpec source = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 2, 2048, 0));
        long before = used(STORE1);
        Transfer full = done(migrations.startTransfer(transfer(source, TransferKind.FULL, Optional.empty(), STORE1)));
        assertEquals(before + 4 * GIB, used(STORE1), "the copied bytes");
        ImportSpec spec = importSpec("web01", full.id());
        FabricOperation op = migrations.importVm(spec);
        assertEquals("IMPORT", op.kind());
        assertEquals(SimDurations.IMPORT, length(op));
        assertEquals(Duration.ofSeconds(5), length(op));
        assertEquals(PowerState.CREATING, fabric.vm(spec.vmId()).orElseThrow().state());
        assertEquals(before + 40 * GIB, used(STORE1), "the disk at its full size, as every VM's");
        finish(h2, fabric, op);
        FabricVm vm = fabric.vm(spec.vmId()).orElseThrow();
        assertEquals(PowerState.STOPPED, vm.state());
        FabricDisk disk = vm.disks().get(0);
        assertEquals("web01_disk_1", disk.name());
        assertEquals(DiskFormat.VHDX, disk.format());
        assertEquals("\\\\gio-v2-sofs\\vmstore1\\web01\\web01_disk_1.vhdx", disk.path());
        assertEquals(4 * GIB, disk.usedBytes());

        migrations.discard(full.id());
        assertEquals(before + 40 * GIB, used(STORE1), "the imported VM's data stays");
        finish(h2, fabric, fabric.deleteVm(vm.id()));
        assertEquals(before, used(STORE1), "deleting it frees everything");
    }

    @Test
    void theLiveSwitchOverTakes200MillisecondsWhileTheSourceIsBusyAndCarriesItsLastWrites() {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), "app01_disk_1", DiskFormat.VHDX, GIB, 0, 1_000_000L,
                Optional.of(STORE1), true);
        VmSpec source = in(h2, fabric, PowerState.RUNNING, new VmSpec(UUID.randomUUID(), SimTopology.V2_STAMP_ID,
                "app01", 2, 1024, List.of(disk), List.of(), false));
        Transfer live = done(migrations.startTransfer(new TransferSpec(UUID.randomUUID(), source.id(),
                TransferKind.LIVE, Optional.empty(), STORE2, DiskFormat.VHDX, Long.MAX_VALUE)));
        ImportSpec spec = importSpec("app01", live.id());
        FabricOperation op = migrations.importVm(spec);
        assertEquals(Duration.ofMillis(200), length(op));
        FabricVm busy = fabric.vm(source.id()).orElseThrow();
        assertEquals(PowerState.RUNNING, busy.state());
        assertEquals(Optional.of(op.id()), busy.runningOperation());
        assertTrue(assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(source.id(), PowerAction.SHUTDOWN))
                .getMessage().contains("IMPORT"));
        String before = migrations.contentDigest(source.id());
        h2.clock.set(op.estimatedEnd());
        String atSwitch = migrations.contentDigest(source.id());
        assertNotEquals(before, atSwitch, "the guest wrote during the switch-over");
        assertEquals(atSwitch, migrations.contentDigest(spec.vmId()), "and the new VM has it");
        assertEquals(PowerState.RUNNING, fabric.vm(spec.vmId()).orElseThrow().state());
        assertEquals(PowerState.STOPPED, fabric.vm(source.id()).orElseThrow().state());
        h2.clock.advance(Duration.ofSeconds(1));
        assertNotEquals(atSwitch, migrations.contentDigest(spec.vmId()), "the new VM's guest writes on");
        assertEquals(atSwitch, migrations.contentDigest(source.id()));
    }

    @Test
    void aChainIsImportedOnceWhileItsDataAndItsSourceExist() {
        VmSpec source = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        Transfer full = done(migrations.startTransfer(transfer(source, TransferKind.FULL, Optional.empty(), STORE1)));
        finish(h2, fabric, migrations.importVm(importSpec("web01", full.id())));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.importVm(importSpec("again", full.id())));

        Transfer other = done(migrations.startTransfer(transfer(source, TransferKind.FULL, Optional.empty(), STORE1)));
        migrations.discard(other.id());
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.importVm(importSpec("gone", other.id())));

        Transfer third = done(migrations.startTransfer(transfer(source, TransferKind.FULL, Optional.empty(), STORE1)));
        finish(h2, fabric, fabric.deleteVm(source.id()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.importVm(importSpec("orphan", third.id())));
    }

    @Test
    void restoringACheckpointAfterTheLastTransferTripsTheGuardAndBringsBackItsContent() {
        CheckpointSupport checkpoints = fabric.checkpoints().orElseThrow();
        VmSpec source = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("db01", 1, 1024, 1_000_000L));
        UUID checkpoint = UUID.randomUUID();
        String captured = migrations.contentDigest(source.id());
        finish(h2, fabric, checkpoints.create(source.id(), checkpoint, "before"));
        finish(h2, fabric, fabric.power(source.id(), PowerAction.START));
        h2.clock.advance(Duration.ofSeconds(60));
        finish(h2, fabric, fabric.power(source.id(), PowerAction.TURN_OFF));
        Transfer full = done(migrations.startTransfer(transfer(source, TransferKind.FULL, Optional.empty(), STORE1)));
        assertNotEquals(captured, full.contentDigest());
        finish(h2, fabric, checkpoints.restore(source.id(), checkpoint));
        assertEquals(captured, migrations.contentDigest(source.id()), "the checkpoint's content is back");
        assertCode(ClusterErrorCode.INVALID_STATE, () -> migrations.importVm(importSpec("db01", full.id())));

        Transfer delta = done(migrations.startTransfer(transfer(source, TransferKind.DELTA, Optional.of(full.id()),
                STORE1)));
        assertEquals(4 * GIB, delta.bytesTotal(), "the restore rewrote the disk");
        assertEquals(captured, delta.contentDigest());
        ImportSpec spec = importSpec("db01", delta.id());
        finish(h2, fabric, migrations.importVm(spec));
        assertEquals(captured, migrations.contentDigest(spec.vmId()));
    }

    @Test
    void anImportNeedsRoomOnTheVolumeAndAHostThatIsUp() {
        VmSpec source = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        Transfer full = done(migrations.startTransfer(transfer(source, TransferKind.FULL, Optional.empty(), STORE1)));
        faults.inject(FaultKind.VOLUME_FULL, "V2-SOFS-VMSTORE1", Duration.ofMinutes(1));
        assertCode(ClusterErrorCode.CAPACITY, () -> migrations.importVm(importSpec("web01", full.id())));
        h2.clock.advance(Duration.ofMinutes(1));
        List<Host> hosts = fabric.hosts(SimTopology.V2_STAMP_ID);
        hosts.subList(1, hosts.size()).forEach(h -> faults.inject(FaultKind.HOST_CRASH, h.name(), Duration.ofHours(1)));
        ImportSpec spec = importSpec("web01", full.id());
        finish(h2, fabric, migrations.importVm(spec));
        assertEquals(hosts.get(0).id(), fabric.vm(spec.vmId()).orElseThrow().hostId(), "the one host that is up");
    }

    private Transfer done(Transfer transfer) {
        h2.clock.set(transfer.estimatedEnd());
        Transfer done = migrations.transfer(transfer.id());
        assertEquals(OperationState.SUCCEEDED, done.state(), () -> "failed: " + done);
        return done;
    }

    private long used(UUID volumeId) {
        return fabric.volumes(SimTopology.V2_STAMP_ID).stream().filter(v -> v.id().equals(volumeId))
                .mapToLong(Volume::usedBytes).sum();
    }

    private static TransferSpec transfer(VmSpec vm, TransferKind kind, Optional<UUID> previous, UUID volume) {
        return new TransferSpec(UUID.randomUUID(), vm.id(), kind, previous, volume, DiskFormat.VHDX, 400_000_000L);
    }

    private static ImportSpec importSpec(String name, UUID lastTransfer) {
        return new ImportSpec(UUID.randomUUID(), SimTopology.V2_STAMP_ID, name, 1, 1024, lastTransfer, List.of(
                new NicSpec(UUID.randomUUID(), SimTopology.networkId(SimTopology.V2_STAMP_NAME,
                        SimTopology.TENANT_NETWORK))));
    }
}
