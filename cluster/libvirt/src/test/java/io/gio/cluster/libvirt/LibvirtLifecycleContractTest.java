package io.gio.cluster.libvirt;

import io.gio.cluster.spi.LifecycleContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for power actions and deletion, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtLifecycleContractTest extends LifecycleContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
