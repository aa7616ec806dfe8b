package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link ClusterDriver} shares. A driver's test extends this class, supplies
 * a fresh driver and a way to move its clock, and overrides the hooks for what it lacks; tests of
 * a missing capability are skipped, not failed.
 */
public abstract class ClusterDriverContractTest {

    private static final long GIB = 1L << 30;

    /** The state each action starts from (per the {@link PowerAction} Javadoc) and where it ends. */
    private static final Map<PowerAction, Set<PowerState>> ALLOWED_FROM = Map.of(
            PowerAction.START, EnumSet.of(PowerState.STOPPED, PowerState.SAVED),
            PowerAction.TURN_OFF, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED, PowerState.SAVED),
            PowerAction.SHUTDOWN, EnumSet.of(PowerState.RUNNING),
            PowerAction.RESET, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED),
            PowerAction.PAUSE, EnumSet.of(PowerState.RUNNING),
            PowerAction.RESUME, EnumSet.of(PowerState.PAUSED),
            PowerAction.SAVE, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED));

    private static final Map<PowerAction, PowerState> ENDS_IN = Map.of(
            PowerAction.START, PowerState.RUNNING,
            PowerAction.TURN_OFF, PowerState.STOPPED,
            PowerAction.SHUTDOWN, PowerState.STOPPED,
            PowerAction.RESET, PowerState.RUNNING,
            PowerAction.PAUSE, PowerState.PAUSED,
            PowerAction.RESUME, PowerState.RUNNING,
            PowerAction.SAVE, PowerState.SAVED);

    private final AtomicInteger vmCounter = new AtomicInteger();

    /** The driver under test, from {@link #driver()}; closed after each test. */
    protected ClusterDriver fabric;

    /** The stamp VMs are created on, from {@link #testStamp(ClusterDriver)}. */
    protected Stamp stamp;

    /**
     * A new driver over a fresh fabric with at least one stamp that has hosts, volumes and a
     * logical network. Called once before each test.
     */
    protected abstract ClusterDriver driver();

    /** Moves the driver's clock forward. A real driver's test may sleep or poll instead. */
    protected abstract void advance(Duration duration);

    /** Whether the driver's clock stands still between {@link #advance} calls. */
    protected boolean clockIsControlled() {
        return true;
    }

    /** Whether an operation is still running, and its VM transitional, right after it starts. */
    protected boolean operationsAreObservable() {
        return true;
    }

    /** How far the clock moves between two polls of a running operation. */
    protected Duration pollStep() {
        return Duration.ofSeconds(5);
    }

    /** The longest an operation of these tests may take before the test fails. */
    protected Duration operationTimeout() {
        return Duration.ofHours(2);
    }

    /** The stamp VMs are created on; the first by default. */
    protected Stamp testStamp(ClusterDriver driver) {
        return driver.stamps().get(0);
    }

    /** A small VM for the tests: one boot disk in the stamp's first format, one NIC. */
    protected VmSpec vmSpec(String name, boolean startAfterCreate) {
        DiskFormat format = firstFormat(stamp.generation());
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", format,
                20 * GIB, GIB, 0, Optional.empty(), true);
        NicSpec nic = new NicSpec(UUID.randomUUID(), fabric.networks(stamp.id()).get(0).id());
        return new VmSpec(UUID.randomUUID(), stamp.id(), name, 1, 1024, List.of(disk), List.of(nic),
                startAfterCreate);
    }

    @BeforeEach
    void openDriver() {
        fabric = driver();
        stamp = testStamp(fabric);
    }

    @AfterEach
    void closeDriver() {
        if (fabric != null) {
            fabric.close();
        }
    }

    @Test
    void inventoryBelongsToItsStamps() {
        List<Stamp> stamps = fabric.stamps();
        assertFalse(stamps.isEmpty(), "a fabric has at least one stamp");
        assertEquals(stamps, fabric.stamps(), "stamps come in a stable order");
        for (Stamp s : stamps) {
            fabric.hosts(s.id()).forEach(h -> assertEquals(s.id(), h.stampId(), h.name()));
            fabric.volumes(s.id()).forEach(v -> {
                assertEquals(s.id(), v.stampId(), v.name());
                assertTrue(v.usedBytes() >= 0 && v.usedBytes() <= v.capacityBytes(), v.name());
            });
            fabric.networks(s.id()).forEach(n -> assertEquals(s.id(), n.stampId(), n.name()));
        }
        Set<UUID> stampIds = stamps.stream().map(Stamp::id).collect(Collectors.toSet());
        for (Link link : fabric.links()) {
            assertTrue(stampIds.contains(link.fromStampId()), link.name());
            assertTrue(stampIds.contains(link.toStampId()), link.name());
        }
        assertFalse(fabric.hosts(stamp.id()).isEmpty());
        assertFalse(fabric.volumes(stamp.id()).isEmpty());
        assertFalse(fabric.networks(stamp.id()).isEmpty());
    }

    @Test
    void unknownStampIsNotFound() {
        UUID unknown = UUID.randomUUID();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.hosts(unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.volumes(unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.networks(unknown));
    }

    @Test
    void createVmRunsWithGrowingProgressThenSucceeds() {
        FabricOperation op = fabric.createVm(vmSpec(nextName(), false));
        assertEquals(OperationState.RUNNING, op.state());
        assertEquals("CREATE", op.kind());
        assertTrue(op.estimatedEnd().isAfter(op.started()) || !operationsAreObservable());
        assumeTrue(operationsAreObservable());
        FabricOperation later = advanceAndRead(op);
        assertTrue(later.state().isFinal() || later.progress() > op.progress(),
                "progress grows: " + op.progress() + " then " + later.progress());
        assertSucceeded(await(later));
    }

    @Test
    void createdVmIsStoppedWithItsDisksAndNics() {
        VmSpec spec = vmSpec(nextName(), false);
        FabricVm vm = create(spec);
        assertEquals(PowerState.STOPPED, vm.state());
        assertEquals(spec.stampId(), vm.stampId());
        assertEquals(spec.name(), vm.name());
        assertEquals(spec.cpuCount(), vm.cpuCount());
        assertEquals(spec.memoryMb(), vm.memoryMb());
        assertTrue(vm.runningOperation().isEmpty());
        assertEquals(spec.disks().size(), vm.disks().size());
        for (FabricDisk disk : vm.disks()) {
            assertTrue(disk.path().toLowerCase(Locale.ROOT).endsWith("." + disk.format().extension()), disk.path());
        }
        assertEquals(spec.nics().size(), vm.nics().size());
        for (int i = 0; i < spec.nics().size(); i++) {
            assertEquals(spec.nics().get(i).networkId(), vm.nics().get(i).networkId());
            assertFalse(vm.nics().get(i).macAddress().isBlank());
        }
        assertTrue(fabric.hosts(stamp.id()).stream().anyMatch(h -> h.id().equals(vm.hostId())));
    }

    @Test
    void createdVmWithStartAfterCreateIsRunning() {
        assertEquals(PowerState.RUNNING, create(vmSpec(nextName(), true)).state());
    }

    @Test
    void createVmIsIdempotentPerId() {
        VmSpec spec = vmSpec(nextName(), false);
        FabricOperation first = fabric.createVm(spec);
        FabricOperation second = fabric.createVm(spec);
        assertEquals(first.id(), second.id());
        assertSucceeded(await(second));
        assertEquals(first.id(), fabric.createVm(spec).id());
        assertEquals(PowerState.STOPPED, vm(spec.id()).state());
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("allowedActions")
    void powerActionReachesItsDocumentedEndState(PowerAction action, PowerState from) {
        FabricVm vm = vmIn(from);
        FabricOperation op = fabric.power(vm.id(), action);
        assertEquals(vm.id(), op.vmId());
        if (operationsAreObservable()) {
            assertEquals(OperationState.RUNNING, op.state());
            FabricVm during = vm(vm.id());
            assertTrue(during.state().isTransitional(), "transitional while running, was " + during.state());
            assertEquals(Optional.of(op.id()), during.runningOperation());
        }
        assertSucceeded(await(op));
        FabricVm after = vm(vm.id());
        assertEquals(ENDS_IN.get(action), after.state());
        assertTrue(after.runningOperation().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = PowerState.class, names = {"STOPPED", "RUNNING", "PAUSED", "SAVED"})
    void disallowedActionIsInvalidStateNamingTheState(PowerState state) {
        FabricVm vm = vmIn(state);
        for (PowerAction action : PowerAction.values()) {
            if (!ALLOWED_FROM.get(action).contains(state)) {
                ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(vm.id(), action));
                assertTrue(e.getMessage().toUpperCase(Locale.ROOT).contains(state.name()),
                        action + ": " + e.getMessage());
            }
        }
        assertEquals(state, vm(vm.id()).state());
    }

    @Test
    void anyActionOnATransitionalVmIsInvalidState() {
        assumeTrue(operationsAreObservable());
        VmSpec spec = vmSpec(nextName(), false);
        FabricOperation create = fabric.createVm(spec);
        assertEquals(PowerState.CREATING, vm(spec.id()).state());
        assertAllRefused(spec.id());
        await(create);
        FabricOperation start = fabric.power(spec.id(), PowerAction.START);
        assertEquals(PowerState.STARTING, vm(spec.id()).state());
        assertAllRefused(spec.id());
        assertSucceeded(await(start));
    }

    @Test
    void unknownVmIsNotFoundOrEmpty() {
        UUID unknown = UUID.randomUUID();
        assertTrue(fabric.vm(unknown).isEmpty());
        for (PowerAction action : PowerAction.values()) {
            assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.power(unknown, action));
        }
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.deleteVm(unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.reconfigure(unknown, VmHardware.fixed(1, 1024)));
        UUID network = fabric.networks(stamp.id()).get(0).id();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.addNic(unknown, new NicSpec(UUID.randomUUID(), network)));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.connectNic(unknown, UUID.randomUUID(), network));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.removeNic(unknown, UUID.randomUUID()));
    }

    @Test
    void deletingARunningVmIsInvalidState() {
        FabricVm vm = create(vmSpec(nextName(), true));
        ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.deleteVm(vm.id()));
        assertTrue(e.getMessage().toUpperCase(Locale.ROOT).contains("RUNNING"), e.getMessage());
    }

    @Test
    void deletingAStoppedVmRemovesIt() {
        FabricVm vm = create(vmSpec(nextName(), false));
        FabricOperation op = fabric.deleteVm(vm.id());
        assertEquals(vm.id(), op.vmId());
        if (operationsAreObservable()) {
            assertEquals(PowerState.DELETING, vm(vm.id()).state());
        }
        assertSucceeded(await(op));
        assertTrue(fabric.vm(vm.id()).isEmpty());
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.power(vm.id(), PowerAction.START));
    }

    @Test
    void moreProcessorsThanTheGenerationAllowsIsUnsupported() {
        int max = stamp.generation().maxCpuPerVm();
        VmSpec small = vmSpec(nextName(), false);
        VmSpec big = new VmSpec(small.id(), small.stampId(), small.name(), max + 1, small.memoryMb(),
                small.disks(), small.nics(), false);
        ClusterException e = assertCode(ClusterErrorCode.UNSUPPORTED, () -> fabric.createVm(big));
        assertTrue(e.getMessage().contains(String.valueOf(max)), e.getMessage());
        assertTrue(fabric.vm(big.id()).isEmpty(), "nothing happens when validation fails");
    }

    @Test
    void moreMemoryThanTheGenerationAllowsIsUnsupported() {
        int max = stamp.generation().maxMemoryMbPerVm();
        assumeTrue(max < Integer.MAX_VALUE);
        VmSpec small = vmSpec(nextName(), false);
        VmSpec big = new VmSpec(small.id(), small.stampId(), small.name(), 1, max + 1,
                small.disks(), small.nics(), false);
        assertCode(ClusterErrorCode.UNSUPPORTED, () -> fabric.createVm(big));
    }

    @Test
    void diskFormatTheGenerationLacksIsUnsupported() {
        Optional<Stamp> lacking = fabric.stamps().stream()
                .filter(s -> s.generation().diskFormats().size() < DiskFormat.values().length)
                .findFirst();
        assumeTrue(lacking.isPresent(), "no stamp lacks a disk format");
        stamp = lacking.get();
        DiskFormat missing = Arrays.stream(DiskFormat.values())
                .filter(f -> !stamp.generation().diskFormats().contains(f)).findFirst().orElseThrow();
        VmSpec spec = vmSpec(nextName(), false);
        DiskSpec disk = spec.disks().get(0);
        VmSpec bad = new VmSpec(spec.id(), spec.stampId(), spec.name(), 1, 1024,
                List.of(new DiskSpec(disk.id(), disk.name(), missing, disk.maxBytes(), disk.usedBytes(),
                        0, Optional.empty(), true)),
                spec.nics(), false);
        ClusterException e = assertCode(ClusterErrorCode.UNSUPPORTED, () -> fabric.createVm(bad));
        assertTrue(e.getMessage().toUpperCase(Locale.ROOT).contains(missing.name()), e.getMessage());
    }

    @Test
    void createOnAnUnknownStampNetworkOrVolumeIsNotFound() {
        VmSpec spec = vmSpec(nextName(), false);
        VmSpec noStamp = new VmSpec(spec.id(), UUID.randomUUID(), spec.name(), 1, 1024,
                spec.disks(), spec.nics(), false);
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.createVm(noStamp));
        VmSpec noNetwork = new VmSpec(spec.id(), spec.stampId(), spec.name(), 1, 1024,
                spec.disks(), List.of(new NicSpec(UUID.randomUUID(), UUID.randomUUID())), false);
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.createVm(noNetwork));
        DiskSpec disk = spec.disks().get(0);
        VmSpec noVolume = new VmSpec(spec.id(), spec.stampId(), spec.name(), 1, 1024,
                List.of(new DiskSpec(disk.id(), disk.name(), disk.format(), disk.maxBytes(), disk.usedBytes(),
                        0, Optional.of(UUID.randomUUID()), true)),
                spec.nics(), false);
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.createVm(noVolume));
        assertTrue(fabric.vm(spec.id()).isEmpty());
    }

    @Test
    void unknownOperationIsNotFound() {
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.operation(UUID.randomUUID()));
    }

    @Test
    void readingAnOperationTwiceAtTheSameInstantGivesTheSameProgress() {
        assumeTrue(clockIsControlled());
        FabricOperation op = fabric.createVm(vmSpec(nextName(), false));
        advance(pollStep());
        FabricOperation first = fabric.operation(op.id());
        FabricOperation second = fabric.operation(op.id());
        assertEquals(first.progress(), second.progress());
        assertEquals(first.state(), second.state());
        assertEquals(first.estimatedEnd(), second.estimatedEnd());
    }

    @Test
    void reconfiguredStoppedVmShowsTheNewValuesOnceTheOperationEnds() {
        FabricVm vm = create(vmSpec(nextName(), false));
        VmHardware wanted = VmHardware.fixed(Math.min(2, stamp.generation().maxCpuPerVm()),
                Math.min(2048, stamp.generation().maxMemoryMbPerVm()));
        FabricOperation op = fabric.reconfigure(vm.id(), wanted);
        assertEquals(vm.id(), op.vmId());
        if (operationsAreObservable()) {
            assertEquals(OperationState.RUNNING, op.state());
            FabricVm during = vm(vm.id());
            assertEquals(Optional.of(op.id()), during.runningOperation());
            assertEquals(vm.hardware(), during.hardware(), "the new values apply when the operation ends");
            assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(vm.id(), PowerAction.START));
        }
        assertSucceeded(await(op));
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.STOPPED, after.state());
        assertEquals(wanted, after.hardware());
        assertEquals(wanted.cpuCount(), after.cpuCount());
        assertEquals(wanted.memoryMb(), after.memoryMb());
        assertTrue(after.runningOperation().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = PowerState.class, names = {"RUNNING", "PAUSED", "SAVED"})
    void reconfiguringAVmThatIsNotStoppedIsInvalidStateNamingTheState(PowerState state) {
        FabricVm vm = vmIn(state);
        ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE,
                () -> fabric.reconfigure(vm.id(), VmHardware.fixed(1, 2048)));
        assertTrue(e.getMessage().toUpperCase(Locale.ROOT).contains(state.name()), e.getMessage());
        assertEquals(vm.hardware(), vm(vm.id()).hardware());
        assertEquals(state, vm(vm.id()).state());
    }

    @Test
    void reconfiguringBeyondTheGenerationIsUnsupportedNamingTheLimit() {
        FabricVm vm = create(vmSpec(nextName(), false));
        Generation generation = stamp.generation();
        int maxCpu = generation.maxCpuPerVm();
        ClusterException cpu = assertCode(ClusterErrorCode.UNSUPPORTED,
                () -> fabric.reconfigure(vm.id(), VmHardware.fixed(maxCpu + 1, 1024)));
        assertTrue(cpu.getMessage().contains(String.valueOf(maxCpu)), cpu.getMessage());
        assertTrue(cpu.getMessage().contains(String.valueOf(maxCpu + 1)), cpu.getMessage());
        int maxMemory = generation.maxMemoryMbPerVm();
        assumeTrue(maxMemory < Integer.MAX_VALUE);
        ClusterException memory = assertCode(ClusterErrorCode.UNSUPPORTED,
                () -> fabric.reconfigure(vm.id(), VmHardware.fixed(1, maxMemory + 1)));
        assertTrue(memory.getMessage().contains(String.valueOf(maxMemory)), memory.getMessage());
        FabricVm after = vm(vm.id());
        assertEquals(vm.hardware(), after.hardware(), "nothing happens when validation fails");
        assertTrue(after.runningOperation().isEmpty());
    }

    @Test
    void checkpointsFormAChainFromTheCurrentOne() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        assertTrue(checkpoints.list(vm.id()).isEmpty());
        UUID first = checkpoint(vm.id(), "first");
        UUID second = checkpoint(vm.id(), "second");
        UUID third = checkpoint(vm.id(), "third");
        List<FabricCheckpoint> list = checkpoints.list(vm.id());
        assertEquals(List.of(first, second, third), ids(list));
        assertEquals(List.of("first", "second", "third"), list.stream().map(FabricCheckpoint::name).toList());
        assertEquals(Optional.empty(), list.get(0).parentId());
        assertEquals(Optional.of(first), list.get(1).parentId());
        assertEquals(Optional.of(second), list.get(2).parentId());
        assertEquals(List.of(false, false, true), list.stream().map(FabricCheckpoint::current).toList());
        for (FabricCheckpoint c : list) {
            assertEquals(vm.id(), c.vmId());
            assertEquals(PowerState.STOPPED, c.capturedState());
        }
        assertEquals(PowerState.STOPPED, vm(vm.id()).state());
    }

    @Test
    void checkpointCreateKeepsThePowerStateAndIsIdempotentPerId() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = vmIn(PowerState.RUNNING);
        UUID id = UUID.randomUUID();
        FabricOperation first = checkpoints.create(vm.id(), id, "before patch");
        assertEquals(first.id(), checkpoints.create(vm.id(), id, "before patch").id());
        if (operationsAreObservable()) {
            FabricVm during = vm(vm.id());
            assertEquals(PowerState.RUNNING, during.state(), "the guest keeps running");
            assertEquals(Optional.of(first.id()), during.runningOperation());
            ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE,
                    () -> fabric.power(vm.id(), PowerAction.PAUSE));
            assertTrue(e.getMessage().contains("RUNNING"), e.getMessage());
        }
        assertSucceeded(await(first));
        assertEquals(first.id(), checkpoints.create(vm.id(), id, "before patch").id());
        List<FabricCheckpoint> list = checkpoints.list(vm.id());
        assertEquals(List.of(id), ids(list));
        assertEquals(PowerState.RUNNING, list.get(0).capturedState());
        assertEquals(PowerState.RUNNING, vm(vm.id()).state());
    }

    @Test
    void restoringAnOlderCheckpointKeepsTheLaterOnesAndMakesItCurrent() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID first = checkpoint(vm.id(), "first");
        UUID second = checkpoint(vm.id(), "second");
        UUID third = checkpoint(vm.id(), "third");
        assertSucceeded(await(checkpoints.restore(vm.id(), first)));
        List<FabricCheckpoint> list = checkpoints.list(vm.id());
        assertEquals(List.of(first, second, third), ids(list));
        assertEquals(List.of(true, false, false), list.stream().map(FabricCheckpoint::current).toList());
        UUID fourth = checkpoint(vm.id(), "fourth");
        assertEquals(Optional.of(first), find(checkpoints.list(vm.id()), fourth).parentId(),
                "a new checkpoint descends from the restored one");
    }

    @Test
    void restoreReturnsTheCapturedPowerState() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID stopped = checkpoint(vm.id(), "stopped");
        assertSucceeded(await(fabric.power(vm.id(), PowerAction.START)));
        UUID running = checkpoint(vm.id(), "running");
        assertEquals(PowerState.RUNNING, find(checkpoints.list(vm.id()), running).capturedState());

        FabricOperation toStopped = checkpoints.restore(vm.id(), stopped);
        if (operationsAreObservable()) {
            FabricVm during = vm(vm.id());
            assertTrue(during.state().isTransitional(), "transitional while restoring, was " + during.state());
            assertEquals(Optional.of(toStopped.id()), during.runningOperation());
        }
        assertSucceeded(await(toStopped));
        assertEquals(PowerState.STOPPED, vm(vm.id()).state());
        assertSucceeded(await(checkpoints.restore(vm.id(), running)));
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.RUNNING, after.state());
        assertTrue(after.runningOperation().isEmpty());
    }

    @Test
    void deletingACheckpointGivesItsChildrenItsParent() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID first = checkpoint(vm.id(), "first");
        UUID second = checkpoint(vm.id(), "second");
        UUID third = checkpoint(vm.id(), "third");
        FabricOperation op = checkpoints.delete(vm.id(), second);
        assertEquals(vm.id(), op.vmId());
        assertSucceeded(await(op));
        List<FabricCheckpoint> list = checkpoints.list(vm.id());
        assertEquals(List.of(first, third), ids(list));
        assertEquals(Optional.of(first), list.get(1).parentId());
        assertTrue(list.get(1).current());

        assertSucceeded(await(checkpoints.delete(vm.id(), third)));
        list = checkpoints.list(vm.id());
        assertEquals(List.of(first), ids(list));
        assertTrue(list.get(0).current(), "deleting the current checkpoint makes its parent current");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.delete(vm.id(), third));
        assertEquals(PowerState.STOPPED, vm(vm.id()).state());
    }

    @Test
    void unknownVmOrCheckpointIsNotFound() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        UUID unknown = UUID.randomUUID();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.list(unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.create(unknown, UUID.randomUUID(), "x"));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.restore(unknown, UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.delete(unknown, UUID.randomUUID()));
        FabricVm owner = create(vmSpec(nextName(), false));
        FabricVm other = create(vmSpec(nextName(), false));
        UUID ofOwner = checkpoint(owner.id(), "mine");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.restore(other.id(), ofOwner));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.delete(other.id(), ofOwner));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.restore(owner.id(), unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.delete(owner.id(), unknown));
        assertTrue(checkpoints.list(other.id()).isEmpty());
        assertEquals(List.of(ofOwner), ids(checkpoints.list(owner.id())));
    }

    @Test
    void deletingAVmDeletesItsCheckpoints() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        checkpoint(vm.id(), "first");
        checkpoint(vm.id(), "second");
        assertSucceeded(await(fabric.deleteVm(vm.id())));
        assertTrue(fabric.vm(vm.id()).isEmpty());
        assertCode(ClusterErrorCode.NOT_FOUND, () -> checkpoints.list(vm.id()));
    }

    @Test
    void backupOfARunningVmKeepsItRunningAndIsListedOnceComplete() {
        BackupSupport backups = backupsOrSkip();
        FabricVm vm = vmIn(PowerState.RUNNING);
        UUID id = UUID.randomUUID();
        FabricOperation op = backups.create(vm.id(), id);
        assertEquals(vm.id(), op.vmId());
        assertEquals(op.id(), backups.create(vm.id(), id).id(), "idempotent per backup ID");
        if (operationsAreObservable()) {
            FabricVm during = vm(vm.id());
            assertEquals(PowerState.RUNNING, during.state(), "the guest keeps running");
            assertEquals(Optional.of(op.id()), during.runningOperation());
            assertTrue(backups.list(vm.id()).isEmpty(), "not listed while the copy runs");
            assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(vm.id(), PowerAction.PAUSE));
        }
        assertSucceeded(await(op));
        List<FabricBackup> list = backups.list(vm.id());
        assertEquals(List.of(id), backupIds(list));
        FabricBackup backup = list.get(0);
        assertEquals(vm.id(), backup.vmId());
        assertEquals(BackupConsistency.CRASH_CONSISTENT, backup.consistency());
        assertFalse(backup.completed().isBefore(backup.started()));
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.RUNNING, after.state());
        assertTrue(after.runningOperation().isEmpty());
        assertEquals(op.id(), backups.create(vm.id(), id).id(), "idempotent once it has ended");
        fabric.checkpoints().ifPresent(checkpoints -> assertTrue(checkpoints.list(vm.id()).isEmpty(),
                "the backup's temporary checkpoint is never listed"));
    }

    @Test
    void backupOfAStoppedVmIsConsistentAndRestoresOnlyIntoAStoppedVm() {
        BackupSupport backups = backupsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID id = backup(vm.id());
        FabricBackup backup = backups.list(vm.id()).get(0);
        assertEquals(BackupConsistency.CONSISTENT, backup.consistency());
        assertEquals(vm.disks().stream().mapToLong(FabricDisk::usedBytes).sum(), backup.sizeBytes(),
                "a stopped VM's disks' used bytes");
        assertSucceeded(await(fabric.power(vm.id(), PowerAction.START)));
        ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE, () -> backups.restore(vm.id(), id));
        assertTrue(e.getMessage().toUpperCase(Locale.ROOT).contains("RUNNING"), e.getMessage());
        assertSucceeded(await(fabric.power(vm.id(), PowerAction.TURN_OFF)));

        FabricOperation restore = backups.restore(vm.id(), id);
        assertEquals(vm.id(), restore.vmId());
        if (operationsAreObservable()) {
            FabricVm during = vm(vm.id());
            assertEquals(PowerState.STOPPED, during.state());
            assertEquals(Optional.of(restore.id()), during.runningOperation());
            assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(vm.id(), PowerAction.START));
        }
        assertSucceeded(await(restore));
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.STOPPED, after.state());
        assertTrue(after.runningOperation().isEmpty());
        assertEquals(List.of(id), backupIds(backups.list(vm.id())), "a restored backup stays");
    }

    @Test
    void restoringABackupDiscardsTheCheckpoints() {
        BackupSupport backups = backupsOrSkip();
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID id = backup(vm.id());
        checkpoint(vm.id(), "after the backup");
        assertSucceeded(await(backups.restore(vm.id(), id)));
        assertTrue(checkpoints.list(vm.id()).isEmpty());
        UUID fresh = checkpoint(vm.id(), "fresh");
        assertEquals(Optional.empty(), find(checkpoints.list(vm.id()), fresh).parentId());
    }

    @Test
    void deletedBackupsAreGoneAndBackupsGoWithTheirVm() {
        BackupSupport backups = backupsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID first = backup(vm.id());
        advance(pollStep());
        UUID second = backup(vm.id());
        assertEquals(List.of(first, second), backupIds(backups.list(vm.id())), "oldest first");
        backups.delete(vm.id(), first);
        assertEquals(List.of(second), backupIds(backups.list(vm.id())));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(vm.id(), first));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.restore(vm.id(), first));
        assertSucceeded(await(fabric.deleteVm(vm.id())));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.list(vm.id()));
    }

    @Test
    void unknownVmOrBackupIsNotFound() {
        BackupSupport backups = backupsOrSkip();
        UUID unknown = UUID.randomUUID();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.list(unknown));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.create(unknown, UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.restore(unknown, UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(unknown, UUID.randomUUID()));
        FabricVm owner = create(vmSpec(nextName(), false));
        FabricVm other = create(vmSpec(nextName(), false));
        UUID ofOwner = backup(owner.id());
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.restore(other.id(), ofOwner));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.delete(other.id(), ofOwner));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> backups.restore(owner.id(), unknown));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> backups.create(other.id(), ofOwner));
        assertTrue(backups.list(other.id()).isEmpty());
        assertEquals(List.of(ofOwner), backupIds(backups.list(owner.id())));
    }

    @Test
    void qosTheGenerationLacksIsUnsupportedNamingItButClearingIsAllowed() {
        QosSupport qos = qosOrSkip();
        Optional<Stamp> lacking = fabric.stamps().stream().filter(s -> !s.generation().networkQos()).findFirst();
        assumeTrue(lacking.isPresent(), "every stamp has network QoS");
        stamp = lacking.get();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID nic = vm.nics().get(0).id();
        Generation generation = stamp.generation();
        ClusterException e = assertCode(ClusterErrorCode.UNSUPPORTED, () -> qos.setNetworkQos(vm.id(), nic,
                new NetworkQos(OptionalLong.of(1_000_000_000L), OptionalLong.empty())));
        assertTrue(e.getMessage().contains(generation.hypervisor()) || e.getMessage().contains(generation.name()),
                e.getMessage());
        assertEquals(NetworkQos.none(), qos.setNetworkQos(vm.id(), nic, NetworkQos.none()));
        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));
        if (!generation.storageQos()) {
            UUID disk = vm.disks().get(0).id();
            assertCode(ClusterErrorCode.UNSUPPORTED, () -> qos.setStorageQos(vm.id(), disk,
                    new StorageQos(OptionalLong.of(1_000), OptionalLong.empty())));
            assertEquals(StorageQos.none(), qos.setStorageQos(vm.id(), disk, StorageQos.none()));
        }
    }

    @Test
    void qosIsSetReadClearedAndBoundedByTheHostAndTheVolume() {
        QosSupport qos = qosOrSkip();
        Optional<Stamp> capable = fabric.stamps().stream()
                .filter(s -> s.generation().networkQos() && s.generation().storageQos()).findFirst();
        assumeTrue(capable.isPresent(), "no stamp has network and storage QoS");
        stamp = capable.get();
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID nic = vm.nics().get(0).id();
        UUID disk = vm.disks().get(0).id();
        long bandwidth = fabric.hosts(stamp.id()).stream().filter(h -> h.id().equals(vm.hostId()))
                .findFirst().orElseThrow().nicBandwidthBitsPerSecond();
        int iops = fabric.volumes(stamp.id()).stream().filter(v -> v.id().equals(vm.disks().get(0).volumeId()))
                .findFirst().orElseThrow().maxIops();

        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));
        NetworkQos network = new NetworkQos(OptionalLong.of(bandwidth), OptionalLong.of(bandwidth / 10));
        assertEquals(network, qos.setNetworkQos(vm.id(), nic, network));
        assertEquals(network, qos.networkQos(vm.id(), nic));
        ClusterException tooMuch = assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setNetworkQos(vm.id(),
                nic, new NetworkQos(OptionalLong.empty(), OptionalLong.of(bandwidth + 1))));
        assertTrue(tooMuch.getMessage().contains(String.valueOf(bandwidth)), tooMuch.getMessage());
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setNetworkQos(vm.id(), nic,
                new NetworkQos(OptionalLong.of(1_000), OptionalLong.of(2_000))));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setNetworkQos(vm.id(), nic,
                new NetworkQos(OptionalLong.of(0), OptionalLong.empty())));
        assertEquals(network, qos.networkQos(vm.id(), nic), "refused calls change nothing");
        assertEquals(NetworkQos.none(), qos.setNetworkQos(vm.id(), nic, NetworkQos.none()));
        assertEquals(NetworkQos.none(), qos.networkQos(vm.id(), nic));

        StorageQos storage = new StorageQos(OptionalLong.of(iops), OptionalLong.of(iops / 10));
        assertEquals(storage, qos.setStorageQos(vm.id(), disk, storage));
        assertEquals(storage, qos.storageQos(vm.id(), disk));
        ClusterException tooMany = assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> qos.setStorageQos(vm.id(),
                disk, new StorageQos(OptionalLong.empty(), OptionalLong.of(iops + 1L))));
        assertTrue(tooMany.getMessage().contains(String.valueOf(iops)), tooMany.getMessage());
        assertEquals(StorageQos.none(), qos.setStorageQos(vm.id(), disk, StorageQos.none()));
        assertEquals(StorageQos.none(), qos.storageQos(vm.id(), disk));

        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.networkQos(UUID.randomUUID(), nic));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.networkQos(vm.id(), UUID.randomUUID()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> qos.storageQos(vm.id(), UUID.randomUUID()));
    }

    @Test
    void anAddedNicIsListedOnceItsOperationEndsAndTheAddIsIdempotentPerId() {
        FabricVm vm = create(vmSpec(nextName(), false));
        FabricNetwork network = fabric.networks(stamp.id()).get(0);
        NicSpec nic = new NicSpec(UUID.randomUUID(), network.id());
        FabricOperation op = fabric.addNic(vm.id(), nic);
        assertEquals(vm.id(), op.vmId());
        if (operationsAreObservable()) {
            assertEquals(OperationState.RUNNING, op.state());
            FabricVm during = vm(vm.id());
            assertEquals(PowerState.STOPPED, during.state(), "the VM stays stopped");
            assertEquals(Optional.of(op.id()), during.runningOperation());
            assertEquals(vm.nics(), during.nics(), "the adapter is listed once the operation has ended");
            assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(vm.id(), PowerAction.START));
            assertEquals(op.id(), fabric.addNic(vm.id(), nic).id(), "a repeated call returns the running add");
        }
        assertSucceeded(await(op));
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.STOPPED, after.state());
        assertTrue(after.runningOperation().isEmpty());
        assertEquals(vm.nics().size() + 1, after.nics().size());
        assertEquals(vm.nics(), after.nics().subList(0, vm.nics().size()), "the VM's other adapters are unchanged");
        FabricNic added = after.nics().get(after.nics().size() - 1);
        assertEquals(nic.id(), added.id());
        assertEquals(network.id(), added.networkId());
        assertTrue(added.macAddress().matches("[0-9A-F]{2}(:[0-9A-F]{2}){5}"), added.macAddress());
        assertFalse(added.ipv4Addresses().isEmpty());
        added.ipv4Addresses().forEach(ip -> assertTrue(inSubnet(ip, network.subnet()), ip + " in " + network.subnet()));
        assertEquals(op.id(), fabric.addNic(vm.id(), nic).id(), "an ended add is answered with its operation");
        assertEquals(after.nics(), vm(vm.id()).nics());
    }

    @Test
    void staticMacAddressesAreKeptAndMalformedOnesAreInvalidArguments() {
        VmSpec spec = vmSpec(nextName(), false);
        UUID network = spec.nics().get(0).networkId();
        VmSpec withStatic = new VmSpec(spec.id(), spec.stampId(), spec.name(), 1, 1024, spec.disks(),
                List.of(new NicSpec(spec.nics().get(0).id(), network, Optional.of("00:1D:D8:B7:1C:00"))), false);
        FabricVm vm = create(withStatic);
        assertEquals("00:1D:D8:B7:1C:00", vm.nics().get(0).macAddress());
        NicSpec second = new NicSpec(UUID.randomUUID(), network, Optional.of("00:1D:D8:B7:1C:01"));
        assertSucceeded(await(fabric.addNic(vm.id(), second)));
        assertEquals("00:1D:D8:B7:1C:01", vm(vm.id()).nics().get(1).macAddress());
        for (String bad : List.of("00:1d:d8:b7:1c:02", "00-1D-D8-B7-1C-02", "001DD8B71C02", "01:00:5E:00:00:01",
                "00:00:00:00:00:00", "00:1D:D8:B7:1C")) {
            assertCode(ClusterErrorCode.INVALID_ARGUMENT,
                    () -> fabric.addNic(vm.id(), new NicSpec(UUID.randomUUID(), network, Optional.of(bad))));
        }
        VmSpec other = vmSpec(nextName(), false);
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> fabric.createVm(new VmSpec(other.id(), other.stampId(),
                other.name(), 1, 1024, other.disks(), List.of(new NicSpec(UUID.randomUUID(), network,
                        Optional.of("FF:FF:FF:FF:FF:FF"))), false)));
        assertTrue(fabric.vm(other.id()).isEmpty(), "nothing happens when validation fails");
        assertEquals(2, vm(vm.id()).nics().size());
        assertTrue(vm(vm.id()).runningOperation().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = PowerState.class, names = {"RUNNING", "PAUSED", "SAVED"})
    void addingOrRemovingANicOfAVmThatIsNotStoppedIsInvalidStateNamingTheState(PowerState state) {
        FabricVm vm = vmIn(state);
        ClusterException add = assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.addNic(vm.id(),
                new NicSpec(UUID.randomUUID(), vm.nics().get(0).networkId())));
        assertTrue(add.getMessage().toUpperCase(Locale.ROOT).contains(state.name()), add.getMessage());
        ClusterException remove = assertCode(ClusterErrorCode.INVALID_STATE,
                () -> fabric.removeNic(vm.id(), vm.nics().get(0).id()));
        assertTrue(remove.getMessage().toUpperCase(Locale.ROOT).contains(state.name()), remove.getMessage());
        FabricVm after = vm(vm.id());
        assertEquals(vm.nics(), after.nics());
        assertEquals(state, after.state());
        assertTrue(after.runningOperation().isEmpty(), "nothing starts");
    }

    @Test
    void addNicChecksTheVmTheIdAndTheNetwork() {
        FabricVm vm = create(vmSpec(nextName(), false));
        FabricVm other = create(vmSpec(nextName(), false));
        UUID network = vm.nics().get(0).networkId();
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.addNic(UUID.randomUUID(),
                new NicSpec(UUID.randomUUID(), network)));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.addNic(vm.id(),
                new NicSpec(UUID.randomUUID(), UUID.randomUUID())));
        fabric.stamps().stream().filter(s -> !s.id().equals(stamp.id())).findFirst()
                .flatMap(s -> fabric.networks(s.id()).stream().findFirst())
                .ifPresent(foreign -> assertCode(ClusterErrorCode.NOT_FOUND,
                        () -> fabric.addNic(vm.id(), new NicSpec(UUID.randomUUID(), foreign.id()))));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> fabric.addNic(vm.id(),
                new NicSpec(vm.nics().get(0).id(), network))); // an adapter of the VM
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> fabric.addNic(vm.id(),
                new NicSpec(other.nics().get(0).id(), network))); // an adapter of another VM
        NicSpec added = new NicSpec(UUID.randomUUID(), network);
        assertSucceeded(await(fabric.addNic(other.id(), added)));
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> fabric.addNic(vm.id(), added)); // added to another VM
        assertEquals(vm.nics(), vm(vm.id()).nics());
        assertTrue(vm(vm.id()).runningOperation().isEmpty());
    }

    @Test
    void aVmHasAtMostTheGenerationsNumberOfNics() {
        FabricVm vm = create(vmSpec(nextName(), false));
        UUID network = vm.nics().get(0).networkId();
        for (int i = vm.nics().size(); i < Generation.MAX_NICS_PER_VM; i++) {
            assertSucceeded(await(fabric.addNic(vm.id(), new NicSpec(UUID.randomUUID(), network))));
        }
        assertEquals(Generation.MAX_NICS_PER_VM, vm(vm.id()).nics().size());
        ClusterException e = assertCode(ClusterErrorCode.UNSUPPORTED,
                () -> fabric.addNic(vm.id(), new NicSpec(UUID.randomUUID(), network)));
        assertTrue(e.getMessage().contains(String.valueOf(Generation.MAX_NICS_PER_VM)), e.getMessage());
        assertTrue(vm(vm.id()).runningOperation().isEmpty(), "nothing starts");

        VmSpec spec = vmSpec(nextName(), false);
        List<NicSpec> nine = Stream.generate(() -> new NicSpec(UUID.randomUUID(), network))
                .limit(Generation.MAX_NICS_PER_VM + 1L).toList();
        assertCode(ClusterErrorCode.UNSUPPORTED, () -> fabric.createVm(new VmSpec(spec.id(), spec.stampId(),
                spec.name(), 1, 1024, spec.disks(), nine, false)));
        assertTrue(fabric.vm(spec.id()).isEmpty());
    }

    @Test
    void aRunningVmsNicIsReconnectedOnline() {
        List<FabricNetwork> networks = fabric.networks(stamp.id());
        assumeTrue(networks.size() >= 2, "the stamp has one logical network");
        FabricVm vm = vmIn(PowerState.RUNNING);
        FabricNic nic = vm.nics().get(0);
        FabricNetwork target = networks.stream().filter(n -> !n.id().equals(nic.networkId())).findFirst().orElseThrow();
        FabricOperation op = fabric.connectNic(vm.id(), nic.id(), target.id());
        assertEquals(vm.id(), op.vmId());
        if (operationsAreObservable()) {
            FabricVm during = vm(vm.id());
            assertEquals(PowerState.RUNNING, during.state(), "the guest keeps running");
            assertEquals(Optional.of(op.id()), during.runningOperation());
            assertEquals(nic.networkId(), during.nics().get(0).networkId());
            assertEquals(op.id(), fabric.connectNic(vm.id(), nic.id(), target.id()).id(), "the same call again");
            assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.connectNic(vm.id(), nic.id(), nic.networkId()));
        }
        assertSucceeded(await(op));
        FabricVm after = vm(vm.id());
        assertEquals(PowerState.RUNNING, after.state());
        assertTrue(after.runningOperation().isEmpty());
        FabricNic moved = after.nics().get(0);
        assertEquals(nic.id(), moved.id());
        assertEquals(nic.macAddress(), moved.macAddress());
        assertEquals(target.id(), moved.networkId());
        moved.ipv4Addresses().forEach(ip -> assertTrue(inSubnet(ip, target.subnet()), ip + " in " + target.subnet()));

        assertSucceeded(await(fabric.connectNic(vm.id(), nic.id(), target.id())));
        assertEquals(moved, vm(vm.id()).nics().get(0), "connecting to the same network keeps the address");
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.connectNic(UUID.randomUUID(), nic.id(), target.id()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.connectNic(vm.id(), UUID.randomUUID(), target.id()));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.connectNic(vm.id(), nic.id(), UUID.randomUUID()));
    }

    @Test
    void aStoppedVmsNicIsRemoved() {
        FabricVm vm = create(vmSpec(nextName(), false));
        NicSpec extra = new NicSpec(UUID.randomUUID(), vm.nics().get(0).networkId());
        assertSucceeded(await(fabric.addNic(vm.id(), extra)));
        UUID first = vm.nics().get(0).id();
        FabricOperation op = fabric.removeNic(vm.id(), first);
        assertEquals(vm.id(), op.vmId());
        if (operationsAreObservable()) {
            assertEquals(PowerState.STOPPED, vm(vm.id()).state());
            assertEquals(Optional.of(op.id()), vm(vm.id()).runningOperation());
            assertEquals(2, vm(vm.id()).nics().size(), "the adapter goes when the operation ends");
            assertEquals(op.id(), fabric.removeNic(vm.id(), first).id(), "the same call again");
        }
        assertSucceeded(await(op));
        FabricVm after = vm(vm.id());
        assertEquals(List.of(extra.id()), after.nics().stream().map(FabricNic::id).toList());
        assertTrue(after.runningOperation().isEmpty());
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.removeNic(vm.id(), first));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.removeNic(UUID.randomUUID(), extra.id()));
        assertSucceeded(await(fabric.removeNic(vm.id(), extra.id())));
        assertTrue(vm(vm.id()).nics().isEmpty());
        assertSucceeded(await(fabric.power(vm.id(), PowerAction.START)));
        assertEquals(PowerState.RUNNING, vm(vm.id()).state(), "a VM without adapters still runs");
    }

    @Test
    void screenshotOfACreatedVmIsADecodablePng() throws IOException {
        Optional<ScreenshotSupport> screenshots = fabric.screenshots();
        assumeTrue(screenshots.isPresent(), "the driver offers no screenshots");
        FabricVm vm = create(vmSpec(nextName(), false));
        Screenshot shot = screenshots.get().capture(vm.id(), "Windows Server 2012 R2 Datacenter");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(shot.png()));
        assertNotNull(image, "the screenshot is a PNG");
        assertEquals(shot.width(), image.getWidth());
        assertEquals(shot.height(), image.getHeight());
        assertCode(ClusterErrorCode.NOT_FOUND,
                () -> screenshots.get().capture(UUID.randomUUID(), "Windows Server 2012 R2 Datacenter"));
    }

    static Stream<Arguments> allowedActions() {
        return Arrays.stream(PowerAction.values()).flatMap(action -> ALLOWED_FROM.get(action).stream()
                .sorted().map(state -> Arguments.of(action, state)));
    }

    // --- helpers for subclasses and tests

    protected String nextName() {
        return "contract" + String.format(Locale.ROOT, "%02d", vmCounter.incrementAndGet());
    }

    /** Polls the operation, moving the clock, until it ends; progress never goes back. */
    protected FabricOperation await(FabricOperation op) {
        FabricOperation current = fabric.operation(op.id());
        Duration waited = Duration.ZERO;
        while (!current.state().isFinal()) {
            if (waited.compareTo(operationTimeout()) >= 0) {
                fail("operation " + op.kind() + " still running after " + waited + ": " + current);
            }
            FabricOperation next = advanceAndRead(current);
            assertTrue(next.progress() >= current.progress(), "progress never goes back");
            waited = waited.plus(pollStep());
            current = next;
        }
        return current;
    }

    /** Creates a VM and waits until it exists. */
    protected FabricVm create(VmSpec spec) {
        assertSucceeded(await(fabric.createVm(spec)));
        return vm(spec.id());
    }

    protected FabricVm vm(UUID id) {
        return fabric.vm(id).orElseThrow(() -> new AssertionError("VM " + id + " not found"));
    }

    /** A new VM brought to a stable state. */
    protected FabricVm vmIn(PowerState state) {
        FabricVm vm = create(vmSpec(nextName(), false));
        List<PowerAction> path = switch (state) {
            case STOPPED -> List.of();
            case RUNNING -> List.of(PowerAction.START);
            case PAUSED -> List.of(PowerAction.START, PowerAction.PAUSE);
            case SAVED -> List.of(PowerAction.START, PowerAction.SAVE);
            default -> throw new IllegalArgumentException("cannot bring a VM to " + state);
        };
        for (PowerAction action : path) {
            assertSucceeded(await(fabric.power(vm.id(), action)));
        }
        FabricVm ready = vm(vm.id());
        assertEquals(state, ready.state());
        return ready;
    }

    /** The driver's checkpoints; skips the test when it has none. */
    protected CheckpointSupport checkpointsOrSkip() {
        Optional<CheckpointSupport> checkpoints = fabric.checkpoints();
        assumeTrue(checkpoints.isPresent(), "the driver offers no checkpoints");
        return checkpoints.get();
    }

    /** Takes a checkpoint and waits until it exists. */
    protected UUID checkpoint(UUID vmId, String name) {
        UUID id = UUID.randomUUID();
        assertSucceeded(await(checkpointsOrSkip().create(vmId, id, name)));
        return id;
    }

    /** The driver's backups; skips the test when it has none. */
    protected BackupSupport backupsOrSkip() {
        Optional<BackupSupport> backups = fabric.backups();
        assumeTrue(backups.isPresent(), "the driver offers no backups");
        return backups.get();
    }

    /** The driver's QoS; skips the test when it has none. */
    protected QosSupport qosOrSkip() {
        Optional<QosSupport> qos = fabric.qos();
        assumeTrue(qos.isPresent(), "the driver offers no QoS");
        return qos.get();
    }

    /** Takes a backup and waits until it is listed. */
    protected UUID backup(UUID vmId) {
        UUID id = UUID.randomUUID();
        assertSucceeded(await(backupsOrSkip().create(vmId, id)));
        return id;
    }

    private static List<UUID> backupIds(List<FabricBackup> backups) {
        return backups.stream().map(FabricBackup::id).toList();
    }

    protected static FabricCheckpoint find(List<FabricCheckpoint> checkpoints, UUID id) {
        return checkpoints.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("checkpoint " + id + " not listed: " + checkpoints));
    }

    private static List<UUID> ids(List<FabricCheckpoint> checkpoints) {
        return checkpoints.stream().map(FabricCheckpoint::id).toList();
    }

    protected static void assertSucceeded(FabricOperation op) {
        assertEquals(OperationState.SUCCEEDED, op.state(), () -> "operation failed: " + op.error());
        assertEquals(100, op.progress());
        assertTrue(op.ended().isPresent());
        assertTrue(op.error().isEmpty());
    }

    protected static ClusterException assertCode(ClusterErrorCode code, Executable call) {
        ClusterException e = assertThrows(ClusterException.class, call);
        assertEquals(code, e.code(), e::getMessage);
        return e;
    }

    private FabricOperation advanceAndRead(FabricOperation op) {
        advance(pollStep());
        return fabric.operation(op.id());
    }

    private void assertAllRefused(UUID vmId) {
        PowerState state = vm(vmId).state();
        for (PowerAction action : PowerAction.values()) {
            ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.power(vmId, action));
            assertTrue(e.getMessage().toUpperCase(Locale.ROOT).contains(state.name()), e.getMessage());
        }
        assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.deleteVm(vmId));
        assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.reconfigure(vmId, VmHardware.fixed(1, 1024)));
        FabricNic nic = vm(vmId).nics().get(0);
        assertCode(ClusterErrorCode.INVALID_STATE,
                () -> fabric.addNic(vmId, new NicSpec(UUID.randomUUID(), nic.networkId())));
        assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.connectNic(vmId, nic.id(), nic.networkId()));
        assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.removeNic(vmId, nic.id()));
        fabric.checkpoints().ifPresent(checkpoints -> assertCode(ClusterErrorCode.INVALID_STATE,
                () -> checkpoints.create(vmId, UUID.randomUUID(), "refused")));
        fabric.backups().ifPresent(backups -> assertCode(ClusterErrorCode.INVALID_STATE,
                () -> backups.create(vmId, UUID.randomUUID())));
    }

    /** Whether a dotted IPv4 address lies in a subnet such as {@code 10.0.0.0/16}. */
    protected static boolean inSubnet(String ip, String subnet) {
        String[] parts = subnet.split("/");
        int prefix = Integer.parseInt(parts[1]);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String dotted) {
        long value = 0;
        for (String octet : dotted.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    private static DiskFormat firstFormat(Generation generation) {
        return Arrays.stream(DiskFormat.values()).filter(generation.diskFormats()::contains).findFirst()
                .orElseThrow(() -> new IllegalStateException(generation.name() + " has no disk format"));
    }
}
