package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ReconfigureContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for processor and memory changes, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtReconfigureContractTest extends ReconfigureContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
