package io.gio.spf.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.accounts.UserState;
import io.gio.spf.demo.DemoTenancy;
import io.gio.spf.query.EntityRow;
import io.gio.spf.tenancy.NewSubscription;
import io.gio.spf.tenancy.PlanSpec;
import io.gio.spf.tenancy.Subscription;
import io.gio.spf.tenancy.SubscriptionState;
import io.gio.spf.vm.CreateVmRequest;
import io.gio.spf.vm.VmOperation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting a subscription removes its VMs through the job paths, then its cloud and role; deleting users. */
class SubscriptionRemovalTest {

    static final String ALICE = "alice@contoso.example";

    TestFabric fabric;
    SubscriptionRemoval removal;
    Jdbi jdbi;
    UUID v1;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        removal = fabric.adapter.subscriptionRemoval();
        jdbi = Jdbi.create(fabric.dataSource);
        v1 = (UUID) fabric.row("Clouds", "Name", "Contoso Cloud").get("StampId");
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    private Subscription subscription(String account, String name) {
        UUID plan = fabric.adapter.plans().create(PlanSpec.of(name, v1)).id();
        return fabric.adapter.subscriptions().create(NewSubscription.of(name, account, plan));
    }

    private UUID createVm(Subscription s, String name) {
        UUID template = (UUID) fabric.rows("VMTemplates", "Name", "CentOS Linux 7 (64 bit)").stream()
                .filter(t -> t.get("StampId").equals(v1)).findFirst().orElseThrow().get("ID");
        return fabric.adapter.vmProvisioning().create(new CreateVmRequest(v1, s.cloudId(), name, Optional.empty(),
                Optional.empty(), Optional.of(template), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), List.of(), false), ALICE).vmId();
    }

    /** Advances the clock, the jobs and the removals until {@code done} (at most ten simulated minutes). */
    private void runUntil(BooleanSupplier done) {
        for (int i = 0; i < 120 && !done.getAsBoolean(); i++) {
            fabric.clock.advance(Duration.ofSeconds(5));
            fabric.adapter.jobRunner().tick();
            removal.tick();
        }
        assertTrue(done.getAsBoolean(), "did not finish in ten simulated minutes");
    }

    private void runJobs() {
        for (int i = 0; i < 20; i++) {
            fabric.clock.advance(Duration.ofSeconds(30));
            fabric.adapter.jobRunner().tick();
        }
    }

    private long count(String sql, UUID id) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(Long.class).one());
    }

    private boolean gone(UUID subscription) {
        return fabric.adapter.subscriptions().find(subscription).isEmpty();
    }

    @Test
    void itsVmsAreTurnedOffAndDeletedThenItsCloudAndRoleGo() {
        Subscription s = subscription(ALICE, "Short-lived");
        UUID running = createVm(s, "running");
        UUID saved = createVm(s, "saved");
        UUID stopped = createVm(s, "stopped");
        runJobs();
        fabric.adapter.vmCommands().power(running, v1, VmOperation.START, ALICE);
        fabric.adapter.vmCommands().power(saved, v1, VmOperation.START, ALICE);
        runJobs();
        fabric.adapter.vmCommands().power(saved, v1, VmOperation.SAVE, ALICE);
        runJobs();
        assertEquals("Saved", fabric.row("VirtualMachines", "ID", saved).get("Status"));
        UUID logical = (UUID) fabric.rows("LogicalNetworks", "Name", "Tenant Network").stream()
                .filter(n -> n.get("StampId").equals(v1)).findFirst().orElseThrow().get("ID");
        UUID network = fabric.adapter.vmNetworks().create(v1, "Own network", logical, Optional.empty(), ALICE);
        fabric.adapter.vmNetworks().assignOwnerRole(network, s.userRoleId(), s.userRoleName());

        Subscription deleting = removal.request(s.id());
        assertEquals(SubscriptionState.DELETING, deleting.state());
        SpfException noNewVms = assertThrows(SpfException.class, () -> createVm(s, "late"));
        assertEquals(SpfErrorCode.CONFLICT, noNewVms.code());

        runUntil(() -> gone(s.id()));
        for (UUID vm : List.of(running, saved, stopped)) {
            assertTrue(fabric.rows("VirtualMachines", "ID", vm).isEmpty());
            assertTrue(fabric.driver.vm(vm).isEmpty(), "deleted on the fabric too");
        }
        List<EntityRow> jobs = fabric.rows("Jobs", "TargetObjectID", running);
        assertEquals(Set.of("Create virtual machine", "Start virtual machine", "Stop virtual machine",
                "Remove virtual machine"),
                Set.copyOf(jobs.stream().map(j -> (String) j.get("Name")).toList()), "the normal job paths");
        assertTrue(jobs.stream().allMatch(j -> "Completed".equals(j.get("Status"))));
        assertTrue(fabric.rows("Clouds", "ID", s.cloudId()).isEmpty(), "the cloud made for it is gone");
        assertEquals(0, count("SELECT COUNT(*) FROM vmm_user_role WHERE id = :id", s.userRoleId()));
        assertEquals(0, count("SELECT COUNT(*) FROM vmm_vm_network WHERE id = :id", network));
        assertEquals(0, count("SELECT COUNT(*) FROM gio_quota_reservation WHERE subscription_id = :id", s.id()));
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class,
                () -> fabric.adapter.subscriptions().get(s.id())).code());
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class, () -> removal.request(s.id())).code());
    }

    @Test
    void aDemoSubscriptionKeepsItsGivenCloudUnboundAndItsSuccessorLinkGoes() {
        UUID v1Sub = DemoTenancy.subscriptionId("Fabrikam", false);
        UUID v2Sub = DemoTenancy.subscriptionId("Fabrikam", true);
        Subscription old = fabric.adapter.subscriptions().get(v1Sub);
        assertEquals(6, fabric.rows("VirtualMachines", "CloudId", old.cloudId()).size());
        removal.request(v2Sub);
        runUntil(() -> gone(v2Sub));
        assertTrue(fabric.adapter.subscriptions().get(v1Sub).successorId().isEmpty(), "the predecessor's link went");

        removal.request(v1Sub);
        assertEquals(SubscriptionState.DELETING, fabric.adapter.subscriptions().get(v1Sub).state());
        runUntil(() -> gone(v1Sub));
        assertTrue(fabric.rows("VirtualMachines", "CloudId", old.cloudId()).isEmpty());
        EntityRow cloud = fabric.row("Clouds", "ID", old.cloudId());
        assertEquals(null, cloud.get("UserRoleID"), "a cloud it was given stays, no longer bound to its role");
        assertEquals(0, count("SELECT COUNT(*) FROM vmm_user_role WHERE id = :id", old.userRoleId()));
        assertTrue(fabric.adapter.subscriptions().listForAccount("bob@fabrikam.example").isEmpty());
    }

    @Test
    void aRepeatedRequestClearsTheLastError() {
        Subscription s = subscription(ALICE, "Retry");
        createVm(s, "busy");
        removal.request(s.id());
        fabric.adapter.subscriptionRemoval().tick();
        jdbi.useHandle(h -> h.createUpdate("UPDATE gio_subscription SET last_error = 'stuck' WHERE id = :id")
                .bind("id", s.id()).execute());
        assertEquals(Optional.of("stuck"), fabric.adapter.subscriptionLastError(s.id()));
        removal.request(s.id());
        assertEquals(Optional.empty(), fabric.adapter.subscriptionLastError(s.id()));
        runUntil(() -> gone(s.id()));
    }

    @Test
    void aUserIsDeletedWithItsSubscriptionsOnlyWhenAsked() {
        var directory = fabric.adapter.directory();
        directory.createTenantUser("carol@contoso.example", "carol-pass-1", Optional.of("Contoso"));
        Subscription s = subscription("carol@contoso.example", "Carol's");
        createVm(s, "carol-vm");
        AccountRemoval users = fabric.adapter.accountRemoval();
        SpfException held = assertThrows(SpfException.class, () -> users.delete("carol@contoso.example", false));
        assertEquals(SpfErrorCode.CONFLICT, held.code());
        assertTrue(held.getMessage().contains(s.id().toString()), held.getMessage());

        assertEquals(AccountRemoval.Outcome.PENDING, users.delete("carol@contoso.example", true));
        assertEquals(UserState.DELETE_PENDING, directory.user("carol@contoso.example").orElseThrow().state());
        assertTrue(fabric.adapter.accounts().verify("carol@contoso.example", "carol-pass-1").isEmpty());
        SpfException late = assertThrows(SpfException.class, () -> subscription("carol@contoso.example", "Late"));
        assertEquals(SpfErrorCode.CONFLICT, late.code());
        runUntil(() -> directory.user("carol@contoso.example").isEmpty());
        assertTrue(gone(s.id()));

        directory.createTenantUser("dave@contoso.example", "dave-pass-1", Optional.empty());
        assertEquals(AccountRemoval.Outcome.REMOVED, users.delete("dave@contoso.example", false));
        assertFalse(fabric.adapter.accounts().exists("dave@contoso.example"));
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class, () -> users.delete("admin", true))
                .code());
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class, () -> users.delete("nobody", true))
                .code());
    }
}
