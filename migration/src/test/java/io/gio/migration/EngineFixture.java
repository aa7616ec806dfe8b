package io.gio.migration;

import static org.junit.jupiter.api.Assertions.fail;

import io.gio.cluster.sim.SimClusterDriverFactory;
import io.gio.cluster.sim.SimTopology;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.DriverContext;
import io.gio.cluster.spi.FabricSeeding;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.MutableClock;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VmSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A sim fabric over the demo topology on a private in-memory database, a virtual clock, and an
 * engine over them that the tests drive pass by pass, moving the clock to the next event.
 */
final class EngineFixture implements AutoCloseable {

    static final long GB = 1_000_000_000L;
    static final long MB = 1_000_000L;

    final MutableClock clock = new MutableClock();
    final JdbcDataSource dataSource = new JdbcDataSource();
    final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    final ClusterDriver driver;
    final List<String> milestones = new ArrayList<>();
    MigrationEngine engine;

    EngineFixture() {
        dataSource.setURL("jdbc:h2:mem:mig-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        driver = new SimClusterDriverFactory().create(new DriverContext(clock, executor, dataSource,
                Map.of("topology", "demo")));
        engine = newEngine();
    }

    /** A new engine over the same store and fabric, as a restarted gateway would create it. */
    MigrationEngine newEngine() {
        return new MigrationEngine(dataSource, driver, clock, executor,
                (m, k, msg) -> milestones.add(k + " " + m.state().wireName()), link -> 0L);
    }

    /** Seeds a VM on GIO-V1 with one VHD boot disk and one adapter on the tenant network. */
    FabricVm vm(String name, long usedBytes, long dirtyBytesPerSecond, PowerState state) {
        UUID id = UUID.randomUUID();
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHD, usedBytes * 2, usedBytes,
                dirtyBytesPerSecond, Optional.of(SimTopology.volumeId("V1-CL01-CSV1")), true);
        NicSpec nic = new NicSpec(UUID.randomUUID(), SimTopology.networkId(SimTopology.V1_STAMP_NAME,
                SimTopology.TENANT_NETWORK));
        VmSpec spec = new VmSpec(id, SimTopology.V1_STAMP_ID, name, 2, 4096, List.of(disk), List.of(nic), false);
        FabricSeeding seeding = driver.seeding().orElseThrow();
        seeding.seedVms(List.of(new FabricSeeding.SeededVm(spec, SimTopology.hostId("V1-CL01-N01"), state)));
        return driver.vm(id).orElseThrow();
    }

    /** A VM on {@code GIO-V2} (Windows Server 2012 R2), where a live migration within the stamp applies. */
    FabricVm v2Vm(String name, long usedBytes, PowerState state) {
        UUID id = UUID.randomUUID();
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.VHDX, usedBytes * 2, usedBytes,
                0, Optional.of(SimTopology.volumeId("V2-SOFS-VMSTORE1")), true);
        VmSpec spec = new VmSpec(id, SimTopology.V2_STAMP_ID, name, 2, 4096, List.of(disk), List.of(), false);
        driver.seeding().orElseThrow().seedVms(List.of(new FabricSeeding.SeededVm(spec,
                SimTopology.hostId("V2-CL01-N01"), state)));
        return driver.vm(id).orElseThrow();
    }

    Migration schedule(FabricVm vm, Strategy strategy, CutoverMode mode) {
        return engine.schedule(new MigrationRequest(UUID.randomUUID(), vm.id(), SimTopology.V2_STAMP_ID,
                Optional.empty(), strategy, Optional.empty(), java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(), Optional.empty(), mode));
    }

    Migration get(UUID id) {
        return engine.get(id).orElseThrow();
    }

    /** Passes and clock moves until the migration satisfies {@code done}; fails after a simulated day. */
    Migration runUntil(UUID id, Predicate<Migration> done) {
        Instant limit = clock.instant().plus(Duration.ofDays(1));
        for (int pass = 0; pass < 100_000; pass++) {
            Optional<Instant> next = engine.tick();
            Migration m = get(id);
            if (done.test(m)) {
                return m;
            }
            if (clock.instant().isAfter(limit)) {
                break;
            }
            Instant now = clock.instant();
            Instant to = next.filter(n -> n.isAfter(now)).orElse(now.plusSeconds(1));
            if (Duration.between(now, to).compareTo(Duration.ofMinutes(10)) > 0) {
                to = now.plus(Duration.ofMinutes(10));
            }
            clock.advance(Duration.between(now, to).plusMillis(1));
        }
        return fail("migration " + id + " did not get there; it is " + get(id).state() + ": " + get(id).phase());
    }

    Migration runUntil(UUID id, MigrationState state) {
        return runUntil(id, m -> m.state() == state);
    }

    Migration runToEnd(UUID id) {
        return runUntil(id, m -> m.state().isFinal() || m.state() == MigrationState.COMPLETED
                && m.phase().startsWith("Completed") || m.state() == MigrationState.AWAITING_CUTOVER);
    }

    /** The migration's timeline, one event per line, for failure messages. */
    String timeline(UUID id) {
        StringBuilder b = new StringBuilder();
        engine.events(id).forEach(e -> b.append('\n').append(e.at()).append(' ').append(e.state().wireName())
                .append(": ").append(e.message()));
        return b.toString();
    }

    long usedBytes(String volumeName) {
        UUID id = SimTopology.volumeId(volumeName);
        return driver.stamps().stream().flatMap(s -> driver.volumes(s.id()).stream()).filter(v -> v.id().equals(id))
                .mapToLong(Volume::usedBytes).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        engine.close();
        executor.shutdownNow();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
