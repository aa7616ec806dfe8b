package io.gio.spf;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverFactory;
import io.gio.cluster.spi.DriverContext;
import io.gio.cluster.spi.MutableClock;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Expr;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.h2.jdbcx.JdbcDataSource;

/** A private in-memory store, the simulated fabric with its demo topology, and the demo data. */
public final class TestFabric implements AutoCloseable {

    public static final String PASSWORD = "demo-password-1";

    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    public final JdbcDataSource dataSource = new JdbcDataSource();
    public final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    public final ClusterDriver driver;
    public final SpfAdapter adapter;

    public TestFabric(int extraVms) {
        this(extraVms, java.util.function.UnaryOperator.identity());
    }

    /** With the adapter seeing the fabric through {@code wrap} (to interleave calls in a test). */
    public TestFabric(int extraVms, java.util.function.UnaryOperator<ClusterDriver> wrap) {
        dataSource.setURL("jdbc:h2:mem:spf-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ClusterDriverFactory sim = ServiceLoader.load(ClusterDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("sim")).findFirst().orElseThrow();
        driver = wrap.apply(sim.create(new DriverContext(clock, scheduler, dataSource, Map.of("topology", "demo"))));
        adapter = SpfAdapter.open(dataSource, driver, clock, scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of("admin-password-1"));
        adapter.demoData().seed(Optional.of(PASSWORD), extraVms);
    }

    /** The rows of a set whose property equals a value, read as the OData layer reads them. */
    public List<EntityRow> rows(String set, String property, Object value) {
        return adapter.reader(io.gio.spf.query.Scope.unrestricted()).list(EntityQuery.all(set).withFilter(
                new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of(property), new Expr.Literal(value))));
    }

    /** The one row of a set whose property equals a value; fails the test otherwise. */
    public EntityRow row(String set, String property, Object value) {
        List<EntityRow> rows = rows(set, property, value);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row of " + set + " with " + property + " = " + value + ", got "
                    + rows.size());
        }
        return rows.get(0);
    }

    @Override
    public void close() {
        adapter.close();
        scheduler.shutdownNow();
        driver.close();
    }
}
