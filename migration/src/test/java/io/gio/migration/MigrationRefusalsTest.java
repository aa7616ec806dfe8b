package io.gio.migration;

import static io.gio.migration.EngineFixture.GB;
import static io.gio.migration.EngineFixture.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.sim.SimTopology;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.TransferKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What the engine refuses, and the reasons it gives. */
class MigrationRefusalsTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private MigrationRequest request(FabricVm vm, UUID target, Strategy s, OptionalInt cpu, Optional<java.time.Instant> notBefore) {
        return new MigrationRequest(UUID.randomUUID(), vm.id(), target, Optional.empty(), s, Optional.empty(), cpu,
                OptionalInt.empty(), notBefore, CutoverMode.AUTOMATIC);
    }

    private static void refused(MigrationException.Reason reason, String text, Executable call) {
        MigrationException e = assertThrows(MigrationException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void refusesWhatTheTargetCannotHost() {
        FabricVm vm = f.vm("r1", GB, MB, PowerState.RUNNING);
        refused(MigrationException.Reason.INVALID, "at most 64 virtual processors", () -> f.engine.schedule(
                request(vm, SimTopology.V2_STAMP_ID, Strategy.AUTO, OptionalInt.of(65), Optional.empty())));
        refused(MigrationException.Reason.INVALID, "LiveMigration cannot move", () -> f.engine.schedule(
                request(vm, SimTopology.V2_STAMP_ID, Strategy.LIVE_MIGRATION, OptionalInt.empty(), Optional.empty())));
    }

    @Test
    void choosesOnlyStrategiesWhoseTransfersTheFabricOffers() {
        FabricVm vm = f.vm("r5", GB, MB, PowerState.RUNNING);
        MigrationEngine engine = engineOver(onlyFull(f.driver.migrations().orElseThrow()));
        refused(MigrationException.Reason.INVALID, "offers no [BASE, DELTA] transfers", () -> engine.schedule(
                request(vm, SimTopology.V2_STAMP_ID, Strategy.SMB_TRANSFER, OptionalInt.empty(), Optional.empty())));
        Migration auto = engine.schedule(request(vm, SimTopology.V2_STAMP_ID, Strategy.AUTO, OptionalInt.empty(),
                Optional.empty()));
        assertEquals(Strategy.EXPORT_IMPORT, auto.strategy(), "the one the fabric can do");
    }

    @Test
    void aLiveMigrationKeepsTheVmsSizeAndWaitsForNoConfirmationWhereTheFabricCannotHoldIt() {
        FabricVm vm = f.v2Vm("r6", GB, PowerState.RUNNING);
        MigrationRequest resized = new MigrationRequest(UUID.randomUUID(), vm.id(), SimTopology.V2_STAMP_ID,
                Optional.empty(), Strategy.LIVE_MIGRATION, Optional.empty(), OptionalInt.of(4), OptionalInt.empty(),
                Optional.empty(), CutoverMode.AUTOMATIC);
        refused(MigrationException.Reason.INVALID, "keeps the VM's 2 virtual processors", () -> f.engine.schedule(resized));
        Migration held = f.engine.schedule(live(vm, Strategy.AUTO, CutoverMode.CONFIRM));
        assertEquals(Strategy.LIVE_MIGRATION, held.strategy(),
                "the simulated Hyper-V holds a converged live migration until the tenant's cut-over");
        f.engine.command(held.id(), MigrationCommand.CANCEL);

        MigrationSupport unheld = (MigrationSupport) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MigrationSupport.class}, (proxy, method, args) -> method.getName().equals("holdsLiveSwitchOver")
                        ? false : invoke(method, f.driver.migrations().orElseThrow(), args));
        MigrationEngine engine = engineOver(unheld);
        refused(MigrationException.Reason.INVALID, "cannot wait for a confirmed cut-over", () -> engine.schedule(
                live(vm, Strategy.LIVE_MIGRATION, CutoverMode.CONFIRM)));
        Migration confirmed = engine.schedule(live(vm, Strategy.AUTO, CutoverMode.CONFIRM));
        assertTrue(confirmed.strategy() != Strategy.LIVE_MIGRATION, "Auto takes the next strategy: " + confirmed.strategy());
        engine.command(confirmed.id(), MigrationCommand.CANCEL);
        assertEquals(Strategy.LIVE_MIGRATION, engine.schedule(live(vm, Strategy.AUTO, CutoverMode.AUTOMATIC)).strategy());
    }

    /** An engine over the fixture's fabric whose migration primitives are {@code migrations}. */
    private MigrationEngine engineOver(MigrationSupport migrations) {
        ClusterDriver driver = (ClusterDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ClusterDriver.class}, (proxy, method, args) -> method.getName().equals("migrations")
                        ? Optional.of(migrations) : invoke(method, f.driver, args));
        return new MigrationEngine(f.dataSource, driver, f.clock, f.executor, (m, k, msg) -> { }, link -> 0L);
    }

    private static MigrationRequest live(FabricVm vm, Strategy s, CutoverMode mode) {
        return new MigrationRequest(UUID.randomUUID(), vm.id(), SimTopology.V2_STAMP_ID, Optional.empty(), s,
                Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), mode);
    }

    private static MigrationSupport onlyFull(MigrationSupport all) {
        return (MigrationSupport) Proxy.newProxyInstance(MigrationRefusalsTest.class.getClassLoader(),
                new Class<?>[] {MigrationSupport.class}, (proxy, method, args) -> method.getName().equals("kinds")
                        ? Set.of(TransferKind.FULL) : invoke(method, all, args));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void refusesAWindowInThePastAnUnknownVmAndASecondMigration() {
        FabricVm vm = f.vm("r2", GB, MB, PowerState.RUNNING);
        refused(MigrationException.Reason.INVALID, "in the past", () -> f.engine.schedule(request(vm,
                SimTopology.V2_STAMP_ID, Strategy.AUTO, OptionalInt.empty(),
                Optional.of(f.clock.instant().minus(Duration.ofHours(1))))));
        refused(MigrationException.Reason.NOT_FOUND, "does not exist", () -> f.engine.schedule(
                MigrationRequest.of(UUID.randomUUID(), UUID.randomUUID(), SimTopology.V2_STAMP_ID)));
        f.engine.schedule(MigrationRequest.of(UUID.randomUUID(), vm.id(), SimTopology.V2_STAMP_ID));
        refused(MigrationException.Reason.CONFLICT, "already migrating", () -> f.engine.schedule(
                MigrationRequest.of(UUID.randomUUID(), vm.id(), SimTopology.V2_STAMP_ID)));
    }

    @Test
    void commandsNameTheStateThatRefusesThem() {
        FabricVm vm = f.vm("r3", GB, MB, PowerState.RUNNING);
        Migration m = f.engine.schedule(MigrationRequest.of(UUID.randomUUID(), vm.id(), SimTopology.V2_STAMP_ID));
        refused(MigrationException.Reason.CONFLICT, "while it is Scheduled", () -> f.engine.command(m.id(),
                MigrationCommand.ROLLBACK));
        refused(MigrationException.Reason.CONFLICT, "while it is Scheduled", () -> f.engine.command(m.id(),
                MigrationCommand.CUTOVER));
        refused(MigrationException.Reason.NOT_FOUND, "does not exist", () -> f.engine.command(UUID.randomUUID(),
                MigrationCommand.COMMIT));
        assertEquals(MigrationState.CANCELLED, f.engine.command(m.id(), MigrationCommand.CANCEL).state());
    }

    @Test
    void aWindowInTheFutureWaits() {
        FabricVm vm = f.vm("r4", GB, MB, PowerState.RUNNING);
        Migration m = f.engine.schedule(request(vm, SimTopology.V2_STAMP_ID, Strategy.AUTO, OptionalInt.empty(),
                Optional.of(f.clock.instant().plus(Duration.ofHours(3)))));
        f.engine.tick();
        f.clock.advance(Duration.ofHours(2));
        f.engine.tick();
        assertEquals(MigrationState.SCHEDULED, f.get(m.id()).state());
        assertTrue(f.get(m.id()).estimatedCompletion().orElseThrow().isAfter(m.notBefore()));
        f.clock.advance(Duration.ofHours(1));
        f.engine.tick();
        assertTrue(f.get(m.id()).state() != MigrationState.SCHEDULED);
    }
}
