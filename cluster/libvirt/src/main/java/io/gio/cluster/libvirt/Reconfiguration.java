package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * {@link io.gio.cluster.spi.ClusterDriver#reconfigure}: processors and memory of a stopped VM, in
 * its persistent configuration ({@code <vcpu>}; {@code <memory>} at the peak, {@code <currentMemory>}
 * at the startup memory, the balloon's range; the dynamic minimum in the gateway's metadata).
 * Within the stamp's generation (UNSUPPORTED) and the host (CAPACITY: a VM gets at most the host's
 * logical processors and memory; KVM overcommits memory across VMs, so running VMs are not counted).
 */
final class Reconfiguration {

    private final Fabric fabric;

    Reconfiguration(Fabric fabric) {
        this.fabric = fabric;
    }

    FabricOperation reconfigure(UUID vmId, VmHardware hw) {
        FabricVm vm = fabric.requireVm(vmId);
        Fabric.requireIdle(vm, EnumSet.of(PowerState.STOPPED), "change the processors and memory");
        Generation g = fabric.generation(vm);
        if (hw.cpuCount() > g.maxCpuPerVm()) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, hw.cpuCount() + " virtual processors exceed "
                    + g.name() + "'s limit of " + g.maxCpuPerVm() + " per VM.");
        }
        if (hw.memoryMb() > g.maxMemoryMbPerVm() || hw.peakMemoryMb() > g.maxMemoryMbPerVm()) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, hw.peakMemoryMb() + " MB of memory exceed "
                    + g.name() + "'s limit of " + g.maxMemoryMbPerVm() + " MB per VM.");
        }
        Host host = fabric.topology.host(fabric.host(vm));
        if (hw.cpuCount() > host.logicalProcessors() || hw.peakMemoryMb() > host.memoryMb()) {
            throw new ClusterException(ClusterErrorCode.CAPACITY, "The host " + host.name() + " has "
                    + host.logicalProcessors() + " logical processors and " + host.memoryMb() + " MB of memory; "
                    + hw.cpuCount() + " processors and " + hw.peakMemoryMb() + " MB were asked for.");
        }
        return fabric.operations.start(vmId, OpKind.RECONFIGURE, null, () -> fabric.redefine(vmId, doc -> {
            doc.setHardware(hw.cpuCount(), hw.peakMemoryMb(), hw.memoryMb());
            VmMeta meta = doc.meta();
            meta.dynamicMinimumMb = hw.dynamicMemory().map(r -> OptionalInt.of(r.minimumMb())).orElse(OptionalInt.empty());
            doc.setMeta(meta);
        }));
    }
}
