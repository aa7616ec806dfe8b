package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Checks a VM spec against its stamp: the generation's limits, then the stamp's volumes and networks. */
final class SpecRules {

    private SpecRules() {
    }

    /**
     * @param volumes the stamp's volumes by ID
     * @param networks the stamp's network IDs
     * @param volumeRequired whether every disk must name its volume (seeding)
     */
    static void validate(Stamp stamp, VmSpec spec, Map<UUID, Volume> volumes, Set<UUID> networks,
            boolean volumeRequired) {
        checkLimits(stamp, spec.cpuCount(), spec.memoryMb());
        Generation generation = stamp.generation();
        String where = where(stamp);
        for (DiskSpec disk : spec.disks()) {
            if (!generation.diskFormats().contains(disk.format())) {
                throw unsupported(where + " cannot attach " + disk.format() + " disks (disk '" + disk.name()
                        + "' of VM '" + spec.name() + "'); it supports " + formats(generation.diskFormats()));
            }
        }
        if (spec.nics().size() > Generation.MAX_NICS_PER_VM) {
            throw tooManyNics(stamp, spec.nics().size());
        }
        for (DiskSpec disk : spec.disks()) {
            if (disk.volumeId().isEmpty() && volumeRequired) {
                throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                        "disk '" + disk.name() + "' of VM '" + spec.name() + "' must name its volume");
            }
            disk.template().ifPresent(id -> {
                throw new ClusterException(ClusterErrorCode.NOT_FOUND, "template " + id + " (disk '" + disk.name()
                        + "') does not exist: the simulated fabric offers no template images (its templates are"
                        + " the VMM catalog's)");
            });
            disk.volumeId().filter(id -> !volumes.containsKey(id)).ifPresent(id -> {
                throw new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "volume " + id + " (disk '" + disk.name() + "') does not exist on stamp " + stamp.name());
            });
        }
        for (NicSpec nic : spec.nics()) {
            Addressing.requireValidStatic(nic);
            if (!networks.contains(nic.networkId())) {
                throw new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "network " + nic.networkId() + " does not exist on stamp " + stamp.name());
            }
        }
    }

    /** UNSUPPORTED, naming the limit, when processors or memory exceed the stamp's generation. */
    static void checkLimits(Stamp stamp, int cpuCount, int memoryMb) {
        Generation generation = stamp.generation();
        if (cpuCount > generation.maxCpuPerVm()) {
            throw unsupported(where(stamp) + " allows at most " + generation.maxCpuPerVm()
                    + " virtual processors per VM; " + cpuCount + " requested");
        }
        if (memoryMb > generation.maxMemoryMbPerVm()) {
            throw unsupported(where(stamp) + " allows at most " + generation.maxMemoryMbPerVm()
                    + " MB of memory per VM; " + memoryMb + " MB requested");
        }
    }

    /** UNSUPPORTED, naming the limit, for a VM that would have {@code count} network adapters. */
    static ClusterException tooManyNics(Stamp stamp, int count) {
        return unsupported(where(stamp) + " allows at most " + Generation.MAX_NICS_PER_VM
                + " network adapters per VM; " + count + " requested");
    }

    private static String where(Stamp stamp) {
        return stamp.name() + " (" + stamp.generation().hypervisor() + ")";
    }

    private static String formats(Set<DiskFormat> formats) {
        return formats.stream().sorted().map(Enum::name).collect(Collectors.joining(" and "));
    }

    private static ClusterException unsupported(String message) {
        return new ClusterException(ClusterErrorCode.UNSUPPORTED, message);
    }
}
