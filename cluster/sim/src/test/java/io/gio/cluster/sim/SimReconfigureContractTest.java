package io.gio.cluster.sim;

import io.gio.cluster.spi.ReconfigureContractTest;

/** The driver contract for reconfiguration, run against the sim. */
class SimReconfigureContractTest extends ReconfigureContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
