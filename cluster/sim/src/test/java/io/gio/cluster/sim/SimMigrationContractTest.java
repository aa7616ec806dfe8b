package io.gio.cluster.sim;

import io.gio.cluster.spi.MigrationContractTest;

/** The driver contract for transfers, run against the sim. */
class SimMigrationContractTest extends MigrationContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
