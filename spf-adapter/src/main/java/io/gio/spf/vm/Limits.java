package io.gio.spf.vm;

import io.gio.spf.SpfException;

/** A stamp generation's limits on one VM, refused with messages that name them. */
final class Limits {
    private Limits() {}

    static void check(VmCatalog.StampLimits stamp, int cpu, int memoryMb) {
        if (cpu < 1) {
            throw SpfException.badRequest("CPUCount must be at least 1.");
        }
        if (memoryMb < 32) {
            throw SpfException.badRequest("Memory must be at least 32 MB.");
        }
        if (cpu > stamp.maxCpu()) {
            throw SpfException.badRequest(stamp.describe() + " allows at most " + stamp.maxCpu()
                    + " virtual processors per VM; " + cpu + " requested.");
        }
        if (memoryMb > stamp.maxMemoryMb()) {
            throw SpfException.badRequest(stamp.describe() + " allows at most " + stamp.maxMemoryMb()
                    + " MB of memory per VM; " + memoryMb + " MB requested.");
        }
    }
}
