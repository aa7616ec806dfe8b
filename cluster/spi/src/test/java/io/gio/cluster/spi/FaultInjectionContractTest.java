package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gio.cluster.spi.FaultInjection.ActiveFault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link FaultInjection} and the effects {@link FaultKind} documents; skipped when the driver offers none. */
public abstract class FaultInjectionContractTest extends ClusterDriverContractFixture {

    private static final long GIB = 1L << 30;
    private static final long SLOW = 1L << 20;
    private static final Duration WINDOW = Duration.ofMinutes(10);

    @Test
    void injectRefusesDurationsThatAreNotPositiveAndUnknownTargets() {
        FaultInjection faults = faultsOrSkip();
        String host = fabric.hosts(stamp.id()).get(0).name();
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> faults.inject(FaultKind.HOST_CRASH, host, Duration.ZERO));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                () -> faults.inject(FaultKind.HOST_CRASH, host, Duration.ofSeconds(-1)));
        for (FaultKind kind : FaultKind.values()) {
            assertCode(ClusterErrorCode.NOT_FOUND, () -> faults.inject(kind, "no such " + kind, WINDOW));
        }
        assertTrue(faults.active().isEmpty());
    }

    @Test
    void faultsAreInForceForTheirDurationOldestFirstUntilCleared() {
        FaultInjection faults = faultsOrSkip();
        assumeTrue(clockIsControlled(), "the clock moves by itself");
        ActiveFault crash = faults.inject(FaultKind.HOST_CRASH, fabric.hosts(stamp.id()).get(0).name(), WINDOW);
        assertEquals(FaultKind.HOST_CRASH, crash.kind());
        assertEquals(WINDOW, Duration.between(crash.from(), crash.until()));
        advance(Duration.ofSeconds(1));
        ActiveFault full = faults.inject(FaultKind.VOLUME_FULL, fabric.volumes(stamp.id()).get(0).name(),
                Duration.ofMinutes(1));
        ActiveFault boot = faults.inject(FaultKind.BOOT_FAILURE, stamp.name(), WINDOW);
        assertEquals(List.of(crash, full, boot), faults.active());
        advance(Duration.ofMinutes(1));
        assertEquals(List.of(crash, boot), faults.active(), "a fault ends by itself");
        faults.clear();
        assertTrue(faults.active().isEmpty());
    }

    @Test
    void hostCrashStopsItsVmsFailsTheirOperationsAndNothingStartsThere() {
        FaultInjection faults = faultsOrSkip();
        FabricVm vm = vmIn(PowerState.RUNNING);
        String host = hostName(vm);
        faults.inject(FaultKind.HOST_CRASH, host, WINDOW);
        assertEquals(PowerState.STOPPED, vm(vm.id()).state(), "stopped at once");
        assertCode(ClusterErrorCode.FABRIC_FAILURE, () -> fabric.power(vm.id(), PowerAction.START));
        FabricVm placed = create(vmSpec(nextName(), false));
        assertNotEquals(vm.hostId(), placed.hostId(), "nothing is placed on a crashed host");
        advance(WINDOW);
        assertSucceeded(await(fabric.power(vm.id(), PowerAction.START)));

        assumeTrue(operationsAreObservable(), "operations end before they can be read");
        FabricOperation shutdown = fabric.power(vm.id(), PowerAction.SHUTDOWN);
        faults.inject(FaultKind.HOST_CRASH, host, WINDOW);
        FabricOperation failed = fabric.operation(shutdown.id());
        assertEquals(OperationState.FAILED, failed.state());
        assertEquals(ClusterErrorCode.FABRIC_FAILURE, failed.error().orElseThrow().code());
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.STOPPED, after.state());
        assertTrue(after.runningOperation().isEmpty());
    }

    @Test
    void bootFailureFailsStartsOnItsStampOrHostWithTheVmStopped() {
        FaultInjection faults = faultsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        faults.inject(FaultKind.BOOT_FAILURE, stamp.name(), WINDOW);
        FabricOperation start = await(fabric.power(vm.id(), PowerAction.START));
        assertEquals(OperationState.FAILED, start.state());
        assertEquals(ClusterErrorCode.FABRIC_FAILURE, start.error().orElseThrow().code());
        assertTrue(start.ended().isPresent());
        assertEquals(PowerState.STOPPED, vm(vm.id()).state());
        assertTrue(vm(vm.id()).runningOperation().isEmpty());
        faults.clear();
        faults.inject(FaultKind.BOOT_FAILURE, hostName(vm), WINDOW);
        assertEquals(OperationState.FAILED, await(fabric.power(vm.id(), PowerAction.START)).state(), "on its host");
        advance(WINDOW);
        assertSucceeded(await(fabric.power(vm.id(), PowerAction.START)));
        assertEquals(PowerState.RUNNING, vm(vm.id()).state());
        faults.inject(FaultKind.BOOT_FAILURE, stamp.name(), WINDOW);
        FabricOperation reboot = await(fabric.power(vm.id(), PowerAction.REBOOT));
        assertEquals(OperationState.FAILED, reboot.state(), "a reboot boots the VM too");
        assertEquals(PowerState.STOPPED, vm(vm.id()).state());
    }

    @Test
    void volumeFullRefusesCreationsAndTransfersThereAndFailsRunningOnes() {
        FaultInjection faults = faultsOrSkip();
        Volume volume = fabric.volumes(stamp.id()).get(0);
        Optional<MigrationSupport> migrations = fabric.migrations();
        FabricVm source = create(vmSpec(nextName(), false));
        Optional<Transfer> running = migrations.map(m -> m.startTransfer(transfer(source, volume)));
        faults.inject(FaultKind.VOLUME_FULL, volume.name(), WINDOW);
        Volume full = fabric.volumes(stamp.id()).stream().filter(v -> v.id().equals(volume.id())).findFirst()
                .orElseThrow();
        assertTrue(full.usedBytes() >= full.capacityBytes(), "no free space");
        assertCode(ClusterErrorCode.CAPACITY, () -> fabric.createVm(pinned(volume)));
        migrations.ifPresent(m -> {
            Transfer failed = m.transfer(running.orElseThrow().id());
            assertEquals(OperationState.FAILED, failed.state());
            assertEquals(ClusterErrorCode.CAPACITY, failed.error().orElseThrow().code());
            assertCode(ClusterErrorCode.CAPACITY, () -> m.startTransfer(transfer(source, volume)));
        });
        advance(WINDOW);
        assertSucceeded(await(fabric.createVm(pinned(volume))));
    }

    @Test
    void linkDownFailsTransfersOverItAndRefusesNewOnesUntilItEnds() {
        FaultInjection faults = faultsOrSkip();
        MigrationSupport migrations = migrationsOrSkip();
        Link link = fabric.links().stream().filter(l -> l.fromStampId().equals(stamp.id())
                || l.toStampId().equals(stamp.id())).findFirst().orElse(null);
        assumeTrue(link != null, "no link leaves the test stamp");
        UUID other = link.fromStampId().equals(stamp.id()) ? link.toStampId() : link.fromStampId();
        Volume there = fabric.volumes(other).get(0);
        FabricVm source = create(vmSpec(nextName(), false));
        Transfer running = migrations.startTransfer(transfer(source, there));
        advance(Duration.ofSeconds(10));
        faults.inject(FaultKind.LINK_DOWN, link.name(), WINDOW);
        Transfer failed = migrations.transfer(running.id());
        assertEquals(OperationState.FAILED, failed.state());
        assertEquals(ClusterErrorCode.FABRIC_FAILURE, failed.error().orElseThrow().code());
        assertTrue(failed.bytesDone() > 0 && failed.bytesDone() < failed.bytesTotal(), "stopped part-way");
        advance(Duration.ofSeconds(10));
        assertEquals(failed.bytesDone(), migrations.transfer(running.id()).bytesDone(), "it stays stopped");
        assertCode(ClusterErrorCode.FABRIC_FAILURE, () -> migrations.startTransfer(transfer(source, there)));
        advance(WINDOW);
        assertEquals(OperationState.RUNNING, migrations.startTransfer(transfer(source, there)).state());
    }

    private String hostName(FabricVm vm) {
        return fabric.hosts(vm.stampId()).stream().filter(h -> h.id().equals(vm.hostId())).findFirst()
                .orElseThrow().name();
    }

    private VmSpec pinned(Volume volume) {
        VmSpec spec = vmSpec(nextName(), false);
        DiskSpec disk = spec.disks().get(0);
        return new VmSpec(spec.id(), spec.stampId(), spec.name(), 1, 1024, List.of(new DiskSpec(disk.id(),
                disk.name(), disk.format(), disk.maxBytes(), disk.usedBytes(), 0, Optional.of(volume.id()), true)),
                spec.nics(), false);
    }

    /** A slow FULL transfer of the VM's 1 GiB to the volume, in the VM's format. */
    private static TransferSpec transfer(FabricVm vm, Volume volume) {
        assertEquals(GIB, vm.disks().get(0).usedBytes());
        return new TransferSpec(UUID.randomUUID(), vm.id(), TransferKind.FULL, Optional.empty(), volume.id(),
                vm.disks().get(0).format(), SLOW);
    }
}
