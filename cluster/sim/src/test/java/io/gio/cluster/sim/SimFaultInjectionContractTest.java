package io.gio.cluster.sim;

import io.gio.cluster.spi.FaultInjectionContractTest;

/** The driver contract for fault injection, run against the sim. */
class SimFaultInjectionContractTest extends FaultInjectionContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
