package io.gio.cluster.sim;

import io.gio.cluster.spi.VmCreationContractTest;

/** The driver contract for VM creation, run against the sim. */
class SimVmCreationContractTest extends VmCreationContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
