package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverContractFixture;
import java.time.Duration;
import java.util.Map;

/**
 * The libvirt driver's side of the contract suites, shared by its {@code Libvirt*ContractTest}
 * classes: each test gets a driver over libvirt's test driver ({@code test:///default}, in
 * process) and a fresh database. The clock is the real one: operations run on worker threads, so
 * the suites poll ({@link #POLL}) instead of moving a clock, and they do not expect to see an
 * operation running (the test driver's calls return at once).
 */
final class LibvirtContractHooks implements ClusterDriverContractFixture.DriverHooks {

    static final Duration POLL = Duration.ofMillis(10);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestDriverFabric fabric;
    private ClusterDriver driver;

    @Override
    public ClusterDriver driver() {
        fabric = new TestDriverFabric();
        driver = fabric.driver(Map.of());
        return driver;
    }

    /** Time passes by itself; polling waits a little. */
    @Override
    public void advance(Duration duration) {
        try {
            Thread.sleep(Math.min(duration.toMillis(), 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean clockIsControlled() {
        return false;
    }

    @Override
    public boolean operationsAreObservable() {
        return false;
    }

    @Override
    public Duration pollStep() {
        return POLL;
    }

    @Override
    public Duration operationTimeout() {
        return TIMEOUT;
    }

    /**
     * The test driver keeps no files and offers neither volume uploads nor resizes: the checks
     * before an expansion are tested here, growing real files in {@code QemuHostIT}.
     */
    @Override
    public boolean disksGrow() {
        return false;
    }

    /** Removes what the test left on {@code test:///default} and drops its database. */
    @Override
    public void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
        if (fabric != null) {
            fabric.close();
            fabric = null;
        }
    }
}
