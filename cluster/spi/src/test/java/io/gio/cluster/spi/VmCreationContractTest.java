package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a driver creates VMs, and the specifications it refuses before anything happens. */
public abstract class VmCreationContractTest extends ClusterDriverContractFixture {

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
}
