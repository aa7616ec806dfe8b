package io.gio.cluster.sim;

import io.gio.cluster.spi.ConsoleContractTest;

/** The driver contract for consoles, run against the sim. */
class SimConsoleContractTest extends ConsoleContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
