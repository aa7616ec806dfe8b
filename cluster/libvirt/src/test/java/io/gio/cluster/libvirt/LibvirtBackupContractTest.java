package io.gio.cluster.libvirt;

import io.gio.cluster.spi.BackupContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for backups (not offered: skipped), run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtBackupContractTest extends BackupContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
