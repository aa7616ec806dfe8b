package io.gio.cluster.sim;

import static io.gio.cluster.sim.SimSpecs.GIB;
import static io.gio.cluster.sim.SimSpecs.assertCode;
import static io.gio.cluster.sim.SimSpecs.count;
import static io.gio.cluster.sim.SimSpecs.finish;
import static io.gio.cluster.sim.SimSpecs.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricSeeding.SeededVm;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.FaultInjection;
import io.gio.cluster.spi.FaultKind;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import io.gio.cluster.spi.VmHardware;
import io.gio.cluster.spi.VmSpec;
import io.gio.cluster.spi.Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each fault kind's effects, as {@link FaultEffects} and {@link FaultRules} model them, and their expiry. */
class SimFaultsTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final UUID STORE1 = SimTopology.volumeId("V2-SOFS-VMSTORE1");
    private static final String N01 = "V1-CL01-N01";

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
    void linkDownFailsCopiesOverItButNotConversionsNorCopiesWithinAStamp() {
        VmSpec a = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("a", 1, 1024, 0));
        VmSpec b = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("b", 1, 1024, 0));
        Transfer converting = migrations.startTransfer(transfer(a, STORE1, 400_000_000L));
        Transfer copying = migrations.startTransfer(transfer(b, STORE1, 100_000_000L));
        Transfer local = migrations.startTransfer(transfer(b, SimTopology.volumeId("V1-CL01-CSV2"), 100_000_000L));
        h2.clock.set(converting.started().plus(SimDurations.copy(4 * GIB, 400_000_000L)).plusSeconds(1));
        Instant down = h2.clock.instant();
        faults.inject(FaultKind.LINK_DOWN, SimTopology.V1_V2_LINK_NAME, HOUR);

        Transfer failed = migrations.transfer(copying.id());
        assertEquals(OperationState.FAILED, failed.state());
        assertEquals(Optional.of(down), failed.ended());
        assertEquals(100_000_000L * Duration.between(copying.started(), down).toMillis() / 1000, failed.bytesDone());
        assertTrue(failed.error().orElseThrow().getMessage().contains(SimTopology.V1_V2_LINK_NAME));
        assertTrue(migrations.transfer(converting.id()).converting(), "the conversion runs on the target");
        h2.clock.set(local.estimatedEnd());
        assertEquals(OperationState.SUCCEEDED, migrations.transfer(converting.id()).state());
        assertEquals(OperationState.SUCCEEDED, migrations.transfer(local.id()).state(), "no link crossed");
        assertCode(ClusterErrorCode.FABRIC_FAILURE, () -> migrations.startTransfer(transfer(a, STORE1, 1)));
        h2.clock.set(down.plus(HOUR));
        assertEquals(OperationState.RUNNING, migrations.startTransfer(transfer(a, STORE1, 1)).state(), "expired");
    }

    @Test
    void volumeFullFailsTransfersToItAndLeavesNoRoomThere() {
        VmSpec a = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("a", 1, 1024, 0));
        Transfer running = migrations.startTransfer(transfer(a, STORE1, 100_000_000L));
        long used = volume(STORE1).usedBytes();
        faults.inject(FaultKind.VOLUME_FULL, "V2-SOFS-VMSTORE1", HOUR);
        Transfer failed = migrations.transfer(running.id());
        assertEquals(OperationState.FAILED, failed.state());
        assertEquals(ClusterErrorCode.CAPACITY, failed.error().orElseThrow().code());
        Volume full = volume(STORE1);
        assertEquals(full.capacityBytes(), full.usedBytes(), "reported without free space");
        assertCode(ClusterErrorCode.CAPACITY, () -> fabric.createVm(SimSpecs.v2("b", 1024)), "pinned there");

        faults.inject(FaultKind.VOLUME_FULL, "V1-CL01-CSV1", HOUR);
        VmSpec pinned = SimSpecs.v1("c", 1, 1024, 0);
        assertCode(ClusterErrorCode.CAPACITY, () -> fabric.createVm(pinned));
        VmSpec free = SimSpecs.v1("d", 1, 1024, 0);
        VmSpec anywhere = new VmSpec(free.id(), free.stampId(), free.name(), 1, 1024, List.of(
                new DiskSpec(UUID.randomUUID(), "d_disk_1", DiskFormat.VHD, GIB, 0, 0,
                        Optional.empty(), true)), free.nics(), false);
        finish(h2, fabric, fabric.createVm(anywhere));
        assertNotEquals(SimTopology.volumeId("V1-CL01-CSV1"), fabric.vm(free.id()).orElseThrow().disks().get(0)
                .volumeId(), "placed on a volume with room");

        h2.clock.advance(HOUR);
        assertEquals(used, volume(STORE1).usedBytes(), "the failed copy's bytes stay until it is discarded");
        migrations.discard(running.id());
        assertEquals(used - 4 * GIB, volume(STORE1).usedBytes());
        finish(h2, fabric, fabric.createVm(pinned));
    }

    @Test
    void hostCrashStopsItsVmsFailsTheirOperationsAndRefusesStartsUntilItEnds() {
        VmSpec creating = SimSpecs.v1("creating", 1, 1024, 0);
        FabricOperation create = fabric.createVm(creating);
        assertEquals(SimTopology.hostId(N01), fabric.vm(creating.id()).orElseThrow().hostId());
        VmSpec running = seed(N01, PowerState.RUNNING);
        VmSpec paused = seed(N01, PowerState.PAUSED);
        VmSpec saved = seed(N01, PowerState.SAVED);
        VmSpec starting = seed(N01, PowerState.STOPPED);
        VmSpec reconfiguring = seed(N01, PowerState.STOPPED);
        VmSpec elsewhere = seed("V1-CL01-N02", PowerState.RUNNING);
        FabricOperation start = fabric.power(starting.id(), PowerAction.START);
        long allocated = allocated(N01);
        FabricOperation grow = fabric.reconfigure(reconfiguring.id(), new VmHardware(2, 4096, Optional.empty()));
        assertEquals(allocated + 3072, allocated(N01));

        faults.inject(FaultKind.HOST_CRASH, N01, HOUR);
        assertEquals(PowerState.CREATION_FAILED, state(creating));
        assertEquals(PowerState.STOPPED, state(running));
        assertEquals(PowerState.STOPPED, state(paused), "its memory is lost");
        assertEquals(PowerState.SAVED, state(saved), "its memory is on disk");
        assertEquals(PowerState.STOPPED, state(starting));
        assertEquals(PowerState.STOPPED, state(reconfiguring));
        assertEquals(PowerState.RUNNING, state(elsewhere));
        for (FabricOperation op : List.of(create, start, grow)) {
            FabricOperation failed = fabric.operation(op.id());
            assertEquals(OperationState.FAILED, failed.state(), op.kind());
            assertEquals(ClusterErrorCode.FABRIC_FAILURE, failed.error().orElseThrow().code());
        }
        assertEquals(1024, fabric.vm(reconfiguring.id()).orElseThrow().memoryMb());
        assertEquals(allocated, allocated(N01), "the failed reconfiguration's memory is given back");
        assertCode(ClusterErrorCode.FABRIC_FAILURE, () -> fabric.power(running.id(), PowerAction.START));
        assertCode(ClusterErrorCode.FABRIC_FAILURE, () -> fabric.power(saved.id(), PowerAction.START));
        finish(h2, fabric, fabric.deleteVm(creating.id()));
        h2.clock.advance(HOUR);
        finish(h2, fabric, fabric.power(running.id(), PowerAction.START));
    }

    @Test
    void hostCrashFailsLiveTransfersAndSwitchOversOfItsVms() {
        VmSpec vm = SimSpecs.v2("app01", 1024);
        fabric.seeding().orElseThrow().seedVms(List.of(new SeededVm(vm, SimTopology.hostId("V2-CL01-N01"),
                PowerState.RUNNING)));
        Transfer live = migrations.startTransfer(new TransferSpec(UUID.randomUUID(), vm.id(), TransferKind.LIVE,
                Optional.empty(), SimTopology.volumeId("V2-SOFS-VMSTORE2"), DiskFormat.VHDX, 1_000_000L));
        faults.inject(FaultKind.HOST_CRASH, "V2-CL01-N01", Duration.ofSeconds(1));
        assertEquals(OperationState.FAILED, migrations.transfer(live.id()).state());
        assertEquals(PowerState.STOPPED, state(vm));
    }

    @Test
    void bootFailureIsJudgedByTheFaultsInForceWhenAStartEnds() {
        VmSpec vm = in(h2, fabric, PowerState.STOPPED, SimSpecs.v1("web01", 1, 1024, 0));
        FabricOperation start = fabric.power(vm.id(), PowerAction.START);
        h2.clock.advance(Duration.ofSeconds(10));
        faults.inject(FaultKind.BOOT_FAILURE, SimTopology.V1_STAMP_NAME, Duration.ofSeconds(10));
        finish(h2, fabric, start);
        assertEquals(PowerState.RUNNING, state(vm), "the fault ended before the boot did");
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.TURN_OFF));

        FabricOperation doomed = fabric.power(vm.id(), PowerAction.START);
        faults.inject(FaultKind.BOOT_FAILURE, SimTopology.V1_STAMP_NAME, HOUR);
        h2.clock.advance(Duration.ofHours(2));
        assertTrue(faults.active().isEmpty());
        FabricOperation failed = fabric.operation(doomed.id());
        assertEquals(OperationState.FAILED, failed.state(), "judged as of its end, however late it is read");
        assertEquals(Optional.of(doomed.estimatedEnd()), failed.ended());
        assertEquals(PowerState.STOPPED, state(vm));

        FabricVm placed = fabric.vm(vm.id()).orElseThrow();
        assertEquals(SimTopology.hostId(N01), placed.hostId());
        faults.inject(FaultKind.BOOT_FAILURE, "V1-CL02-N16", HOUR);
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.START));
        finish(h2, fabric, fabric.power(vm.id(), PowerAction.TURN_OFF));
        faults.inject(FaultKind.BOOT_FAILURE, N01, HOUR);
        FabricOperation onHost = fabric.power(vm.id(), PowerAction.START);
        h2.clock.set(onHost.estimatedEnd());
        assertEquals(OperationState.FAILED, fabric.operation(onHost.id()).state(), "a fault on its host");

        faults.inject(FaultKind.BOOT_FAILURE, SimTopology.V1_STAMP_NAME, HOUR);
        VmSpec base = SimSpecs.v1("boots", 1, 1024, 0);
        VmSpec boots = new VmSpec(base.id(), base.stampId(), base.name(), 1, 1024, base.disks(), base.nics(), true);
        FabricOperation create = fabric.createVm(boots);
        h2.clock.set(create.estimatedEnd());
        assertEquals(OperationState.FAILED, fabric.operation(create.id()).state());
        assertEquals(PowerState.STOPPED, state(boots), "created, but it did not boot");
        faults.clear();
        assertTrue(faults.active().isEmpty());
        finish(h2, fabric, fabric.power(boots.id(), PowerAction.START));
    }

    @Test
    void faultsAreSharedByDriversOfTheFabricAndExpireByThemselves() {
        FaultInjection.ActiveFault fault = faults.inject(FaultKind.HOST_CRASH, N01, Duration.ofMinutes(5));
        assertEquals(List.of(fault), h2.driver("demo").faults().orElseThrow().active());
        h2.clock.set(fault.until().minusNanos(1000));
        assertEquals(List.of(fault), faults.active());
        h2.clock.set(fault.until());
        assertTrue(faults.active().isEmpty());
        assertEquals(1, count(h2, "SELECT COUNT(*) FROM sim_fault"), "kept, to judge late settlements");
    }

    private VmSpec seed(String host, PowerState state) {
        VmSpec vm = SimSpecs.v1(host.toLowerCase() + "-" + state.name().toLowerCase() + UUID.randomUUID()
                .toString().substring(0, 4), 1, 1024, 0);
        fabric.seeding().orElseThrow().seedVms(List.of(new SeededVm(vm, SimTopology.hostId(host), state)));
        return vm;
    }

    private PowerState state(VmSpec vm) {
        return fabric.vm(vm.id()).orElseThrow().state();
    }

    private long allocated(String host) {
        return count(h2, "SELECT allocated_memory_mb FROM sim_host WHERE name = '" + host + "'");
    }

    private Volume volume(UUID id) {
        return fabric.stamps().stream().flatMap(s -> fabric.volumes(s.id()).stream()).filter(v -> v.id().equals(id))
                .findFirst().orElseThrow();
    }

    private static TransferSpec transfer(VmSpec vm, UUID volume, long rate) {
        return new TransferSpec(UUID.randomUUID(), vm.id(), TransferKind.FULL, Optional.empty(), volume,
                volume.equals(STORE1) ? DiskFormat.VHDX : DiskFormat.VHD, rate);
    }
}
