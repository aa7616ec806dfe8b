package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Growing a VM's virtual disk ({@link ClusterDriver#expandDisk}). */
public abstract class DiskExpansionContractTest extends ClusterDriverContractFixture {

    private static final long GIB = 1L << 30;

    @Test
    void aStoppedVmsDiskShowsItsNewSizeOnceTheOperationEnds() {
        assumeTrue(disksGrow(), "the fabric's disks are not files that can grow");
        FabricVm vm = create(vmSpec(nextName(), false));
        FabricDisk disk = vm.disks().get(0);
        long wanted = disk.maxBytes() + 10 * GIB;
        FabricOperation op = fabric.expandDisk(vm.id(), disk.id(), wanted);
        assertEquals(vm.id(), op.vmId());
        if (operationsAreObservable()) {
            assertEquals(OperationState.RUNNING, op.state());
            FabricVm during = vm(vm.id());
            assertEquals(Optional.of(op.id()), during.runningOperation());
            assertEquals(PowerState.STOPPED, during.state(), "the VM keeps its state");
            assertEquals(disk.maxBytes(), during.disks().get(0).maxBytes(), "the new size applies when it ends");
            assertCode(ClusterErrorCode.INVALID_STATE, () -> fabric.expandDisk(vm.id(), disk.id(), wanted + GIB),
                    "a second expansion while one runs");
        }
        assertSucceeded(await(op));
        FabricVm after = vm(vm.id());
        FabricDisk grown = after.disks().get(0);
        assertEquals(disk.id(), grown.id());
        assertEquals(disk.path(), grown.path(), "the disk grows in place");
        assertTrue(grown.maxBytes() >= wanted && grown.maxBytes() < wanted + GIB, grown.toString());
        assertEquals(PowerState.STOPPED, after.state());
        assertTrue(after.runningOperation().isEmpty());
        assertSucceeded(await(fabric.power(vm.id(), PowerAction.START)));
        assertEquals(PowerState.RUNNING, vm(vm.id()).state(), "the VM starts from its grown disk");
    }

    @Test
    void onlyGrowingWithinTheFormatIsAccepted() {
        FabricVm vm = create(vmSpec(nextName(), false));
        FabricDisk disk = vm.disks().get(0);
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> fabric.expandDisk(vm.id(), disk.id(), disk.maxBytes()),
                "the same size");
        assertCode(ClusterErrorCode.INVALID_ARGUMENT, () -> fabric.expandDisk(vm.id(), disk.id(), disk.maxBytes() / 2),
                "a smaller size");
        long limit = disk.format().maxBytes();
        ClusterException e = assertCode(ClusterErrorCode.UNSUPPORTED,
                () -> fabric.expandDisk(vm.id(), disk.id(), limit + GIB));
        assertTrue(e.getMessage().contains(String.valueOf(limit / GIB)), e.getMessage());
        FabricVm after = vm(vm.id());
        assertEquals(disk.maxBytes(), after.disks().get(0).maxBytes(), "nothing happens when validation fails");
        assertTrue(after.runningOperation().isEmpty());
    }

    @Test
    void anUnknownVmOrDiskIsNotFound() {
        FabricVm vm = create(vmSpec(nextName(), false));
        FabricDisk disk = vm.disks().get(0);
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.expandDisk(UUID.randomUUID(), disk.id(), 100 * GIB));
        assertCode(ClusterErrorCode.NOT_FOUND, () -> fabric.expandDisk(vm.id(), UUID.randomUUID(), 100 * GIB));
        FabricVm other = create(vmSpec(nextName(), false));
        assertCode(ClusterErrorCode.NOT_FOUND,
                () -> fabric.expandDisk(other.id(), disk.id(), 100 * GIB), "another VM's disk");
    }

    @ParameterizedTest
    @EnumSource(value = PowerState.class, names = {"RUNNING", "PAUSED", "SAVED"})
    void theBootDiskOfAVmThatIsNotStoppedDoesNotGrowNamingTheState(PowerState state) {
        FabricVm vm = vmIn(state);
        FabricDisk boot = vm.disks().get(0);
        ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE,
                () -> fabric.expandDisk(vm.id(), boot.id(), boot.maxBytes() + GIB));
        assertTrue(e.getMessage().toUpperCase(Locale.ROOT).contains(state.name()), e.getMessage());
        assertEquals(boot.maxBytes(), vm(vm.id()).disks().get(0).maxBytes());
        assertEquals(state, vm(vm.id()).state());
    }

    @Test
    void aVmWithCheckpointsKeepsItsDiskSize() {
        CheckpointSupport checkpoints = checkpointsOrSkip();
        FabricVm vm = create(vmSpec(nextName(), false));
        checkpoint(vm.id(), "before");
        FabricDisk disk = vm.disks().get(0);
        ClusterException e = assertCode(ClusterErrorCode.INVALID_STATE,
                () -> fabric.expandDisk(vm.id(), disk.id(), disk.maxBytes() + GIB));
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("checkpoint"), e.getMessage());
        assertEquals(disk.maxBytes(), vm(vm.id()).disks().get(0).maxBytes());
        assertEquals(1, checkpoints.list(vm.id()).size());
    }
}
