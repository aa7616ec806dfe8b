package io.gio.cluster.sim;

import io.gio.cluster.spi.DiskExpansionContractTest;

/** The driver contract for disk expansion, run against the sim. */
class SimDiskExpansionContractTest extends DiskExpansionContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
