package io.gio.cluster.libvirt;

import io.gio.cluster.spi.FaultInjectionContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for fault injection (simulated fabrics only: skipped), run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtFaultInjectionContractTest extends FaultInjectionContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
