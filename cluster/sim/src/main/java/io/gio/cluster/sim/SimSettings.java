package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DriverContext;
import java.util.Locale;

/**
 * Settings of the simulated fabric ({@code gio.cluster.sim.*}; the context hands them over
 * without the prefix). Defaults live here.
 *
 * @param topology what to put into an empty fabric at start-up: {@code empty} (default, no
 *     stamps) or {@code demo} (see {@link SimTopology})
 */
record SimSettings(Topology topology) {

    static final String TOPOLOGY = "topology";

    enum Topology { EMPTY, DEMO }

    SimSettings {
        requireNonNull(topology, "topology is null");
    }

    static SimSettings from(DriverContext context) {
        String topology = context.setting(TOPOLOGY).orElse("empty").trim().toLowerCase(Locale.ROOT);
        return new SimSettings(switch (topology) {
            case "empty" -> Topology.EMPTY;
            case "demo" -> Topology.DEMO;
            default -> throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "gio.cluster.sim." + TOPOLOGY + " must be 'empty' or 'demo', not '" + topology + "'");
        });
    }
}
