package io.gio.cluster.libvirt;

import io.gio.cluster.spi.QosContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for network and storage QoS, run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtQosContractTest extends QosContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
