package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Changing a stopped VM's processors and memory. */
public abstract class ReconfigureContractTest extends ClusterDriverContractFixture {

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
}
