package io.gio.cluster.sim;

import io.gio.cluster.spi.QosContractTest;

/** The driver contract for network and storage QoS, run against the sim. */
class SimQosContractTest extends QosContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
