package io.gio.cluster.sim;

import io.gio.cluster.spi.LifecycleContractTest;

/** The driver contract for power actions and deletion, run against the sim. */
class SimLifecycleContractTest extends LifecycleContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
