package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Adding, reconnecting and removing a VM's network adapters. */
public abstract class NicContractTest extends ClusterDriverContractFixture {

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
}
