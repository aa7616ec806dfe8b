package io.gio.spf.demo;

import io.gio.cluster.spi.PowerState;

/** One VM of the demo: its size, guest, disks (GiB) and state. */
record DemoVm(String name, PowerState state, int cpu, int memoryMb, String template, long[] diskGiB,
        long[] usedGiB, long dirtyMiBPerSecond) {

    static DemoVm of(String name, PowerState state, int cpu, int memoryMb, String template, long osGiB,
            long osUsedGiB, long dirtyMiBPerSecond) {
        return new DemoVm(name, state, cpu, memoryMb, template, new long[] {osGiB}, new long[] {osUsedGiB},
                dirtyMiBPerSecond);
    }

    DemoVm withData(long gib, long usedGib) {
        return new DemoVm(name, state, cpu, memoryMb, template, new long[] {diskGiB[0], gib},
                new long[] {usedGiB[0], usedGib}, dirtyMiBPerSecond);
    }
}
