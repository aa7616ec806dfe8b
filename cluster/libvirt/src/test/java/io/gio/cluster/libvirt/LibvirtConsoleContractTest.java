package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ConsoleContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The driver contract for consoles, run against libvirt's test driver, which has no displays
 * (not offered: skipped); {@link QemuHostIT} opens a real QEMU display.
 */
@ExtendWith(PrintSkips.class)
class LibvirtConsoleContractTest extends ConsoleContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
