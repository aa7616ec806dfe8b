package io.gio.cluster.sim;

import io.gio.cluster.spi.NicContractTest;

/** The driver contract for network adapters, run against the sim. */
class SimNicContractTest extends NicContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
