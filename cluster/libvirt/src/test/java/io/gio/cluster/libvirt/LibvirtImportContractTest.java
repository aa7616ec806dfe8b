package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ImportContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for imports (not offered: skipped), run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtImportContractTest extends ImportContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
