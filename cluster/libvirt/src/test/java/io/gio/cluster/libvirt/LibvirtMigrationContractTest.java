package io.gio.cluster.libvirt;

import io.gio.cluster.spi.MigrationContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for migration transfers (not offered: skipped), run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtMigrationContractTest extends MigrationContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
