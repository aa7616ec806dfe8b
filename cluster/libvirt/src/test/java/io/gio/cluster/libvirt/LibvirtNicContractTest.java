package io.gio.cluster.libvirt;

import io.gio.cluster.spi.NicContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for network adapters, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtNicContractTest extends NicContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
