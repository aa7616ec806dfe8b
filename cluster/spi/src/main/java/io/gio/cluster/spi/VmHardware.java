package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Processors and memory of a VM, as {@link ClusterDriver#reconfigure} sets them.
 *
 * @param cpuCount virtual processors
 * @param memoryMb the memory a VM with static memory has; with dynamic memory, its startup memory
 * @param dynamicMemory present when Hyper-V Dynamic Memory is on: the range memory may move in
 *     while the VM runs, which always contains {@code memoryMb}
 */
public record VmHardware(int cpuCount, int memoryMb, Optional<DynamicMemory> dynamicMemory) {

    public VmHardware {
        requireNonNull(dynamicMemory, "dynamicMemory is null");
        if (cpuCount < 1 || memoryMb < 1) {
            throw new IllegalArgumentException("cpuCount and memoryMb must be positive");
        }
        dynamicMemory.ifPresent(range -> {
            if (memoryMb < range.minimumMb() || memoryMb > range.maximumMb()) {
                throw new IllegalArgumentException("dynamic memory needs minimum <= startup <= maximum; got "
                        + range.minimumMb() + " <= " + memoryMb + " <= " + range.maximumMb());
            }
        });
    }

    /** Static memory. */
    public static VmHardware fixed(int cpuCount, int memoryMb) {
        return new VmHardware(cpuCount, memoryMb, Optional.empty());
    }

    /** Dynamic memory starting at {@code startupMb}, between {@code minimumMb} and {@code maximumMb}. */
    public static VmHardware dynamic(int cpuCount, int startupMb, int minimumMb, int maximumMb) {
        return new VmHardware(cpuCount, startupMb, Optional.of(new DynamicMemory(minimumMb, maximumMb)));
    }

    /** The most memory the VM can hold: the dynamic maximum, or the static memory. */
    public int peakMemoryMb() {
        return dynamicMemory.map(DynamicMemory::maximumMb).orElse(memoryMb);
    }

    /** The range of Hyper-V Dynamic Memory, in MB. */
    public record DynamicMemory(int minimumMb, int maximumMb) {
        public DynamicMemory {
            if (minimumMb < 1 || maximumMb < minimumMb) {
                throw new IllegalArgumentException("dynamic memory needs 0 < minimum <= maximum; got "
                        + minimumMb + " and " + maximumMb);
            }
        }
    }
}
