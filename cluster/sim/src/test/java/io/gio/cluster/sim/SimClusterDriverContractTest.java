package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverContractTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class SimClusterDriverContractTest extends ClusterDriverContractTest {

    private H2Fabric h2;

    @Override
    protected ClusterDriver driver() {
        h2 = new H2Fabric();
        return h2.driver("demo");
    }

    @Override
    protected void advance(Duration duration) {
        h2.clock.advance(duration);
    }

    @AfterEach
    void dropDatabase() {
        h2.close();
    }
}
