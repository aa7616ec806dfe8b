package io.gio.cluster.libvirt;

import io.gio.cluster.spi.VmCreationContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for VM creation, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtVmCreationContractTest extends VmCreationContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
