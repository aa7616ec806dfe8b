package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverContractFixture;
import java.time.Duration;

/**
 * The sim's side of the driver contract suites, shared by its {@code Sim*ContractTest} classes:
 * each test gets a sim driver over the demo topology on its own in-memory database, with a
 * virtual clock the suite moves.
 */
final class SimContractHooks implements ClusterDriverContractFixture.DriverHooks {

    private H2Fabric h2;

    /** A fresh fabric and a driver over it; the suites call this once before each test. */
    @Override
    public ClusterDriver driver() {
        h2 = new H2Fabric();
        return h2.driver("demo");
    }

    @Override
    public void advance(Duration duration) {
        h2.clock.advance(duration);
    }

    /** The fabric clock's time. */
    java.time.Instant now() {
        return h2.clock.instant();
    }

    /** Drops the test's database. */
    @Override
    public void close() {
        h2.close();
    }
}
