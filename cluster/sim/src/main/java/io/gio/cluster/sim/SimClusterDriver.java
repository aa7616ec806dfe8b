package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.BackupSupport;
import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricSeeding;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.FaultInjection;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.QosSupport;
import io.gio.cluster.spi.ConsoleSupport;
import io.gio.cluster.spi.ScreenshotSupport;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.VmHardware;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The simulated Hyper-V fabric. All state is in the sim tables and all time comes from the
 * clock: an operation is a row with a start and an end instant, settled by the first reader
 * after its end; so is a transfer ({@link SimMigrations}), and a fault is a row in force from one
 * instant until another ({@link SimFaults}). Nothing is held in memory, so drivers of several
 * replicas can share one fabric.
 */
final class SimClusterDriver implements ClusterDriver {

    private final SimStore store;
    private final Clock clock;
    private final Inventory inventory = new Inventory();
    private final PowerTransitions transitions = new PowerTransitions();
    private final Usage usage = new Usage();
    private final GuestWrites writes = new GuestWrites();
    private final Deltas deltas = new Deltas(writes);
    private final HardwareChanges hardware = new HardwareChanges(usage);
    private final CheckpointRepository checkpointRows = new CheckpointRepository();
    private final BackupRepository backupRows = new BackupRepository();
    private final Addressing addressing = new Addressing();
    private final VmRepository vms = new VmRepository(addressing, usage);
    private final NicEffects nicEffects = new NicEffects(addressing);
    private final FaultRepository faultRows = new FaultRepository();
    private final FaultRules faultRules = new FaultRules(faultRows, vms);
    private final TransferRepository transferRows = new TransferRepository();
    private final Operations operations;
    private final OperationStarts starts;
    private final VmCreation creation;
    private final Reconfiguration reconfiguration;
    private final DiskExpansion diskExpansion;
    private final SimCheckpoints checkpoints;
    private final SimNics nics;
    private final SimSeeding seeding;
    private final SimQos qos;
    private final SimBackups backups;
    private final SimMigrations migrations;
    private final SimFaults faults;
    private final SimScreenshots screenshots = new SimScreenshots(this::vm, this::now);
    private final SimConsoles consoles = new SimConsoles(this::vm, this::now);

    SimClusterDriver(SimStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        CheckpointEffects effects = new CheckpointEffects(checkpointRows, deltas, hardware, writes);
        BackupEffects backupEffects = new BackupEffects(backupRows, checkpointRows, deltas, writes);
        ImportEffects importEffects = new ImportEffects(deltas, writes);
        this.operations = new Operations(vms, deltas, Map.<String, SettleEffect>ofEntries(
                Map.entry(HardwareChanges.RECONFIGURE, hardware::applyPending),
                Map.entry(DiskExpansion.KIND, DiskExpansion::apply),
                Map.entry(CheckpointEffects.CREATE, effects::create),
                Map.entry(CheckpointEffects.RESTORE, effects::restore),
                Map.entry(CheckpointEffects.DELETE, effects::delete),
                Map.entry(BackupEffects.CREATE, backupEffects::create),
                Map.entry(BackupEffects.RESTORE, backupEffects::restore),
                Map.entry(NicEffects.ADD, nicEffects::add),
                Map.entry(NicEffects.CONNECT, nicEffects::connect),
                Map.entry(NicEffects.REMOVE, nicEffects::remove),
                Map.entry(ImportEffects.IMPORT, importEffects::switchOver)), Map.of(
                HardwareChanges.RECONFIGURE, hardware::undoPending,
                CheckpointEffects.RESTORE, effects::undoRestore), faultRules::judge);
        this.starts = new OperationStarts(vms, operations, deltas,
                List.of(faultRules::guardStart, new TransferGuard(transferRows)::check));
        Placement placement = new Placement(inventory, usage, faultRows);
        this.creation = new VmCreation(store, inventory, placement, vms, operations);
        this.reconfiguration = new Reconfiguration(store, inventory, starts, hardware);
        this.diskExpansion = new DiskExpansion(store, inventory, vms, starts, checkpointRows);
        this.checkpoints = new SimCheckpoints(store, this::now, starts, operations, vms, checkpointRows, deltas,
                hardware, writes);
        this.nics = new SimNics(store, inventory, starts, operations, nicEffects);
        this.seeding = new SimSeeding(store, inventory, vms, usage);
        this.qos = new SimQos(store, this::now, starts, inventory);
        this.backups = new SimBackups(store, this::now, starts, operations, vms, backupRows, writes);
        SimTransfers transfers = new SimTransfers(store, transferRows,
                new TransferPlanning(inventory, starts, vms, transferRows, writes, faultRows, usage), usage);
        SimImports imports = new SimImports(store, inventory, operations, vms, transferRows, importEffects, writes,
                placement, usage);
        this.migrations = new SimMigrations(store, this::now, transfers, imports, starts, writes);
        this.faults = new SimFaults(store, this::now, faultRows,
                new FaultEffects(operations, vms, deltas, transferRows));
    }

    @Override
    public String name() {
        return SimClusterDriverFactory.NAME;
    }

    @Override
    public List<Stamp> stamps() {
        return store.read(inventory::stamps);
    }

    @Override
    public List<Host> hosts(UUID stampId) {
        requireNonNull(stampId, "stampId is null");
        return store.read(h -> {
            inventory.requireStamp(h, stampId);
            return inventory.hosts(h, stampId);
        });
    }

    @Override
    public List<Volume> volumes(UUID stampId) {
        requireNonNull(stampId, "stampId is null");
        return store.read(h -> {
            inventory.requireStamp(h, stampId);
            return faultRules.view(h, inventory.volumes(h, stampId), now());
        });
    }

    @Override
    public List<FabricNetwork> networks(UUID stampId) {
        requireNonNull(stampId, "stampId is null");
        return store.read(h -> {
            inventory.requireStamp(h, stampId);
            return inventory.networks(h, stampId);
        });
    }

    @Override
    public List<Link> links() {
        return store.read(inventory::links);
    }

    @Override
    public List<UUID> vmIds(UUID stampId) {
        requireNonNull(stampId, "stampId is null");
        return store.read(h -> {
            inventory.requireStamp(h, stampId);
            return vms.ids(h, stampId);
        });
    }

    @Override
    public Optional<FabricVm> vm(UUID vmId) {
        requireNonNull(vmId, "vmId is null");
        Instant now = now();
        return store.write(h -> vms.find(h, vmId)
                .flatMap(row -> operations.settleVm(h, row, now))
                .flatMap(row -> vms.load(h, row.id())));
    }

    @Override
    public FabricOperation createVm(VmSpec spec) {
        requireNonNull(spec, "spec is null");
        return creation.create(spec, now());
    }

    @Override
    public FabricOperation power(UUID vmId, PowerAction action) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(action, "action is null");
        Instant now = now();
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            Duration length = SimDurations.power(action, vm.state(), vm.memoryMb());
            return starts.begin(h, vm, transitions.of(action), length, now, Optional.empty()).asOf(now);
        });
    }

    @Override
    public FabricOperation reconfigure(UUID vmId, VmHardware wanted) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(wanted, "hardware is null");
        return reconfiguration.start(vmId, wanted, now());
    }

    @Override
    public FabricOperation expandDisk(UUID vmId, UUID diskId, long maxBytes) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(diskId, "diskId is null");
        return diskExpansion.start(vmId, diskId, maxBytes, now());
    }

    @Override
    public FabricOperation addNic(UUID vmId, NicSpec nic) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(nic, "nic is null");
        return nics.add(vmId, nic, now());
    }

    @Override
    public FabricOperation connectNic(UUID vmId, UUID nicId, UUID networkId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(nicId, "nicId is null");
        requireNonNull(networkId, "networkId is null");
        return nics.connect(vmId, nicId, networkId, now());
    }

    @Override
    public FabricOperation removeNic(UUID vmId, UUID nicId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(nicId, "nicId is null");
        return nics.remove(vmId, nicId, now());
    }

    @Override
    public FabricOperation deleteVm(UUID vmId) {
        requireNonNull(vmId, "vmId is null");
        Instant now = now();
        return store.write(h -> starts.begin(h, starts.current(h, vmId, now), PowerTransitions.DELETE,
                SimDurations.DELETE, now, Optional.empty()).asOf(now));
    }

    @Override
    public FabricOperation operation(UUID operationId) {
        requireNonNull(operationId, "operationId is null");
        Instant now = now();
        return store.write(h -> operations.settle(h, operations.require(h, operationId), now).asOf(now));
    }

    @Override
    public Optional<CheckpointSupport> checkpoints() {
        return Optional.of(checkpoints);
    }

    @Override
    public Optional<ConsoleSupport> consoles() {
        return Optional.of(consoles);
    }

    @Override
    public Optional<ScreenshotSupport> screenshots() {
        return Optional.of(screenshots);
    }

    @Override
    public Optional<QosSupport> qos() {
        return Optional.of(qos);
    }

    @Override
    public Optional<BackupSupport> backups() {
        return Optional.of(backups);
    }

    @Override
    public Optional<MigrationSupport> migrations() {
        return Optional.of(migrations);
    }

    @Override
    public Optional<FaultInjection> faults() {
        return Optional.of(faults);
    }

    @Override
    public Optional<FabricSeeding> seeding() {
        return Optional.of(seeding);
    }

    @Override
    public void close() {
        // the data source belongs to the gateway; the driver holds no connection between calls
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
