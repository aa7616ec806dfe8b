package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ImportContractTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The driver contract for imports and content digests, run against the sim. */
class SimImportContractTest extends ImportContractTest {

    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected ClusterDriver driver() {
        return sim.driver();
    }

    @Override
    protected void advance(Duration duration) {
        sim.advance(duration);
    }

    @AfterEach
    void dropDatabase() {
        sim.close();
    }
}
