package io.gio.cluster.sim;

import io.gio.cluster.spi.CheckpointContractTest;

/** The driver contract for checkpoints, run against the sim. */
class SimCheckpointContractTest extends CheckpointContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }
}
