package io.gio.spf.migration;

import static io.gio.spf.migration.MigrationFixture.ALICE;
import static io.gio.spf.migration.MigrationFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Scope;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may migrate which VM where: scope checks, defaults and refusals before the engine runs anything. */
class MigrationScopeTest {

    static MigrationFixture f;
    static EntityRow aliceVm;
    static EntityRow aliceV2Vm;
    static EntityRow bobVm;

    @BeforeAll
    static void setUp() {
        f = new MigrationFixture();
        aliceVm = f.vm(f.aliceV1, "mig-scope-a", false);
        aliceV2Vm = f.vm(f.aliceV2, "mig-scope-a2", false);
        bobVm = f.fabric.row("VirtualMachines", "Name", "fab-web01");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static MigrationInput input(EntityRow vm) {
        return MigrationInput.of((UUID) vm.get("ID"), (UUID) vm.get("StampId"));
    }

    private static SpfException refused(MigrationInput in, Scope scope, String who) {
        return assertThrows(SpfException.class, () -> f.migrations.schedule(in, scope, who));
    }

    @Test
    void anotherTenantsVmIsNotFoundLikeAMissingOne() {
        SpfException other = refused(input(bobVm), f.aliceV1, ALICE);
        SpfException missing = refused(MigrationInput.of(UUID.randomUUID(), (UUID) bobVm.get("StampId")), f.aliceV1,
                ALICE);
        assertEquals(SpfErrorCode.NOT_FOUND, other.code());
        assertEquals(SpfErrorCode.NOT_FOUND, missing.code());
        assertTrue(other.getMessage().startsWith("The virtual machine with ID"), other.getMessage());
        // The V2 subscription does not see the VM of the V1 one either.
        assertEquals(SpfErrorCode.NOT_FOUND, refused(input(aliceVm), f.aliceV2, ALICE).code());
    }

    @Test
    void theTargetCloudMustBeOneOfTheCallersOwnSubscriptions() {
        SpfException e = refused(input(aliceVm).withTargetCloud(f.cloud(f.bobV1)), f.aliceV1, ALICE);
        assertEquals(SpfErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("TargetCloudId"), e.getMessage());
        SpfException unknown = refused(input(aliceVm).withTargetCloud(UUID.randomUUID()), f.aliceV1, ALICE);
        assertEquals(SpfErrorCode.NOT_FOUND, unknown.code());
        SpfException same = refused(input(aliceVm).withTargetCloud(f.cloud(f.aliceV1)), f.aliceV1, ALICE);
        assertEquals(SpfErrorCode.BAD_REQUEST, same.code());
    }

    @Test
    void withoutASuccessorTheTargetCloudIsRequired() {
        SpfException e = refused(input(aliceV2Vm), f.aliceV2, ALICE);
        assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().startsWith("TargetCloudId is required"), e.getMessage());
    }

    @Test
    void aPlanThatDoesNotOfferMigrationRefusesMigrationsIntoItsCloud() {
        // V1 Standard does not offer migration; V2 Premium does.
        SpfException e = refused(input(aliceV2Vm).withTargetCloud(f.cloud(f.aliceV1)), f.aliceV2, ALICE);
        assertEquals(SpfErrorCode.FORBIDDEN, e.code());
        assertTrue(e.getMessage().contains("does not offer migration"), e.getMessage());
    }

    @Test
    void namesAndSizesAreChecked() {
        SpfException strategy = refused(input(aliceVm).withStrategy("Teleport"), f.aliceV1, ALICE);
        assertEquals(SpfErrorCode.BAD_REQUEST, strategy.code());
        assertTrue(strategy.getMessage().contains("SmbTransfer"), strategy.getMessage());
        assertEquals(SpfErrorCode.BAD_REQUEST, refused(input(aliceVm).withCutoverMode("Later"), f.aliceV1, ALICE).code());
        SpfException cpu = refused(input(aliceVm).withTargetCpuCount(65), f.aliceV1, ALICE);
        assertEquals(SpfErrorCode.BAD_REQUEST, cpu.code());
        assertTrue(cpu.getMessage().contains("64 virtual processors"), cpu.getMessage());
    }

    @Test
    void theTargetSubscriptionsQuotaMustHaveRoom() {
        UUID v2 = f.aliceV2.binding().orElseThrow().subscriptionId();
        f.fabric.adapter.quotas().setOverrides(v2, java.util.Map.of(io.gio.spf.tenancy.QuotaName.ROLE_VM_COUNT,
                java.util.OptionalLong.of(1)));
        try {
            SpfException e = refused(input(aliceVm), f.aliceV1, ALICE);
            assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
            assertTrue(e.getMessage().contains("quota"), e.getMessage());
        } finally {
            f.fabric.adapter.quotas().clearOverrides(v2, java.util.Set.of(io.gio.spf.tenancy.QuotaName.ROLE_VM_COUNT));
        }
    }

    @Test
    void aSuspendedSubscriptionCannotMigrate() {
        UUID sub = f.bobV1.binding().orElseThrow().subscriptionId();
        f.fabric.adapter.subscriptions().suspend(sub);
        try {
            Scope suspended = f.scope("Fabrikam", false);
            assertEquals(SpfErrorCode.FORBIDDEN, refused(input(bobVm), suspended, BOB).code());
        } finally {
            f.fabric.adapter.subscriptions().activate(sub);
        }
    }

    @Test
    void aRequestTheEngineRefusesLeavesNothingBehind() {
        long jobs = f.fabric.rows("Jobs", "Status", "Running").size();
        SpfException past = refused(input(aliceVm).withNotBefore(f.fabric.clock.instant().minus(Duration.ofHours(1))),
                f.aliceV1, ALICE);
        assertEquals(SpfErrorCode.BAD_REQUEST, past.code());
        assertTrue(past.getMessage().contains("in the past"), past.getMessage());
        assertEquals(jobs, f.fabric.rows("Jobs", "Status", "Running").size(), "no job left running");
        assertEquals(0, f.fabric.rows("Migrations", "VMId", aliceVm.get("ID")).size());
    }

    @Test
    void theAdministratorDefaultsToTheSuccessorOfTheVmsCloud() {
        EntityRow vm = f.vm(f.aliceV1, "mig-scope-admin", false);
        Migrations.Scheduled s = f.migrations.schedule(input(vm).withNotBefore(f.fabric.clock.instant()
                .plus(Duration.ofDays(1))), Scope.unrestricted(), "admin");
        EntityRow m = f.read(s);
        assertEquals(f.cloud(f.aliceV2), m.get("TargetCloudId"));
        assertEquals("Scheduled", m.get("State"));
        assertEquals(vm.get("StampId"), m.get("StampId"));
        assertTrue(f.read(f.aliceV1, s.migrationId(), s.stampId()).isPresent(), "source subscription sees it");
        assertTrue(f.read(f.aliceV2, s.migrationId(), s.stampId()).isPresent(), "target subscription sees it");
        assertTrue(f.read(f.bobV1, s.migrationId(), s.stampId()).isEmpty(), "another tenant does not");
        SpfException again = refused(input(vm), f.aliceV1, ALICE);
        assertEquals(SpfErrorCode.CONFLICT, again.code(), again.getMessage());
        assertTrue(again.getMessage().contains("already migrating"), again.getMessage());
        f.migrations.command(s.migrationId(), s.stampId(), "Cancel", f.aliceV1, ALICE);
        assertEquals("Cancelled", f.read(s).get("State"));
    }
}
