package io.gio.cluster.sim;

import io.gio.cluster.spi.ImportContractTest;

/** The driver contract for imports and content digests, run against the sim. */
class SimImportContractTest extends ImportContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
