package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Helpers of the {@link MigrationSupport} suites ({@link MigrationContractTest},
 * {@link ImportContractTest}): where transfers go, VMs with pinned disks, and polling transfers.
 */
public abstract class MigrationContractFixture extends ClusterDriverContractFixture {

    protected static final long MIB = 1L << 20;
    protected static final long GIB = 1L << 30;
    /** The rate the tests ask for: slower than the volumes of any fabric meant for VMs. */
    protected static final long RATE = 64 * MIB;

    /** Where the tests' transfers go: a volume, its stamp, and a format that stamp attaches. */
    protected record Route(Stamp target, Volume volume, DiskFormat format) {}

    /**
     * The route of the tests: a volume of another stamp a link joins to the test stamp (with most
     * free space), or else of the test stamp; in a format other than the test VMs' when the target
     * attaches one (so the copy is converted), else in theirs.
     */
    protected Route route() {
        List<UUID> joined = fabric.links().stream()
                .filter(l -> l.fromStampId().equals(stamp.id()) || l.toStampId().equals(stamp.id()))
                .map(l -> l.fromStampId().equals(stamp.id()) ? l.toStampId() : l.fromStampId())
                .toList();
        Stamp target = fabric.stamps().stream().filter(s -> joined.contains(s.id())).findFirst().orElse(stamp);
        Volume volume = fabric.volumes(target.id()).stream()
                .max(Comparator.comparingLong(v -> v.capacityBytes() - v.usedBytes()))
                .orElseThrow(() -> new IllegalStateException("stamp " + target.name() + " has no volume"));
        DiskFormat source = firstFormat(stamp);
        DiskFormat format = target.generation().diskFormats().stream().filter(f -> f != source).findFirst()
                .orElse(source);
        return new Route(target, volume, format);
    }

    /** A new VM on a stamp with one boot disk on the volume, brought to {@code state}. */
    protected FabricVm vmOn(Stamp on, UUID volumeId, long usedBytes, long dirtyBytesPerSecond, PowerState state) {
        String name = nextName();
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", firstFormat(on), 20 * GIB, usedBytes,
                dirtyBytesPerSecond, Optional.of(volumeId), true);
        NicSpec nic = new NicSpec(UUID.randomUUID(), fabric.networks(on.id()).get(0).id());
        FabricVm vm = create(new VmSpec(UUID.randomUUID(), on.id(), name, 1, 1024, List.of(disk), List.of(nic),
                false));
        List<PowerAction> path = switch (state) {
            case STOPPED -> List.of();
            case RUNNING -> List.of(PowerAction.START);
            case SAVED -> List.of(PowerAction.START, PowerAction.SAVE);
            default -> throw new IllegalArgumentException("cannot bring a VM to " + state);
        };
        path.forEach(action -> assertSucceeded(await(fabric.power(vm.id(), action))));
        assertEquals(state, vm(vm.id()).state());
        return vm(vm.id());
    }

    /** A VM of the test stamp with 1 GiB on its first volume. */
    protected FabricVm sourceVm(long dirtyBytesPerSecond, PowerState state) {
        return vmOn(stamp, fabric.volumes(stamp.id()).get(0).id(), GIB, dirtyBytesPerSecond, state);
    }

    protected static TransferSpec spec(FabricVm vm, TransferKind kind, Optional<UUID> previous, Route route,
            long rate) {
        return new TransferSpec(UUID.randomUUID(), vm.id(), kind, previous, route.volume().id(), route.format(), rate);
    }

    /** Polls the transfer, moving the clock, until it ends; bytes done never go back. */
    protected Transfer awaitTransfer(Transfer transfer) {
        MigrationSupport migrations = migrationsOrSkip();
        Transfer current = migrations.transfer(transfer.id());
        Duration waited = Duration.ZERO;
        while (!current.state().isFinal()) {
            if (waited.compareTo(operationTimeout()) >= 0) {
                fail("transfer still running after " + waited + ": " + current);
            }
            advance(pollStep());
            waited = waited.plus(pollStep());
            Transfer next = migrations.transfer(transfer.id());
            assertTrue(next.bytesDone() >= current.bytesDone(), "bytes done never go back");
            assertTrue(next.bytesDone() <= next.bytesTotal());
            current = next;
        }
        return current;
    }

    protected Transfer succeeded(Transfer transfer) {
        Transfer done = awaitTransfer(transfer);
        assertEquals(OperationState.SUCCEEDED, done.state(), () -> "transfer failed: " + done.error());
        assertEquals(done.bytesTotal(), done.bytesDone());
        assertTrue(done.ended().isPresent() && done.error().isEmpty());
        return done;
    }

    /** A volume as it is now. */
    protected Volume volume(UUID volumeId) {
        return fabric.stamps().stream().flatMap(s -> fabric.volumes(s.id()).stream())
                .filter(v -> v.id().equals(volumeId)).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volumeId + " not found"));
    }

    /** The rate a transfer of the VM along the route runs at when {@code asked} is asked for. */
    protected long cappedRate(FabricVm vm, Route route, long asked) {
        long source = vm.disks().stream().mapToLong(d -> volume(d.volumeId()).throughputBytesPerSecond()).min()
                .orElse(Long.MAX_VALUE);
        return Math.min(asked, Math.min(source, route.volume().throughputBytesPerSecond()));
    }

    /** Whether the route's format differs from the VM's disks', so the copy is converted. */
    protected static boolean converts(FabricVm vm, Route route) {
        return vm.disks().stream().anyMatch(d -> d.format() != route.format());
    }

    /** {@code bytes} at {@code bytesPerSecond}. */
    protected static Duration time(long bytes, long bytesPerSecond) {
        return Duration.ofNanos(Math.round(bytes * 1e9 / bytesPerSecond));
    }

    /** Equal within 2 ms, so that drivers may round to the millisecond. */
    protected static void assertNear(Duration expected, Duration actual, String what) {
        assertTrue(expected.minus(actual).abs().compareTo(Duration.ofMillis(2)) <= 0,
                what + ": expected " + expected + ", was " + actual);
    }

    protected static DiskFormat firstFormat(Stamp on) {
        return Arrays.stream(DiskFormat.values()).filter(on.generation().diskFormats()::contains).findFirst()
                .orElseThrow(() -> new IllegalStateException(on.name() + " has no disk format"));
    }
}
