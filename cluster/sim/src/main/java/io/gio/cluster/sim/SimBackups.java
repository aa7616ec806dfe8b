package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.BackupConsistency;
import io.gio.cluster.spi.BackupSupport;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricBackup;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Full backups of simulated VMs. A create captures the disks' used bytes when it starts and the
 * backup is listed once its operation is settled; a restore writes them back when it is settled
 * (see {@link BackupEffects}). Both leave the VM's power state as it is while they run. A backup
 * that is being restored cannot be deleted (INVALID_STATE) until the restore has ended.
 */
final class SimBackups implements BackupSupport {

    private static final Set<PowerState> STABLE =
            EnumSet.of(PowerState.RUNNING, PowerState.STOPPED, PowerState.PAUSED, PowerState.SAVED);
    private static final Set<PowerState> LIVE = EnumSet.of(PowerState.RUNNING, PowerState.PAUSED);

    private final SimStore store;
    private final Supplier<Instant> clock;
    private final OperationStarts starts;
    private final Operations operations;
    private final VmRepository vms;
    private final BackupRepository backups;
    private final GuestWrites writes;

    SimBackups(SimStore store, Supplier<Instant> clock, OperationStarts starts, Operations operations,
            VmRepository vms, BackupRepository backups, GuestWrites writes) {
        this.store = store;
        this.clock = clock;
        this.starts = starts;
        this.operations = operations;
        this.vms = vms;
        this.backups = backups;
        this.writes = writes;
    }

    @Override
    public FabricOperation create(UUID vmId, UUID backupId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(backupId, "backupId is null");
        Instant now = clock.get();
        try {
            return store.write(h -> created(h, vmId, backupId, now)
                    .orElseGet(() -> startCreate(h, vmId, backupId, now)));
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.INVALID_STATE && !SimStore.isDuplicateKey(e)) {
                throw e;
            }
            // a concurrent call with the same ID may have won: answer with its operation
            return store.write(h -> created(h, vmId, backupId, now)).orElseThrow(() -> e);
        }
    }

    @Override
    public FabricOperation restore(UUID vmId, UUID backupId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(backupId, "backupId is null");
        Instant now = clock.get();
        return store.write(h -> {
            VmRow vm = starts.current(h, vmId, now);
            BackupRow backup = backups.require(h, vm, backupId);
            var transition = OperationStarts.keepingState(BackupEffects.RESTORE, EnumSet.of(PowerState.STOPPED),
                    vm.state());
            starts.requireAllowed(h, vm, transition);
            Duration length = SimDurations.backupCopy(backup.sizeBytes(), backups.slowestThroughput(h, vmId));
            OperationRow op = OperationRow.starting(vm.id(), transition.kind(), transition.to(), now, length)
                    .withBackup(backupId);
            starts.begin(h, vm, transition, op);
            backups.require(h, vm, backupId); // deleted meanwhile: roll back (the VM's row is locked now)
            return op.asOf(now);
        });
    }

    @Override
    public void delete(UUID vmId, UUID backupId) {
        requireNonNull(vmId, "vmId is null");
        requireNonNull(backupId, "backupId is null");
        Instant now = clock.get();
        store.write(h -> {
            VmRow settled = starts.current(h, vmId, now);
            backups.lockVm(h, vmId);
            VmRow vm = vms.find(h, vmId).orElse(settled);
            backups.require(h, vm, backupId);
            boolean restoring = vm.runningOperation().flatMap(id -> operations.find(h, id))
                    .filter(op -> op.kind().equals(BackupEffects.RESTORE)
                            && op.backupId().equals(Optional.of(backupId)))
                    .isPresent();
            if (restoring) {
                throw new ClusterException(ClusterErrorCode.INVALID_STATE, "backup " + backupId + " of VM '"
                        + vm.name() + "' is being restored; wait until the restore ends");
            }
            backups.delete(h, backupId);
            return null;
        });
    }

    @Override
    public List<FabricBackup> list(UUID vmId) {
        requireNonNull(vmId, "vmId is null");
        Instant now = clock.get();
        return store.write(h -> {
            starts.current(h, vmId, now);
            return backups.list(h, vmId).stream().map(BackupRow::asFabric).toList();
        });
    }

    /** The CREATE operation of a backup ID, if it was used; INVALID_ARGUMENT when by another VM. */
    private Optional<FabricOperation> created(Handle h, UUID vmId, UUID backupId, Instant now) {
        VmRow vm = starts.current(h, vmId, now);
        Optional<OperationRow> op = operations.byBackup(h, backupId, BackupEffects.CREATE);
        if (op.isPresent() && !op.get().vmId().equals(vm.id())) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "backup ID " + backupId + " is already used by another VM");
        }
        return op.map(o -> operations.settle(h, o, now).asOf(now));
    }

    private FabricOperation startCreate(Handle h, UUID vmId, UUID backupId, Instant now) {
        VmRow vm = starts.current(h, vmId, now);
        var transition = OperationStarts.keepingState(BackupEffects.CREATE, STABLE, vm.state());
        starts.requireAllowed(h, vm, transition);
        List<FabricDisk> disks = vms.disks(h, vmId);
        long size = disks.stream().mapToLong(FabricDisk::usedBytes).sum();
        Duration length = SimDurations.backupCopy(size, backups.slowestThroughput(h, vmId));
        OperationRow op = OperationRow.starting(vm.id(), transition.kind(), transition.to(), now, length)
                .withBackup(backupId);
        starts.begin(h, vm, transition, op);
        BackupConsistency consistency = LIVE.contains(vm.state())
                ? BackupConsistency.CRASH_CONSISTENT : BackupConsistency.CONSISTENT;
        backups.insert(h, new BackupRow(backupId, vmId, size, now, Optional.empty(), consistency), disks);
        backups.recordContent(h, backupId, writes.digest(h, vmId, now));
        return op.asOf(now);
    }
}
