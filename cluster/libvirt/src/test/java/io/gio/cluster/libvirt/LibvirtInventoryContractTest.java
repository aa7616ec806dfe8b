package io.gio.cluster.libvirt;

import io.gio.cluster.spi.InventoryContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for inventory and operation reads, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtInventoryContractTest extends InventoryContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
