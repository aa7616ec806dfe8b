package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.BackupContractTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for backups (not offered: skipped), run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtBackupContractTest extends BackupContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected ClusterDriver driver() {
        return libvirt.driver();
    }

    @Override
    protected void advance(Duration duration) {
        libvirt.advance(duration);
    }

    @Override
    protected boolean clockIsControlled() {
        return false;
    }

    @Override
    protected boolean operationsAreObservable() {
        return false;
    }

    @Override
    protected Duration pollStep() {
        return LibvirtContractHooks.POLL;
    }

    @Override
    protected Duration operationTimeout() {
        return LibvirtContractHooks.TIMEOUT;
    }

    @AfterEach
    void cleanTestDriver() {
        libvirt.close();
    }
}
