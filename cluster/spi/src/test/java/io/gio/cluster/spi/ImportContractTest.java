package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A driver's {@link MigrationSupport#importVm} and content digests; skipped when it offers no migrations. */
public abstract class ImportContractTest extends MigrationContractFixture {

    @Test
    void importRegistersAStoppedVmWithTheChainsContentOnTheTargetStamp() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        FabricVm source = sourceVm(MIB, PowerState.STOPPED);
        String content = migrations.contentDigest(source.id());
        advance(Duration.ofMinutes(5));
        assertEquals(content, migrations.contentDigest(source.id()), "a VM that does not run keeps its content");
        Transfer full = succeeded(migrations.startTransfer(spec(source, TransferKind.FULL, Optional.empty(), route,
                RATE)));
        assertEquals(content, full.contentDigest());
        FabricNetwork network = fabric.networks(route.target().id()).get(0);
        ImportSpec spec = new ImportSpec(UUID.randomUUID(), route.target().id(), source.name() + "-moved", 2, 2048,
                full.id(), List.of(new NicSpec(UUID.randomUUID(), network.id())));
        FabricOperation op = migrations.importVm(spec);
        assertEquals(spec.vmId(), op.vmId());
        assertEquals(op.id(), migrations.importVm(spec).id(), "idempotent per VM ID");
        assertSucceeded(await(op));
        assertEquals(op.id(), migrations.importVm(spec).id(), "also once it has ended");

        FabricVm imported = vm(spec.vmId());
        assertEquals(PowerState.STOPPED, imported.state());
        assertTrue(imported.runningOperation().isEmpty());
        assertEquals(route.target().id(), imported.stampId());
        assertTrue(fabric.hosts(route.target().id()).stream().anyMatch(h -> h.id().equals(imported.hostId())));
        assertEquals(spec.name(), imported.name());
        assertEquals(2, imported.cpuCount());
        assertEquals(2048, imported.memoryMb());
        assertEquals(source.disks().size(), imported.disks().size());
        for (int i = 0; i < source.disks().size(); i++) {
            FabricDisk was = source.disks().get(i);
            FabricDisk disk = imported.disks().get(i);
            assertEquals(was.name(), disk.name(), "named like the source's");
            assertEquals(route.format(), disk.format());
            assertEquals(route.volume().id(), disk.volumeId());
            assertTrue(disk.path().startsWith(route.volume().path()), disk.path());
            assertTrue(disk.path().endsWith(was.name() + "." + route.format().extension()), disk.path());
            assertEquals(was.maxBytes(), disk.maxBytes());
        }
        assertEquals(1, imported.nics().size());
        FabricNic nic = imported.nics().get(0);
        assertEquals(network.id(), nic.networkId());
        assertTrue(inSubnet(nic.ipv4Addresses().get(0), network.subnet()), nic.ipv4Addresses().toString());
        assertEquals(full.contentDigest(), migrations.contentDigest(imported.id()), "the chain's content");
        assertEquals(content, migrations.contentDigest(source.id()));
        assertEquals(PowerState.STOPPED, vm(source.id()).state(), "the source is left as it was");

        long used = volume(route.volume().id()).usedBytes();
        migrations.discard(full.id());
        assertEquals(used, volume(route.volume().id()).usedBytes(), "the data is the imported VM's");
        assertEquals(OperationState.SUCCEEDED, migrations.transfer(full.id()).state());
    }

    @Test
    void aChainIsImportedOnlyWhileItsSourceWroteNothingSinceItsLastTransferStarted() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        FabricVm source = sourceVm(MIB, PowerState.RUNNING);
        Transfer base = succeeded(migrations.startTransfer(spec(source, TransferKind.BASE, Optional.empty(), route,
                RATE)));
        advance(Duration.ofSeconds(30));
        assertNotEquals(base.contentDigest(), migrations.contentDigest(source.id()), "the running guest writes");
        assertSucceeded(await(fabric.power(source.id(), PowerAction.TURN_OFF)));
        ImportSpec fromBase = importSpec(route, base.id());
        ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE, () -> migrations.importVm(fromBase));
        assertTrue(fabric.vm(fromBase.vmId()).isEmpty(), "nothing was registered: " + e.getMessage());

        Transfer delta = succeeded(migrations.startTransfer(spec(source, TransferKind.DELTA, Optional.of(base.id()),
                route, RATE)));
        assertTrue(delta.bytesTotal() >= 30 * MIB, "at least what was written: " + delta.bytesTotal());
        ImportSpec fromDelta = importSpec(route, delta.id());
        assertSucceeded(await(migrations.importVm(fromDelta)));
        String content = migrations.contentDigest(source.id());
        assertEquals(delta.contentDigest(), content);
        assertEquals(content, migrations.contentDigest(fromDelta.vmId()), "the imported VM holds the source's content");
    }

    @Test
    void importRefusalsComeInTheDocumentedOrderAndRegisterNothing() {
        MigrationSupport migrations = migrationsOrSkip();
        Route route = route();
        FabricVm source = sourceVm(0, PowerState.STOPPED);
        Transfer done = succeeded(migrations.startTransfer(spec(source, TransferKind.FULL, Optional.empty(), route,
                RATE)));
        long used = volume(route.volume().id()).usedBytes();
        UUID unknown = UUID.randomUUID();
        ImportSpec good = importSpec(route, done.id());
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.importVm(with(good, unknown, good.targetStampId(),
                good.nics())));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.importVm(with(good, done.id(), unknown, List.of())));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.importVm(with(good, done.id(), good.targetStampId(),
                List.of(new NicSpec(UUID.randomUUID(), unknown)))));
        if (operationsAreObservable()) {
            Transfer running = migrations.startTransfer(spec(source, TransferKind.FULL, Optional.empty(), route, RATE));
            assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.importVm(importSpec(route, running.id())));
            migrations.discard(running.id());
        }
        fabric.stamps().stream().filter(s -> !s.id().equals(route.target().id())).findFirst().ifPresent(other ->
                assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> migrations.importVm(with(good, done.id(), other.id(),
                        List.of()))));
        Generation generation = route.target().generation();
        assertCode(ClusterErrorCode.UNSUPPORTED, () -> migrations.importVm(new ImportSpec(good.vmId(),
                good.targetStampId(), good.name(), generation.maxCpuPerVm() + 1, 1024, done.id(), good.nics())));
        long biggestHost = fabric.hosts(route.target().id()).stream().mapToLong(Host::memoryMb).max().orElse(0);
        if (biggestHost < generation.maxMemoryMbPerVm()) {
            assertCode(ClusterErrorCode.CAPACITY, () -> migrations.importVm(new ImportSpec(good.vmId(),
                    good.targetStampId(), good.name(), 1, (int) biggestHost + 1, done.id(), good.nics())));
        }
        assertTrue(fabric.vm(good.vmId()).isEmpty(), "nothing was registered");
        assertEquals(used, volume(route.volume().id()).usedBytes());
        assertSucceeded(await(migrations.importVm(good)));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> migrations.contentDigest(unknown));
    }

    @Test
    void aLiveChainSwitchesOverWellUnderASecond() {
        MigrationSupport migrations = migrationsOrSkip();
        Route live = liveRoute();
        FabricVm source = vmOn(live.target(), fabric.volumes(live.target().id()).get(0).id(), GIB, 0,
                PowerState.RUNNING);
        Transfer transfer = migrations.startTransfer(spec(source, TransferKind.LIVE, Optional.empty(), live, RATE));
        assertTrue(transfer.bytesTotal() >= GIB + 1024 * MIB, "disks and memory: " + transfer.bytesTotal());
        succeeded(transfer);
        assertEquals(PowerState.RUNNING, vm(source.id()).state(), "the VM runs on while it is copied");

        ImportSpec spec = importSpec(live, transfer.id());
        FabricOperation op = migrations.importVm(spec);
        Duration length = Duration.between(op.started(), op.estimatedEnd());
        assertTrue(length.compareTo(Duration.ofSeconds(1)) < 0, "well under a second: " + length);
        if (clockIsControlled() && operationsAreObservable()) {
            advance(length.minusMillis(1));
            assertEquals(PowerState.RUNNING, vm(source.id()).state());
            assertNotEquals(PowerState.RUNNING, vm(spec.vmId()).state());
            advance(Duration.ofMillis(1));
            assertSucceeded(fabric.operation(op.id()));
            assertEquals(PowerState.RUNNING, vm(spec.vmId()).state(), "in the same instant");
            assertEquals(PowerState.STOPPED, vm(source.id()).state(), "in the same instant");
        } else {
            assertSucceeded(await(op));
        }
        assertEquals(PowerState.RUNNING, vm(spec.vmId()).state());
        assertEquals(PowerState.STOPPED, vm(source.id()).state());
        assertEquals(migrations.contentDigest(source.id()), migrations.contentDigest(spec.vmId()));

        FabricVm stopped = vmOn(live.target(), fabric.volumes(live.target().id()).get(0).id(), GIB, 0,
                PowerState.RUNNING);
        Transfer second = succeeded(migrations.startTransfer(spec(stopped, TransferKind.LIVE, Optional.empty(), live,
                RATE)));
        assertSucceeded(await(fabric.power(stopped.id(), PowerAction.TURN_OFF)));
        ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE,
                () -> migrations.importVm(importSpec(live, second.id())));
        assertTrue(e.getMessage().contains("STOPPED"), e.getMessage());
    }

    /** A route between stamps that both have shared-nothing live migration (the same one, or linked). */
    protected Route liveRoute() {
        for (Stamp s : fabric.stamps()) {
            if (s.generation().sharedNothingLiveMigration() && fabric.volumes(s.id()).size() > 0) {
                List<Volume> volumes = fabric.volumes(s.id());
                Volume target = volumes.get(volumes.size() - 1);
                return new Route(s, target, firstFormat(s));
            }
        }
        assumeTrue(false, "no stamp has shared-nothing live migration");
        throw new IllegalStateException();
    }

    private ImportSpec importSpec(Route route, UUID lastTransfer) {
        FabricNetwork network = fabric.networks(route.target().id()).get(0);
        return new ImportSpec(UUID.randomUUID(), route.target().id(), nextName(), 1, 1024, lastTransfer,
                List.of(new NicSpec(UUID.randomUUID(), network.id())));
    }

    private static ImportSpec with(ImportSpec spec, UUID lastTransfer, UUID stampId, List<NicSpec> nics) {
        return new ImportSpec(spec.vmId(), stampId, spec.name(), spec.cpuCount(), spec.memoryMb(), lastTransfer, nics);
    }
}
