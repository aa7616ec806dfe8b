package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverFactory;
import io.gio.cluster.spi.DriverContext;

/**
 * The simulated Hyper-V fabric, named {@value #NAME}: the embedded default, the demo and the
 * test double. Its state lives in the gateway's store (tables {@code sim_*}, versioned by their
 * own Flyway history {@code sim_schema_history}); its time is the context's clock.
 *
 * <p>Settings ({@code gio.cluster.sim.*}): {@code topology} = {@code empty} (default) or
 * {@code demo}, which seeds the demo topology into a fabric without stamps.
 */
public final class SimClusterDriverFactory implements ClusterDriverFactory {

    static final String NAME = "sim";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ClusterDriver create(DriverContext context) {
        requireNonNull(context, "context is null");
        SimSettings settings = SimSettings.from(context);
        SimSchema.migrate(context.dataSource());
        SimStore store = new SimStore(context.dataSource());
        if (settings.topology() == SimSettings.Topology.DEMO) {
            new DemoTopology(store).seedIfEmpty();
        }
        return new SimClusterDriver(store, context.clock());
    }
}
