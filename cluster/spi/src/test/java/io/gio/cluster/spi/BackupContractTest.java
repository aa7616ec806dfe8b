package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A driver's {@link BackupSupport}; skipped when the driver offers none. */
public abstract class BackupContractTest extends ClusterDriverContractFixture {

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

    private static List<UUID> backupIds(List<FabricBackup> backups) {
        return backups.stream().map(FabricBackup::id).toList();
    }
}
