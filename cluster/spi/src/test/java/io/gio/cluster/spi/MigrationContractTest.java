package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A driver's transfers ({@link MigrationSupport#startTransfer} and after); skipped when it offers none. */
public abstract class MigrationContractTest extends MigrationContractFixture {

    @Test
    void copyAndConversionAreTimedByTheClockAndCountedOnTheTargetVolume() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        FabricVm vm = sourceVm(0, PowerState.STOPPED);
        long usedBefore = volume(route.volume().id()).usedBytes();
        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), route, RATE));
        assertEquals(vm.id(), t.vmId());
        assertEquals(TransferKind.FULL, t.kind());
        assertEquals(route.volume().id(), t.targetVolumeId());
        assertEquals(GIB, t.bytesTotal(), "the disks' used bytes");
        long rate = cappedRate(vm, route, RATE);
        assertEquals(rate, t.bytesPerSecond());
        assertEquals(usedBefore + GIB, volume(route.volume().id()).usedBytes(), "counted when it starts");
        Duration copy = time(GIB, rate);
        Duration convert = converts(vm, route) ? time(GIB, route.volume().throughputBytesPerSecond()) : Duration.ZERO;
        assertNear(copy.plus(convert), Duration.between(t.started(), t.estimatedEnd()), "copy and conversion");
        assertEquals(migrations.contentDigest(vm.id()), t.contentDigest(), "the source's content at the start");
        if (clockIsControlled()) {
            assertEquals(OperationState.RUNNING, t.state());
            assertEquals(0, t.bytesDone());
            advance(copy.dividedBy(2));
            Transfer half = migrations.transfer(t.id());
            assertTrue(Math.abs(half.bytesDone() - GIB / 2) <= rate / 100, "half copied: " + half.bytesDone());
            assertFalse(half.converting());
            advance(copy.minus(copy.dividedBy(2)).plusMillis(2));
            Transfer copied = migrations.transfer(t.id());
            assertEquals(GIB, copied.bytesDone(), "copied");
            if (convert.compareTo(Duration.ofMillis(4)) > 0) {
                assertEquals(OperationState.RUNNING, copied.state());
                assertTrue(copied.converting(), "converting after the copy");
            }
        }
        Transfer done = succeeded(t);
        assertFalse(done.converting());
        assertEquals(t.estimatedEnd(), done.ended().orElseThrow());
        assertEquals(t.contentDigest(), done.contentDigest());
        assertEquals(usedBefore + GIB, volume(route.volume().id()).usedBytes());
    }

    @Test
    void rateIsCappedByTheVolumesAndThrottleChangesItFromNowOn() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        FabricVm vm = sourceVm(0, PowerState.STOPPED);
        long cap = cappedRate(vm, route, Long.MAX_VALUE);
        Transfer fast = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), route, Long.MAX_VALUE));
        assertEquals(cap, fast.bytesPerSecond(), "capped by the slowest volume");
        migrations.discard(fast.id());

        Transfer t = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), route, RATE));
        long rate = t.bytesPerSecond();
        Duration convert = Duration.between(t.started(), t.estimatedEnd()).minus(time(GIB, rate));
        assumeTrue(clockIsControlled(), "the clock moves by itself");
        advance(time(GIB / 4, rate));
        Transfer slower = migrations.throttle(t.id(), rate / 2);
        assertEquals(rate / 2, slower.bytesPerSecond());
        long done = slower.bytesDone();
        assertTrue(Math.abs(done - GIB / 4) <= rate / 100, "a quarter copied: " + done);
        Instant now = t.started().plus(time(GIB / 4, rate));
        assertNear(time(GIB - done, rate / 2).plus(convert), Duration.between(now, slower.estimatedEnd()),
                "the rest at the new rate");
        assertEquals(cap, migrations.throttle(t.id(), Long.MAX_VALUE).bytesPerSecond(), "capped as at the start");
        Transfer back = migrations.throttle(t.id(), rate);
        assertNear(time(GIB - done, rate).plus(convert), Duration.between(now, back.estimatedEnd()), "back");
        Transfer ended = succeeded(back);
        assertEquals(ended, migrations.throttle(t.id(), 1), "an ended transfer is left as it is");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.throttle(UUID.randomUUID(), RATE));
    }

    @Test
    void startIsIdempotentPerIdAndLeavesTheSourceAsItWas() {
        MigrationSupport migrations = migrationsOrSkip();
        CheckpointSupport checkpoints = checkpointsOrSkip();
        Route route = route();
        FabricVm vm = sourceVm(MIB, PowerState.RUNNING);
        UUID checkpoint = checkpoint(vm.id(), "before");
        FabricVm before = vm(vm.id());
        TransferSpec spec = spec(vm, TransferKind.BASE, Optional.empty(), route, RATE);
        Transfer t = migrations.startTransfer(spec);
        long used = volume(route.volume().id()).usedBytes();
        Transfer again = migrations.startTransfer(new TransferSpec(spec.id(), vm.id(), TransferKind.FULL,
                Optional.empty(), route.volume().id(), route.format(), RATE / 2));
        assertEquals(t.id(), again.id());
        assertEquals(TransferKind.BASE, again.kind(), "the transfer as it is, whatever the call says");
        assertEquals(t.started(), again.started());
        assertEquals(used, volume(route.volume().id()).usedBytes(), "counted once");
        FabricVm other = sourceVm(0, PowerState.STOPPED);
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(new TransferSpec(spec.id(),
                other.id(), TransferKind.FULL, Optional.empty(), route.volume().id(), route.format(), RATE)));

        FabricVm during = vm(vm.id());
        assertEquals(PowerState.RUNNING, during.state(), "the guest keeps running");
        assertTrue(during.runningOperation().isEmpty());
        succeeded(t);
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.RUNNING, after.state());
        assertEquals(before.disks(), after.disks());
        assertEquals(List.of(checkpoint), checkpoints.list(vm.id()).stream().map(FabricCheckpoint::id).toList());
        assertEquals(t.id(), migrations.startTransfer(spec).id(), "idempotent once it has ended");
    }

    @Test
    void refusalsComeInTheDocumentedOrderAndChangeNothing() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        FabricVm running = sourceVm(0, PowerState.RUNNING);
        FabricVm stopped = sourceVm(0, PowerState.STOPPED);
        long used = volume(route.volume().id()).usedBytes();
        UUID unknown = UUID.randomUUID();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.startTransfer(new TransferSpec(UUID.randomUUID(),
                unknown, TransferKind.FULL, Optional.empty(), unknown, route.format(), RATE)));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.startTransfer(new TransferSpec(UUID.randomUUID(),
                stopped.id(), TransferKind.FULL, Optional.empty(), unknown, route.format(), RATE)));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(
                spec(running, TransferKind.DELTA, Optional.of(unknown), route, RATE)));
        Transfer runningCopy = migrations.startTransfer(spec(stopped, TransferKind.FULL, Optional.empty(), route, RATE));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(
                spec(stopped, TransferKind.DELTA, Optional.of(runningCopy.id()), route, RATE)), "not SUCCEEDED yet");
        succeeded(runningCopy);
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(
                spec(running, TransferKind.DELTA, Optional.of(runningCopy.id()), route, RATE)), "another VM's");
        Volume elsewhere = fabric.volumes(route.target().id()).stream()
                .filter(v -> !v.id().equals(route.volume().id())).findFirst().orElse(null);
        if (elsewhere != null) {
            assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(new TransferSpec(
                    UUID.randomUUID(), stopped.id(), TransferKind.DELTA, Optional.of(runningCopy.id()), elsewhere.id(),
                    route.format(), RATE)), "to another volume");
        }
        ClusterException full = assertCode(ClusterErrorCode.INVALID_STATE, () -> migrations.startTransfer(
                spec(running, TransferKind.FULL, Optional.empty(), route, RATE)));
        assertTrue(full.getMessage().contains("RUNNING"), full.getMessage());
        ClusterException live = assertCode(ClusterErrorCode.INVALID_STATE, () -> migrations.startTransfer(
                spec(stopped, TransferKind.LIVE, Optional.empty(), route, RATE)));
        assertTrue(live.getMessage().contains("STOPPED"), live.getMessage());
        if (!(stamp.generation().sharedNothingLiveMigration() && route.target().generation().sharedNothingLiveMigration())) {
            assertCode(ClusterErrorCode.UNSUPPORTED, () -> migrations.startTransfer(
                    spec(running, TransferKind.LIVE, Optional.empty(), route, RATE)), "no shared-nothing migration");
        }
        for (Stamp other : fabric.stamps()) {
            Optional<DiskFormat> lacking = List.of(DiskFormat.values()).stream()
                    .filter(f -> !other.generation().diskFormats().contains(f)).findFirst();
            Optional<Volume> there = fabric.volumes(other.id()).stream().findFirst();
            if (lacking.isPresent() && there.isPresent()) {
                assertCode(ClusterErrorCode.UNSUPPORTED, () -> migrations.startTransfer(new TransferSpec(
                        UUID.randomUUID(), stopped.id(), TransferKind.FULL, Optional.empty(), there.get().id(),
                        lacking.get(), RATE)), "a format " + other.name() + " cannot attach");
            }
            boolean joined = other.id().equals(stamp.id()) || fabric.links().stream().anyMatch(l ->
                    List.of(l.fromStampId(), l.toStampId()).containsAll(List.of(stamp.id(), other.id())));
            if (!joined && there.isPresent()) {
                assertCode(ClusterErrorCode.UNSUPPORTED, () -> migrations.startTransfer(new TransferSpec(
                        UUID.randomUUID(), stopped.id(), TransferKind.FULL, Optional.empty(), there.get().id(),
                        firstFormat(other), RATE)), "no link joins the stamps");
            }
        }
        assertEquals(used + GIB, volume(route.volume().id()).usedBytes(), "only the transfer that started counts");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.transfer(unknown));
    }

    @Test
    void deltaCarriesWhatTheGuestWroteSinceThePreviousTransferStarted() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        long dirty = MIB;
        FabricVm vm = sourceVm(dirty, PowerState.RUNNING);
        Transfer base = succeeded(migrations.startTransfer(spec(vm, TransferKind.BASE, Optional.empty(), route, RATE)));
        assertEquals(GIB, base.bytesTotal());
        advance(Duration.ofSeconds(100));
        FabricOperation off = await(fabric.power(vm.id(), PowerAction.TURN_OFF));
        assertSucceeded(off);
        Transfer delta = migrations.startTransfer(spec(vm, TransferKind.DELTA, Optional.of(base.id()), route, RATE));
        long least = dirty * Duration.between(base.started(), off.started()).toSeconds();
        long most = dirty * (Duration.between(base.started(), off.ended().orElseThrow()).toSeconds() + 1);
        assertTrue(delta.bytesTotal() >= least && delta.bytesTotal() <= most,
                "written while running: " + delta.bytesTotal() + " not in " + least + ".." + most);
        long rate = cappedRate(vm, route, RATE);
        assertNear(time(delta.bytesTotal(), rate).plus(time(delta.bytesTotal(), route.volume().throughputBytesPerSecond())),
                Duration.between(delta.started(), delta.estimatedEnd()), "the copy, then the merge");
        assertEquals(migrations.contentDigest(vm.id()), delta.contentDigest());
        assertFalse(delta.contentDigest().equals(base.contentDigest()), "the guest wrote since the base");
        Transfer second = migrations.startTransfer(spec(vm, TransferKind.DELTA,
                Optional.of(succeeded(delta).id()), route, RATE));
        assertEquals(0, second.bytesTotal(), "a stopped guest writes nothing");
        assertEquals(delta.contentDigest(), second.contentDigest());
    }

    @Test
    void volumeMirrorCopiesTheVolumeAndItsDeltaWhatEveryVmOnItWrote() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        Volume source = fabric.volumes(stamp.id()).get(0);
        FabricVm a = vmOn(stamp, source.id(), GIB, MIB, PowerState.RUNNING);
        FabricVm b = vmOn(stamp, source.id(), GIB, 2 * MIB, PowerState.RUNNING);
        long volumeUsed = volume(source.id()).usedBytes();
        Transfer mirror = migrations.startTransfer(spec(a, TransferKind.VOLUME_MIRROR, Optional.empty(), route, RATE));
        assertEquals(volumeUsed, mirror.bytesTotal(), "the volume's used bytes");
        succeeded(mirror);
        advance(Duration.ofSeconds(60));
        FabricOperation offA = await(fabric.power(a.id(), PowerAction.TURN_OFF));
        FabricOperation offB = await(fabric.power(b.id(), PowerAction.TURN_OFF));
        Transfer delta = migrations.startTransfer(spec(a, TransferKind.DELTA, Optional.of(mirror.id()), route, RATE));
        long least = MIB * Duration.between(mirror.started(), offA.started()).toSeconds()
                + 2 * MIB * Duration.between(mirror.started(), offB.started()).toSeconds();
        long most = MIB * (Duration.between(mirror.started(), offA.ended().orElseThrow()).toSeconds() + 1)
                + 2 * MIB * (Duration.between(mirror.started(), offB.ended().orElseThrow()).toSeconds() + 1);
        assertTrue(delta.bytesTotal() >= least && delta.bytesTotal() <= most,
                "both guests' writes: " + delta.bytesTotal() + " not in " + least + ".." + most);
    }

    @Test
    void discardFreesTheSpaceAndStopsARunningTransfer() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        FabricVm vm = sourceVm(0, PowerState.SAVED);
        long used = volume(route.volume().id()).usedBytes();
        Transfer running = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), route, RATE));
        Transfer done = migrations.startTransfer(spec(vm, TransferKind.FULL, Optional.empty(), route, RATE));
        assertEquals(used + 2 * GIB, volume(route.volume().id()).usedBytes());
        assumeTrue(operationsAreObservable(), "transfers end before they can be read");
        migrations.discard(running.id());
        Transfer stopped = migrations.transfer(running.id());
        assertEquals(OperationState.FAILED, stopped.state());
        assertTrue(stopped.error().isPresent() && stopped.ended().isPresent());
        assertEquals(used + GIB, volume(route.volume().id()).usedBytes(), "freed");
        migrations.discard(running.id());
        assertEquals(used + GIB, volume(route.volume().id()).usedBytes(), "idempotent");
        succeeded(done);
        migrations.discard(done.id());
        assertEquals(used, volume(route.volume().id()).usedBytes());
        assertEquals(OperationState.SUCCEEDED, migrations.transfer(done.id()).state(), "a discard does not rewrite history");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.discard(UUID.randomUUID()));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.startTransfer(
                spec(vm, TransferKind.DELTA, Optional.of(done.id()), route, RATE)), "its data is gone");
    }
}
