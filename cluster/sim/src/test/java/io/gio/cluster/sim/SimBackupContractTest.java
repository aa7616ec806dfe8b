package io.gio.cluster.sim;

import io.gio.cluster.spi.BackupContractTest;

/** The driver contract for backups, run against the sim. */
class SimBackupContractTest extends BackupContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
