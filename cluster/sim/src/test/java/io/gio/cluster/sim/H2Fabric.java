package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import io.gio.cluster.spi.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.h2.jdbcx.JdbcDataSource;

/** A private in-memory H2 database, a virtual clock, and sim drivers over them. */
final class H2Fabric implements AutoCloseable {

    final MutableClock clock = new MutableClock();
    final JdbcDataSource dataSource = new JdbcDataSource();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    H2Fabric() {
        dataSource.setURL("jdbc:h2:mem:sim-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** A new driver on this database, as a freshly started gateway would create it. */
    ClusterDriver driver(String topology) {
        return new SimClusterDriverFactory().create(
                new DriverContext(clock, scheduler, dataSource, Map.of(SimSettings.TOPOLOGY, topology)));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
