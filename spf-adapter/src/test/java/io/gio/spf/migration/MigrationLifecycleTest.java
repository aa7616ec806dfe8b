package io.gio.spf.migration;

import static io.gio.spf.migration.MigrationFixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Expr;
import io.gio.spf.query.Navigation;
import io.gio.spf.query.Scope;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migrations run by the engine on the simulated fabric and a virtual clock, as the VMM side shows
 * them: the mirroring job, the target VM listed in the target cloud, refusals while a migration
 * holds a VM, rollback, commit and cancel.
 */
class MigrationLifecycleTest {

    MigrationFixture f;

    @BeforeEach
    void setUp() {
        f = new MigrationFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Migrations.Scheduled schedule(EntityRow vm) {
        return f.migrations.schedule(MigrationInput.of((UUID) vm.get("ID"), (UUID) vm.get("StampId")), f.aliceV1, ALICE);
    }

    private List<EntityRow> vmsOf(Scope s, Object id) {
        return f.fabric.adapter.reader(s).list(EntityQuery.all("VirtualMachines").withFilter(
                new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of("ID"), new Expr.Literal(id))));
    }

    @Test
    void aRunningVmMovesToTheSuccessorCloudAndRollsBack() {
        EntityRow vm = f.vm(f.aliceV1, "mig-life-01", true);
        UUID vmId = (UUID) vm.get("ID");
        Migrations.Scheduled s = schedule(vm);
        EntityRow job = f.job(s.jobId());
        assertEquals("Running", job.get("Status"));
        assertEquals("Migrate virtual machine: Scheduled", job.get("Name"));
        assertEquals(vmId, job.get("TargetObjectID"));
        assertEquals(s.jobId(), f.fabric.row("VirtualMachines", "ID", vmId).get("MostRecentTaskId"));

        Set<String> names = new HashSet<>();
        EntityRow m = f.read(s);
        for (int i = 0; i < 5_000 && !"Completed".equals(m.get("State")); i++) {
            f.fabric.clock.advance(Duration.ofSeconds(2));
            f.migrations.tick();
            names.add((String) f.job(s.jobId()).get("Name"));
            m = f.read(s);
            if ("Precopying".equals(m.get("State"))) {
                assertEquals(m.get("Progress"), f.job(s.jobId()).get("ProgressValue"), "the job follows the progress");
            }
        }
        assertEquals("Completed", m.get("State"), String.valueOf(m.get("Error")));
        assertTrue(names.contains("Migrate virtual machine: Precopying") || names.contains(
                "Migrate virtual machine: CuttingOver"), names.toString());
        assertEquals("Completed", f.job(s.jobId()).get("Status"));
        assertNotNull(m.get("DowntimeSeconds"), "the VM was running: downtime measured");
        assertTrue(m.get("DowntimeSeconds") instanceof Double);
        assertEquals(1, f.fabric.adapter.reader(f.aliceV1).list(EntityQuery.all("Migrations").withFilter(new Expr.Binary(
                Expr.BinaryOp.AND, new Expr.Binary(Expr.BinaryOp.GT, Expr.Prop.of("DowntimeSeconds"), new Expr.Literal(0.5)),
                new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of("VMId"), new Expr.Literal(vmId))))).size(),
                "$filter on an Edm.Double runs in the store");
        assertEquals(100, m.get("Progress"));

        UUID target = (UUID) m.get("TargetVMId");
        List<EntityRow> listed = vmsOf(f.aliceV2, target);
        assertEquals(1, listed.size(), "the target VM is in the successor's cloud");
        assertEquals("Running", listed.get(0).get("Status"));
        assertEquals("mig-life-01", listed.get(0).get("Name"));
        assertEquals(ALICE, ((Map<?, ?>) listed.get(0).get("Owner")).get("UserName"));
        List<EntityRow> disks = f.fabric.adapter.reader(f.aliceV2).list(EntityQuery.all("VirtualHardDisks").withFilter(
                new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of("VMId"), new Expr.Literal(target))));
        assertEquals(1, disks.size());
        assertTrue(((String) disks.get(0).get("Location")).endsWith(".vhdx"), disks.get(0).toString());
        assertTrue(((String) disks.get(0).get("Name")).endsWith(".vhdx"), disks.get(0).toString());
        assertEquals("PowerOff", f.fabric.row("VirtualMachines", "ID", vmId).get("Status"), "the source is kept, stopped");

        // The timeline, through the navigation and in the target subscription's view too.
        List<EntityRow> events = f.fabric.adapter.reader(f.aliceV2).list(new EntityQuery("MigrationEvents",
                Optional.of(new Navigation("Migrations", Map.of("ID", s.migrationId(), "StampId", s.stampId()), "Events")),
                Map.of(), Optional.empty(), List.of(), java.util.OptionalInt.empty(), 0, List.of(), List.of()));
        assertTrue(events.size() >= 4, events.toString());
        assertEquals(1, events.get(0).get("Seq"));
        assertEquals("Scheduled", events.get(0).get("State"));

        // The retained source may not change; the new VM may.
        SpfException held = assertThrows(SpfException.class, () -> f.migrations.requireNotHeld(vmId, "started"));
        assertEquals(SpfErrorCode.CONFLICT, held.code());
        assertTrue(held.getMessage().contains(s.migrationId().toString()), held.getMessage());
        f.migrations.requireNotHeld(target, "stopped");

        UUID rollback = f.migrations.command(s.migrationId(), s.stampId(), "Rollback", f.aliceV2, ALICE);
        assertEquals(f.stamp(f.aliceV2), f.job(rollback).get("StampId"), "the job of a command is where it was given");
        m = f.runUntil(s, st -> st.equals("RolledBack") || st.equals("Failed"));
        assertEquals("RolledBack", m.get("State"));
        assertEquals("Completed", f.job(rollback).get("Status"));
        assertEquals(0, vmsOf(Scope.unrestricted(), target).size(), "the target VM went from the view");
        assertEquals("Running", f.fabric.row("VirtualMachines", "ID", vmId).get("Status"), "the source runs again");
        f.migrations.requireNotHeld(vmId, "started");
        SpfException again = assertThrows(SpfException.class,
                () -> f.migrations.command(s.migrationId(), s.stampId(), "Commit", f.aliceV1, ALICE));
        assertEquals(SpfErrorCode.CONFLICT, again.code());
    }

    @Test
    void commitDeletesTheRetainedSourceFromTheView() {
        EntityRow vm = f.vm(f.aliceV1, "mig-life-02", false);
        Migrations.Scheduled s = schedule(vm);
        EntityRow m = f.runUntil(s, st -> st.equals("Completed") || st.equals("Failed"));
        assertEquals("Completed", m.get("State"), String.valueOf(m.get("Error")));
        assertEquals(null, m.get("DowntimeSeconds"), "a stopped VM has no downtime");
        assertEquals("PowerOff", vmsOf(f.aliceV2, m.get("TargetVMId")).get(0).get("Status"), "it stays stopped");
        SpfException unknown = assertThrows(SpfException.class,
                () -> f.migrations.command(s.migrationId(), s.stampId(), "Explode", f.aliceV1, ALICE));
        assertEquals(SpfErrorCode.BAD_REQUEST, unknown.code());
        UUID commit = f.migrations.command(s.migrationId(), s.stampId(), "Commit", f.aliceV1, ALICE);
        m = f.runUntil(s, st -> st.equals("Committed"));
        assertEquals("Committed", m.get("State"));
        assertEquals("Completed", f.job(commit).get("Status"));
        assertEquals(0, vmsOf(Scope.unrestricted(), vm.get("ID")).size(), "the source went from the view");
        assertEquals(1, vmsOf(f.aliceV2, m.get("TargetVMId")).size());
        // Bob never sees it; a command through his scope is a 404.
        SpfException bob = assertThrows(SpfException.class,
                () -> f.migrations.command(s.migrationId(), s.stampId(), "Rollback", f.bobV1, "bob@fabrikam.example"));
        assertEquals(SpfErrorCode.NOT_FOUND, bob.code());
    }

    @Test
    void cancellingAScheduledMigrationEndsItsJobs() {
        EntityRow vm = f.vm(f.aliceV1, "mig-life-03", false);
        Migrations.Scheduled s = f.migrations.schedule(MigrationInput.of((UUID) vm.get("ID"), (UUID) vm.get("StampId"))
                .withNotBefore(f.fabric.clock.instant().plus(Duration.ofHours(2))).withCutoverMode("Confirm"),
                f.aliceV1, ALICE);
        assertEquals("Confirm", f.read(s).get("CutoverMode"));
        SpfException cutover = assertThrows(SpfException.class,
                () -> f.migrations.command(s.migrationId(), s.stampId(), "Cutover", f.aliceV1, ALICE));
        assertEquals(SpfErrorCode.CONFLICT, cutover.code());
        UUID cancel = f.migrations.command(s.migrationId(), s.stampId(), "Cancel", f.aliceV1, ALICE);
        assertEquals("Cancelled", f.read(s).get("State"));
        assertEquals("Completed", f.job(cancel).get("Status"));
        EntityRow job = f.job(s.jobId());
        assertEquals("Failed", job.get("Status"));
        assertEquals("MIGRATION_CANCELLED", ((Map<?, ?>) job.get("ErrorInfo")).get("ErrorCodeString"));
    }
}
