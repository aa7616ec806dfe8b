package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ScreenshotContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for console screenshots, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtScreenshotContractTest extends ScreenshotContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
