package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.FaultInjectionContractTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The driver contract for fault injection, run against the sim. */
class SimFaultInjectionContractTest extends FaultInjectionContractTest {

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
