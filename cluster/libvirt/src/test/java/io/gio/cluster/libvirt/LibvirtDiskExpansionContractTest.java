package io.gio.cluster.libvirt;

import io.gio.cluster.spi.DiskExpansionContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for disk expansion, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtDiskExpansionContractTest extends DiskExpansionContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
