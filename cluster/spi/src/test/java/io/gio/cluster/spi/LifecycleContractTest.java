package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Power actions and deletion: which power state each action starts from and ends in, and what is refused. */
public abstract class LifecycleContractTest extends ClusterDriverContractFixture {

    /** The state each action starts from (per the {@link PowerAction} Javadoc) and where it ends. */
    private static final Map<PowerAction, Set<PowerState>> ALLOWED_FROM = Map.of(
            PowerAction.START, EnumSet.of(PowerState.STOPPED, PowerState.SAVED),
            PowerAction.TURN_OFF, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED, PowerState.SAVED),
            PowerAction.SHUTDOWN, EnumSet.of(PowerState.RUNNING),
            PowerAction.RESET, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED),
            PowerAction.REBOOT, EnumSet.of(PowerState.RUNNING),
            PowerAction.PAUSE, EnumSet.of(PowerState.RUNNING),
            PowerAction.RESUME, EnumSet.of(PowerState.PAUSED),
            PowerAction.SAVE, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED));

    private static final Map<PowerAction, PowerState> ENDS_IN = Map.of(
            PowerAction.START, PowerState.RUNNING,
            PowerAction.TURN_OFF, PowerState.STOPPED,
            PowerAction.SHUTDOWN, PowerState.STOPPED,
            PowerAction.RESET, PowerState.RUNNING,
            PowerAction.REBOOT, PowerState.RUNNING,
            PowerAction.PAUSE, PowerState.PAUSED,
            PowerAction.RESUME, PowerState.RUNNING,
            PowerAction.SAVE, PowerState.SAVED);

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

    static Stream<Arguments> allowedActions() {
        return Arrays.stream(PowerAction.values()).flatMap(action -> ALLOWED_FROM.get(action).stream()
                .sorted().map(state -> Arguments.of(action, state)));
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
}
