package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A driver's {@link CheckpointSupport}; skipped when the driver offers none. */
public abstract class CheckpointContractTest extends ClusterDriverContractFixture {

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

    private static List<UUID> ids(List<FabricCheckpoint> checkpoints) {
        return checkpoints.stream().map(FabricCheckpoint::id).toList();
    }
}
