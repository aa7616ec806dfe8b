package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * The fixture the driver contract suites share: a fresh driver per test, its clock, and helpers.
 *
 * <p>The behaviour every {@link ClusterDriver} shares is split by capability into the abstract
 * {@code *ContractTest} classes that extend this one: {@link InventoryContractTest},
 * {@link VmCreationContractTest}, {@link LifecycleContractTest}, {@link ReconfigureContractTest},
 * {@link NicContractTest}, {@link CheckpointContractTest}, {@link BackupContractTest},
 * {@link QosContractTest}, {@link ScreenshotContractTest}, {@link MigrationContractTest},
 * {@link ImportContractTest} and {@link FaultInjectionContractTest}. A driver's tests extend each of them,
 * supply a fresh driver and a way to move its clock, and override the hooks for what the driver
 * lacks; tests of a missing capability are skipped, not failed.
 */
public abstract class ClusterDriverContractFixture {

    private static final long GIB = 1L << 30;

    private final AtomicInteger vmCounter = new AtomicInteger();

    /** The driver under test, from {@link #driver()}; closed after each test. */
    protected ClusterDriver fabric;

    /** The stamp VMs are created on, from {@link #testStamp(ClusterDriver)}. */
    protected Stamp stamp;

    /**
     * A driver's side of the suites, shared by its {@code *ContractTest} classes: each of them
     * returns one from {@link #hooks()}.
     */
    public interface DriverHooks {

        /**
         * A new driver over a fresh fabric with at least one stamp that has hosts, volumes and a
         * logical network. Called once before each test.
         */
        ClusterDriver driver();

        /** Moves the driver's clock forward. A real driver's hooks may sleep instead. */
        void advance(Duration duration);

        /** Whether the driver's clock stands still between {@link #advance} calls. */
        default boolean clockIsControlled() {
            return true;
        }

        /** Whether an operation is still running, and its VM transitional, right after it starts. */
        default boolean operationsAreObservable() {
            return true;
        }

        /** How far the clock moves between two polls of a running operation. */
        default Duration pollStep() {
            return Duration.ofSeconds(5);
        }

        /** The longest an operation of these tests may take before the test fails. */
        default Duration operationTimeout() {
            return Duration.ofHours(2);
        }

        /**
         * Whether the fabric's disks can really grow: libvirt's test driver has no files to grow,
         * so only the checks before an expansion starts are tested there.
         */
        default boolean disksGrow() {
            return true;
        }

        /** Drops what the test's fabric left behind; called after each test, once the driver is closed. */
        default void close() {
        }
    }

    /** The driver's hooks, the same object for the whole of one test. */
    protected abstract DriverHooks hooks();

    /** A new driver; by default {@link DriverHooks#driver()}. */
    protected ClusterDriver driver() {
        return hooks().driver();
    }

    protected void advance(Duration duration) {
        hooks().advance(duration);
    }

    protected boolean clockIsControlled() {
        return hooks().clockIsControlled();
    }

    protected boolean operationsAreObservable() {
        return hooks().operationsAreObservable();
    }

    protected Duration pollStep() {
        return hooks().pollStep();
    }

    protected boolean disksGrow() {
        return hooks().disksGrow();
    }

    protected Duration operationTimeout() {
        return hooks().operationTimeout();
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
        try {
            if (fabric != null) {
                fabric.close();
            }
        } finally {
            hooks().close();
        }
    }

    // --- helpers for the contract tests

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

    /** The driver's transfers and imports; skips the test when it has none. */
    protected MigrationSupport migrationsOrSkip() {
        Optional<MigrationSupport> migrations = fabric.migrations();
        assumeTrue(migrations.isPresent(), "the driver offers no migrations");
        return migrations.get();
    }

    /** The driver's fault injection; skips the test when it has none. */
    protected FaultInjection faultsOrSkip() {
        Optional<FaultInjection> faults = fabric.faults();
        assumeTrue(faults.isPresent(), "the driver offers no fault injection");
        return faults.get();
    }

    /** Takes a backup and waits until it is listed. */
    protected UUID backup(UUID vmId) {
        UUID id = UUID.randomUUID();
        assertSucceeded(await(backupsOrSkip().create(vmId, id)));
        return id;
    }

    protected static FabricCheckpoint find(List<FabricCheckpoint> checkpoints, UUID id) {
        return checkpoints.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("checkpoint " + id + " not listed: " + checkpoints));
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

    /** As above, saying which case failed. */
    protected static ClusterException assertCode(ClusterErrorCode code, Executable call, String why) {
        ClusterException e = assertThrows(ClusterException.class, call, why);
        assertEquals(code, e.code(), () -> why + ": " + e.getMessage());
        return e;
    }

    /** Moves the clock one {@link #pollStep()} and reads the operation again. */
    protected FabricOperation advanceAndRead(FabricOperation op) {
        advance(pollStep());
        return fabric.operation(op.id());
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
