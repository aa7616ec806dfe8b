package io.gio.migration;

import static io.gio.migration.EngineFixture.GB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.sim.SimTopology;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.FaultKind;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault the simulated fabric can inject, at each phase of a migration: the migration either
 * completes or rolls back; the source's content is never changed by it; no reservation or copy is
 * left behind; the source ends in its previous power state when the migration did not complete.
 */
class MigrationFaultsTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    static Stream<Arguments> faultsAndPhases() {
        List<Arguments> out = new ArrayList<>();
        for (FaultKind kind : FaultKind.values()) {
            for (MigrationState phase : List.of(MigrationState.PRECOPYING, MigrationState.CUTTING_OVER,
                    MigrationState.VERIFYING)) {
                out.add(Arguments.of(kind, phase));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} while {1}")
    @MethodSource("faultsAndPhases")
    void completesOrRollsBackCleanly(FaultKind kind, MigrationState phase) {
        exercise(kind, phase, Strategy.SMB_TRANSFER, CutoverMode.AUTOMATIC);
    }

    static Stream<Arguments> faults() {
        return Stream.of(FaultKind.values()).map(Arguments::of);
    }

    /** A fault while the migration waits for the tenant's Cutover (its refresh copies run meanwhile). */
    @ParameterizedTest(name = "{0} while AwaitingCutover")
    @MethodSource("faults")
    void aFaultWhileAwaitingTheCutoverCompletesOrRollsBackCleanly(FaultKind kind) {
        exercise(kind, MigrationState.AWAITING_CUTOVER, Strategy.SMB_TRANSFER, CutoverMode.CONFIRM);
    }

    /** ExportImport: the VM is stopped for the whole copy, which the fault hits. */
    @ParameterizedTest(name = "{0} while an ExportImport cuts over")
    @MethodSource("faults")
    void anExportImportHitByAFaultCompletesOrRollsBackCleanly(FaultKind kind) {
        exercise(kind, MigrationState.CUTTING_OVER, Strategy.EXPORT_IMPORT, CutoverMode.AUTOMATIC);
    }

    /** A fault during a rollback: the rollback is never abandoned and leaves the source as it was. */
    @ParameterizedTest(name = "{0} while rolling back")
    @MethodSource("faults")
    void aRollbackHitByAFaultStillEndsWithTheSourceAsItWas(FaultKind kind) {
        FabricVm vm = f.vm("faultrb", 40 * GB, 0, PowerState.RUNNING);
        MigrationSupport fabric = f.driver.migrations().orElseThrow();
        String digest = fabric.contentDigest(vm.id());
        long v2Before = v2Used();
        Migration m = f.schedule(vm, Strategy.SMB_TRANSFER, CutoverMode.AUTOMATIC);
        Migration done = f.runUntil(m.id(), MigrationState.COMPLETED);
        f.engine.command(m.id(), MigrationCommand.ROLLBACK);
        Migration rolling = f.runUntil(m.id(), x -> x.state() == MigrationState.ROLLING_BACK || x.state().isFinal());
        f.driver.faults().orElseThrow().inject(kind, target(kind, done, vm), Duration.ofMinutes(10));
        Migration end = f.runUntil(m.id(), x -> x.state().isFinal());
        f.driver.faults().orElseThrow().clear();
        System.out.printf("fault %s while rolling back (%s): %s%n", kind, rolling.state().wireName(), end.state().wireName());
        assertEquals(MigrationState.ROLLED_BACK, end.state(), f.timeline(m.id()));
        assertEquals(digest, fabric.contentDigest(vm.id()), "the source's content is unchanged");
        assertTrue(f.driver.vm(done.targetVmId()).isEmpty(), "the target VM was removed");
        assertEquals(v2Before, v2Used(), "nothing is left on the target");
        if (kind != FaultKind.HOST_CRASH) {
            assertEquals(PowerState.RUNNING, f.driver.vm(vm.id()).orElseThrow().state(), "the source runs again");
        }
    }

    private void exercise(FaultKind kind, MigrationState phase, Strategy strategy, CutoverMode mode) {
        // a guest that writes nothing: its content must come out of the migration exactly as it went in
        FabricVm vm = f.vm("fault01", 40 * GB, 0, PowerState.RUNNING);
        MigrationSupport fabric = f.driver.migrations().orElseThrow();
        String digest = fabric.contentDigest(vm.id());
        long v2Before = v2Used();
        Migration m = f.schedule(vm, strategy, mode);
        Migration at = f.runUntil(m.id(), x -> x.state() == phase || x.state().isFinal());
        assertEquals(phase, at.state(), "the migration passed through " + phase);

        f.driver.faults().orElseThrow().inject(kind, target(kind, at, vm), Duration.ofMinutes(10));
        if (mode == CutoverMode.CONFIRM && f.get(m.id()).state() == MigrationState.AWAITING_CUTOVER) {
            f.engine.command(m.id(), MigrationCommand.CUTOVER); // the tenant cuts over while the fault lasts
        }
        Migration end = f.runUntil(m.id(), x -> x.state().isFinal()
                || x.state() == MigrationState.COMPLETED && x.phase().startsWith("Completed"));

        System.out.printf("fault %s while %s: %s (%s)%n", kind, phase, end.state().wireName(), end.error().orElse("-"));
        f.driver.faults().orElseThrow().clear(); // a full volume reports no free space while the fault lasts
        assertTrue(List.of(MigrationState.COMPLETED, MigrationState.FAILED).contains(end.state()),
                kind + " while " + phase + " ended " + end.state() + ": " + end.phase());
        assertEquals(digest, fabric.contentDigest(vm.id()), "the source's content is unchanged");
        assertTrue(f.engine.queue().stream().allMatch(q -> q.state() == MigrationState.COMPLETED),
                "nothing is left running");
        if (end.state() == MigrationState.FAILED) {
            assertTrue(end.error().isPresent());
            assertTrue(f.driver.vm(end.targetVmId()).isEmpty(), "the target VM was removed");
            assertEquals(v2Before, v2Used(), "the copies on the target were discarded");
            assertEquals(PowerState.RUNNING, f.driver.vm(vm.id()).orElseThrow().state(), "the source runs again");
        } else {
            FabricVm target = f.driver.vm(end.targetVmId()).orElseThrow();
            assertEquals(digest, fabric.contentDigest(target.id()), "the target holds the source's content");
            assertTrue(v2Used() > v2Before);
            // a rollback leaves the target as it was: no copy of a failed attempt was left behind
            f.engine.command(m.id(), MigrationCommand.ROLLBACK);
            assertEquals(MigrationState.ROLLED_BACK, f.runUntil(m.id(), x -> x.state().isFinal()).state());
            assertEquals(v2Before, v2Used(), "rolled back, the target holds nothing of the migration");
            if (kind != FaultKind.HOST_CRASH) { // a crash of the source's host had stopped it before the cut-over
                assertEquals(PowerState.RUNNING, f.driver.vm(vm.id()).orElseThrow().state(), "the source runs again");
            }
            assertEquals(digest, fabric.contentDigest(vm.id()));
        }
    }

    @org.junit.jupiter.api.Test
    void aCopyRetriedAfterALinkFailureLeavesNoSpaceBehind() {
        long before = v2Used();
        FabricVm clean = f.vm("clean01", 40 * GB, 0, PowerState.RUNNING);
        Migration a = f.schedule(clean, Strategy.SMB_TRANSFER, CutoverMode.AUTOMATIC);
        f.runUntil(a.id(), MigrationState.COMPLETED);
        long growth = v2Used() - before;

        FabricVm vm = f.vm("retry01", 40 * GB, 0, PowerState.RUNNING);
        Migration b = f.schedule(vm, Strategy.SMB_TRANSFER, CutoverMode.AUTOMATIC);
        f.runUntil(b.id(), MigrationState.PRECOPYING);
        f.clock.advance(Duration.ofSeconds(30)); // into the base copy, which takes about two minutes
        assertTrue(f.engine.tick().isPresent() && f.get(b.id()).bytesTransferred() > 5 * GB, f.timeline(b.id()));
        f.driver.faults().orElseThrow().inject(FaultKind.LINK_DOWN, SimTopology.V1_V2_LINK_NAME, Duration.ofSeconds(60));
        Migration done = f.runUntil(b.id(), MigrationState.COMPLETED);
        assertTrue(f.engine.events(b.id()).stream().anyMatch(e -> e.message().contains("trying again")),
                "the copy failed and was retried");
        assertEquals(growth, v2Used() - before - growth, "the retried migration takes what a clean one takes: "
                + f.timeline(b.id()));

        f.engine.command(done.id(), MigrationCommand.ROLLBACK);
        f.runUntil(b.id(), MigrationState.ROLLED_BACK);
        assertEquals(before + growth, v2Used(), "rolled back, nothing of it is left on the target");
        f.engine.command(a.id(), MigrationCommand.COMMIT);
        f.runUntil(a.id(), MigrationState.COMMITTED);
        assertEquals(before + growth, v2Used(), "a commit frees nothing on the target and leaks nothing");
    }

    private String target(FaultKind kind, Migration m, FabricVm source) {
        return switch (kind) {
            case LINK_DOWN -> SimTopology.V1_V2_LINK_NAME;
            case VOLUME_FULL -> volumeName(m.targetVolumeId());
            case HOST_CRASH -> hostName(f.driver.vm(m.targetVmId()).map(FabricVm::hostId).orElse(source.hostId()));
            case BOOT_FAILURE -> SimTopology.V2_STAMP_NAME;
        };
    }

    private String volumeName(UUID id) {
        return f.driver.stamps().stream().flatMap(s -> f.driver.volumes(s.id()).stream())
                .filter(v -> v.id().equals(id)).map(Volume::name).findFirst().orElseThrow();
    }

    private String hostName(UUID id) {
        return f.driver.stamps().stream().flatMap(s -> f.driver.hosts(s.id()).stream())
                .filter(h -> h.id().equals(id)).map(Host::name).findFirst().orElseThrow();
    }

    private long v2Used() {
        return f.usedBytes("V2-SOFS-VMSTORE1") + f.usedBytes("V2-SOFS-VMSTORE2");
    }
}
