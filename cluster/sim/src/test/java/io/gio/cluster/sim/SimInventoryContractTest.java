package io.gio.cluster.sim;

import io.gio.cluster.spi.InventoryContractTest;

/** The driver contract for inventory and operation reads, run against the sim. */
class SimInventoryContractTest extends InventoryContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
