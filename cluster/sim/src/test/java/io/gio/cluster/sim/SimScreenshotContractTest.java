package io.gio.cluster.sim;

import io.gio.cluster.spi.ScreenshotContractTest;

/** The driver contract for console screenshots, run against the sim. */
class SimScreenshotContractTest extends ScreenshotContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
