package io.gio.spf.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.demo.DemoTenancy;
import io.gio.spf.query.EntityRow;
import io.gio.spf.vm.CreateVmRequest;
import io.gio.spf.vm.VmProvisioning;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenancyTest {

    static final String ALICE = "alice@contoso.example";
    static final String BOB = "bob@fabrikam.example";

    TestFabric fabric;
    Plans plans;
    AddOns addOns;
    Subscriptions subscriptions;
    Quotas quotas;
    UUID v1;
    UUID v2;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        plans = fabric.adapter.plans();
        addOns = fabric.adapter.addOns();
        subscriptions = fabric.adapter.subscriptions();
        quotas = fabric.adapter.quotas();
        v1 = (UUID) fabric.row("Clouds", "Name", "Contoso Cloud").get("StampId");
        v2 = (UUID) fabric.row("Clouds", "Name", "Contoso Cloud V2").get("StampId");
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    UUID template(UUID stamp, String name) {
        return (UUID) fabric.rows("VMTemplates", "Name", name).stream().filter(t -> t.get("StampId").equals(stamp))
                .findFirst().orElseThrow().get("ID");
    }

    UUID profile(UUID stamp, String prefix) {
        return (UUID) fabric.adapter.reader(io.gio.spf.query.Scope.unrestricted()).list(io.gio.spf.query.EntityQuery.all("HardwareProfiles")).stream()
                .filter(p -> p.get("StampId").equals(stamp) && ((String) p.get("Name")).startsWith(prefix))
                .findFirst().orElseThrow().get("ID");
    }

    Plan plan(String name, QuotaSettings quota) {
        return plans.create(PlanSpec.of(name, v1).withQuota(quota));
    }

    static QuotaSettings roleVms(long n) {
        return new QuotaSettings(QuotaLimits.of(n, null, null, null), QuotaLimits.UNLIMITED);
    }

    static SpfException refused(SpfErrorCode code, org.junit.jupiter.api.function.Executable call) {
        SpfException e = assertThrows(SpfException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    CreateVmRequest vm(Subscription s, String name) {
        return new CreateVmRequest(s.stampId(), s.cloudId(), name, Optional.empty(), Optional.empty(),
                Optional.of(template(s.stampId(), "CentOS Linux 7 (64 bit)")), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), List.of(), false);
    }

    void runJobs(Duration d) {
        for (int i = 0; i < 10; i++) {
            fabric.clock.advance(d.dividedBy(10));
            fabric.adapter.jobRunner().tick();
        }
    }

    // ---- plans and add-ons

    @Test
    void plansAreCreatedReadUpdatedAndListed() {
        UUID ws = template(v1, "Windows Server 2012 R2 Datacenter");
        UUID small = profile(v1, "Small");
        PlanSpec spec = PlanSpec.of("Gold", v1).withDisplayName("Gold plan")
                .withQuota(new QuotaSettings(QuotaLimits.of(10L, 20L, 40960L, 1000L), QuotaLimits.of(5L, null, null, null)))
                .withActions(Set.of("start", "Stop", "Checkpoint", "RemoteConnect"))
                .withResources(Set.of(ws), Set.of(small), Set.of())
                .withVmLimits(false, OptionalInt.of(2), OptionalInt.of(8192));
        Plan gold = plans.create(spec);
        Plan read = plans.get(gold.id());
        assertEquals("Gold plan", read.spec().displayName());
        assertEquals(PlanState.PUBLIC, read.spec().state());
        assertEquals(Set.of("Start", "Stop", "Checkpoint", "RemoteConnect"), read.spec().actions());
        assertEquals(Set.of(ws), read.spec().templateIds());
        assertEquals(Set.of(small), read.spec().hardwareProfileIds());
        assertEquals(OptionalLong.of(40960), read.spec().quota().role().memoryMb());
        assertEquals(OptionalLong.of(5), read.spec().quota().member().vms());
        assertTrue(read.spec().quota().member().cores().isEmpty(), "empty = unlimited");
        assertEquals(OptionalInt.of(2), read.spec().maxCpuPerVm());

        Plan updated = plans.update(gold.id(), read.spec().withState(PlanState.PRIVATE)
                .withQuota(roleVms(3)).withResources(Set.of(), Set.of(), Set.of()));
        assertEquals(PlanState.PRIVATE, updated.spec().state());
        assertEquals(OptionalLong.of(3), updated.spec().quota().role().vms());
        assertTrue(updated.spec().quota().role().cores().isEmpty());
        assertTrue(updated.spec().templateIds().isEmpty());
        assertEquals(List.of("Gold", DemoTenancy.V1_PLAN, DemoTenancy.V2_PLAN),
                plans.list().stream().map(Plan::name).toList());
        assertEquals(gold.id(), plans.findByName("Gold").orElseThrow().id());
    }

    @Test
    void badPlansAreRefusedWithTheReason() {
        refused(SpfErrorCode.CONFLICT, () -> plans.create(PlanSpec.of(DemoTenancy.V1_PLAN, v1)));
        assertTrue(refused(SpfErrorCode.BAD_REQUEST, () -> plans.create(PlanSpec.of("X", v1)
                .withActions(Set.of("Start", "Teleport")))).getMessage().contains("'Teleport'"));
        UUID v2Template = template(v2, "CentOS Linux 7 (64 bit)");
        assertTrue(refused(SpfErrorCode.BAD_REQUEST, () -> plans.create(PlanSpec.of("X", v1)
                .withResources(Set.of(v2Template), Set.of(), Set.of()))).getMessage().contains("GIO-V1"));
        assertTrue(refused(SpfErrorCode.BAD_REQUEST, () -> plans.create(PlanSpec.of("X", v1)
                .withVmLimits(false, OptionalInt.of(8), OptionalInt.empty()))).getMessage().contains("1 to 4"));
        refused(SpfErrorCode.NOT_FOUND, () -> plans.get(UUID.randomUUID()));
        Plan used = plans.get(DemoTenancy.planId(DemoTenancy.V1_PLAN));
        refused(SpfErrorCode.CONFLICT, () -> plans.update(used.id(), PlanSpec.of(used.name(), v2)));
    }

    @Test
    void addOnsAreCreatedAttachedAndUpdated() {
        UUID tpl = template(v1, "Windows Server 2008 R2 Datacenter SP1");
        AddOn pack = addOns.create(new AddOnSpec("Exchange Pack", "", AddOnKind.PACK, Optional.of("mail"),
                new Usage(1, 2, 4096, 100), Set.of(tpl)));
        assertEquals("Exchange Pack", addOns.get(pack.id()).spec().displayName());
        assertEquals(Set.of(tpl), addOns.get(pack.id()).spec().templateIds());
        AddOn changed = addOns.update(pack.id(), new AddOnSpec("Exchange Pack", "Exchange", AddOnKind.PACK,
                Optional.empty(), new Usage(2, 2, 4096, 100), Set.of()));
        assertEquals(2, changed.spec().quotaIncrement().vms());
        assertTrue(changed.spec().templateIds().isEmpty());
        assertEquals(6, addOns.list().size());
        Plan p = plan("With add-on", roleVms(1));
        assertEquals(List.of(pack.id()), plans.attachAddOn(p.id(), pack.id()).addOnIds());
        assertEquals(List.of(pack.id()), plans.attachAddOn(p.id(), pack.id()).addOnIds(), "attaching twice is no change");
        assertTrue(plans.detachAddOn(p.id(), pack.id()).addOnIds().isEmpty());
        refused(SpfErrorCode.BAD_REQUEST, () -> addOns.create(new AddOnSpec("Neg", "", AddOnKind.PACK, Optional.empty(),
                new Usage(-1, 0, 0, 0), Set.of())));
    }

    // ---- subscriptions

    @Test
    void aSubscriptionGetsItsOwnCloudAndUserRoleOnThePlansStamp() {
        Plan p = plan("Bronze", roleVms(2));
        Subscription s = subscriptions.create(NewSubscription.of("Alice's bronze", ALICE, p.id()));
        assertEquals(SubscriptionState.ACTIVE, s.state());
        assertEquals(v1, s.stampId());
        assertEquals(ALICE + "_" + s.id(), s.userRoleName());
        assertEquals(fabric.clock.instant(), s.created());
        EntityRow cloud = fabric.row("Clouds", "ID", s.cloudId());
        assertEquals("Alice's bronze", cloud.get("Name"));
        assertEquals(v1, cloud.get("StampId"));
        assertEquals(s.tenantId(), Optional.of(
                subscriptions.get(DemoTenancy.subscriptionId("Contoso", false)).tenantId().orElseThrow()));
        assertEquals(s, subscriptions.findByCloud(s.cloudId()).orElseThrow());
        assertEquals(1, plans.get(p.id()).subscriptionCount());

        refused(SpfErrorCode.BAD_REQUEST, () -> subscriptions.create(NewSubscription.of("x", "nobody@example", p.id())));
        UUID boundCloud = subscriptions.get(DemoTenancy.subscriptionId("Fabrikam", false)).cloudId();
        refused(SpfErrorCode.CONFLICT, () -> subscriptions.create(new NewSubscription(Optional.empty(), "x", ALICE,
                p.id(), Optional.of(boundCloud), Optional.empty())));
        UUID v2Cloud = (UUID) fabric.row("Clouds", "Name", "Contoso Cloud V2").get("ID");
        refused(SpfErrorCode.BAD_REQUEST, () -> subscriptions.create(new NewSubscription(Optional.empty(), "x", ALICE,
                p.id(), Optional.of(v2Cloud), Optional.empty())));
        plans.setState(p.id(), PlanState.DECOMMISSIONED);
        refused(SpfErrorCode.CONFLICT, () -> subscriptions.create(NewSubscription.of("late", ALICE, p.id())));
    }

    @Test
    void thePlansMaximumPerAccountIsKept() {
        Plan p = plans.create(PlanSpec.of("One each", v1).withMaxSubscriptionsPerAccount(OptionalLong.of(1)));
        subscriptions.create(NewSubscription.of("first", ALICE, p.id()));
        subscriptions.create(NewSubscription.of("bob's", BOB, p.id()));
        assertTrue(refused(SpfErrorCode.CONFLICT, () -> subscriptions.create(NewSubscription.of("second", ALICE, p.id())))
                .getMessage().contains("allows 1 per account"));
    }

    @Test
    void theAdminListFiltersPagesAndCounts() {
        Plan p = plan("Listed", roleVms(2));
        fabric.clock.advance(Duration.ofSeconds(1));
        Subscription a = subscriptions.create(NewSubscription.of("Alpha", ALICE, p.id()));
        fabric.clock.advance(Duration.ofSeconds(1));
        Subscription b = subscriptions.create(NewSubscription.of("Beta_100%", BOB, p.id()));
        subscriptions.suspend(b.id());

        SubscriptionPage all = subscriptions.list(SubscriptionFilter.ALL, 0, 100);
        assertEquals(6, all.totalCount());
        assertEquals(6, all.filteredTotalCount());
        assertEquals(6, all.items().size());

        SubscriptionPage onPlan = subscriptions.list(SubscriptionFilter.ALL.withPlan(p.id()), 1, 1);
        assertEquals(2, onPlan.filteredTotalCount());
        assertEquals(6, onPlan.totalCount());
        assertEquals(List.of(b.id()), onPlan.items().stream().map(Subscription::id).toList());

        assertEquals(3, subscriptions.list(SubscriptionFilter.ALL.withAccount(ALICE), 0, 10).filteredTotalCount());
        assertEquals(List.of(b.id()), subscriptions.list(SubscriptionFilter.ALL.withState(SubscriptionState.SUSPENDED),
                0, 10).items().stream().map(Subscription::id).toList());
        assertEquals(List.of(b.id()), subscriptions.list(SubscriptionFilter.ALL.withNameContaining("a_100%"), 0, 10)
                .items().stream().map(Subscription::id).toList());
        assertEquals(0, subscriptions.list(SubscriptionFilter.ALL.withNameContaining("a_1000"), 0, 10)
                .filteredTotalCount());

        List<UUID> alices = subscriptions.listForAccount(ALICE).stream().map(Subscription::id).toList();
        assertEquals(Set.of(DemoTenancy.subscriptionId("Contoso", false), DemoTenancy.subscriptionId("Contoso", true)),
                Set.copyOf(alices.subList(0, 2)), "the demo's, seeded at the same instant");
        assertEquals(a.id(), alices.get(2), "oldest first");
        refused(SpfErrorCode.BAD_REQUEST, () -> subscriptions.list(SubscriptionFilter.ALL, 0, 0));
    }

    @Test
    void suspendedAndDeletingSubscriptionsCannotChange() {
        Plan p = plan("States", roleVms(5));
        Subscription s = subscriptions.create(NewSubscription.of("stateful", ALICE, p.id()));
        assertEquals(SubscriptionState.SUSPENDED, subscriptions.suspend(s.id()).state());
        assertEquals(SubscriptionState.SUSPENDED, subscriptions.get(s.id()).state());
        assertTrue(refused(SpfErrorCode.FORBIDDEN, () -> fabric.adapter.vmProvisioning().create(vm(s, "blocked"), ALICE))
                .getMessage().contains("suspended"));
        refused(SpfErrorCode.FORBIDDEN, () -> quotas.reserve(s.id(), new Usage(0, 1, 0, 0)));
        assertTrue(fabric.rows("VirtualMachines", "Name", "blocked").isEmpty());

        assertEquals(SubscriptionState.ACTIVE, subscriptions.activate(s.id()).state());
        fabric.adapter.vmProvisioning().create(vm(s, "allowed"), ALICE);
        assertEquals(1, quotas.usage(s.id()).vms());

        assertEquals(SubscriptionState.DELETING, subscriptions.delete(s.id()).state());
        refused(SpfErrorCode.CONFLICT, () -> subscriptions.activate(s.id()));
        refused(SpfErrorCode.CONFLICT, () -> quotas.reserve(s.id(), new Usage(0, 1, 0, 0)));
        refused(SpfErrorCode.NOT_FOUND, () -> subscriptions.suspend(UUID.randomUUID()));
    }

    @Test
    void aSubscriptionLinksToItsSuccessor() {
        Plan p = plan("Linked", roleVms(5));
        Subscription old = subscriptions.create(NewSubscription.of("old", ALICE, p.id()));
        Subscription next = subscriptions.create(NewSubscription.of("new", ALICE, p.id()));
        Subscription third = subscriptions.create(NewSubscription.of("third", ALICE, p.id()));
        Subscription bobs = subscriptions.create(NewSubscription.of("bob's", BOB, p.id()));

        assertEquals(Optional.of(next.id()), subscriptions.linkSuccessor(old.id(), next.id()).successorId());
        assertEquals(Optional.of(next.id()), subscriptions.get(old.id()).successorId());
        assertEquals(old.id(), subscriptions.predecessor(next.id()).orElseThrow().id());
        assertTrue(subscriptions.predecessor(old.id()).isEmpty());
        subscriptions.linkSuccessor(old.id(), next.id());

        refused(SpfErrorCode.CONFLICT, () -> subscriptions.linkSuccessor(next.id(), old.id()));
        refused(SpfErrorCode.CONFLICT, () -> subscriptions.linkSuccessor(old.id(), third.id()));
        refused(SpfErrorCode.CONFLICT, () -> subscriptions.linkSuccessor(third.id(), next.id()));
        refused(SpfErrorCode.BAD_REQUEST, () -> subscriptions.linkSuccessor(old.id(), old.id()));
        refused(SpfErrorCode.BAD_REQUEST, () -> subscriptions.linkSuccessor(third.id(), bobs.id()));

        subscriptions.linkSuccessor(next.id(), third.id());
        refused(SpfErrorCode.CONFLICT, () -> subscriptions.linkSuccessor(third.id(), old.id()));
        assertTrue(subscriptions.unlinkSuccessor(old.id()).successorId().isEmpty());
    }

    // ---- quotas

    @Test
    void theEffectiveQuotaIsThePlanRaisedByAddOnsAndReplacedByOverrides() {
        UUID tpl = template(v1, "Windows Server 2008 R2 Datacenter SP1");
        UUID base = template(v1, "CentOS Linux 7 (64 bit)");
        Plan p = plans.create(PlanSpec.of("Quota", v1)
                .withQuota(new QuotaSettings(QuotaLimits.of(10L, 20L, null, 500L), QuotaLimits.of(4L, null, null, null)))
                .withResources(Set.of(base), Set.of(), Set.of()));
        AddOn pack = addOns.create(new AddOnSpec("Big Pack", "", AddOnKind.PACK, Optional.empty(),
                new Usage(2, 4, 8192, 100), Set.of(tpl)));
        Subscription s = subscriptions.create(NewSubscription.of("quota", ALICE, p.id()));
        UUID backup = DemoTenancy.addOnId("Backup");
        refused(SpfErrorCode.BAD_REQUEST, () -> subscriptions.addAddOn(s.id(), pack.id()));
        plans.attachAddOn(p.id(), pack.id());
        plans.attachAddOn(p.id(), backup);
        assertFalse(quotas.effective(s.id()).backupAllowed());
        assertEquals(List.of(pack.id()), subscriptions.addAddOn(s.id(), pack.id()).addOnIds());
        subscriptions.addAddOn(s.id(), backup);

        EffectiveQuota q = quotas.effective(s.id());
        assertEquals(QuotaLimits.of(12L, 24L, null, 600L), q.quota().role());
        assertEquals(QuotaLimits.of(6L, null, null, null), q.quota().member(), "unlimited stays unlimited");
        assertEquals(Set.of(base, tpl), q.templateIds());
        assertTrue(q.backupAllowed());

        q = quotas.setOverrides(s.id(), Map.of(QuotaName.ROLE_VM_COUNT, OptionalLong.of(3),
                QuotaName.ROLE_STORAGE_GB, OptionalLong.empty()));
        assertEquals(QuotaLimits.of(3L, 24L, null, null), q.quota().role());
        assertEquals(Map.of(QuotaName.ROLE_VM_COUNT, OptionalLong.of(3), QuotaName.ROLE_STORAGE_GB, OptionalLong.empty()),
                quotas.overrides(s.id()));
        q = quotas.clearOverrides(s.id(), Set.of(QuotaName.ROLE_VM_COUNT));
        assertEquals(QuotaLimits.of(12L, 24L, null, null), q.quota().role());

        subscriptions.removeAddOn(s.id(), pack.id());
        assertEquals(QuotaLimits.of(10L, 20L, null, null), quotas.effective(s.id()).quota().role());
        assertEquals(Set.of(base), quotas.effective(s.id()).templateIds());
        assertEquals(QuotaName.MEMBER_CPU_COUNT, QuotaName.ofWireName("MemberCPUCount"));
        refused(SpfErrorCode.BAD_REQUEST, () -> QuotaName.ofWireName("RoleGPUCount"));
    }

    @Test
    void usageIsWhatTheVmsInTheCloudTake() {
        Usage contoso = quotas.usage(DemoTenancy.subscriptionId("Contoso", false));
        // web01 web02 sql01 app01 dc01 build01 files01: processors, memory and disks at their maximum size
        assertEquals(new Usage(7, 17, 47104, 60 + 60 + 80 + 500 + 80 + 40 + 100 + 60 + 200), contoso);
        assertEquals(Usage.NONE, quotas.usage(DemoTenancy.subscriptionId("Contoso", true)));
        assertEquals(6, quotas.usage(DemoTenancy.subscriptionId("Fabrikam", false)).vms());
    }

    @Test
    void aRefusalNamesTheQuotaThatStoppedIt() {
        Plan p = plans.create(PlanSpec.of("Tight", v1)
                .withQuota(new QuotaSettings(QuotaLimits.of(null, 4L, 4096L, null), QuotaLimits.of(2L, null, null, null)))
                .withVmLimits(false, OptionalInt.of(2), OptionalInt.empty()));
        Subscription s = subscriptions.create(NewSubscription.of("tight", ALICE, p.id()));
        Reservation r = quotas.reserveVm(s.id(), UUID.randomUUID(), new Usage(1, 2, 2048, 20));
        assertEquals("The subscription's quota of 4 virtual processors does not leave room for 3 more (2 in use).",
                refused(SpfErrorCode.BAD_REQUEST, () -> quotas.reserve(s.id(), new Usage(0, 3, 0, 0))).getMessage());
        assertEquals("The subscription's quota of 4096 MB of memory does not leave room for 4096 MB more (2048 MB in use).",
                refused(SpfErrorCode.BAD_REQUEST, () -> quotas.reserve(s.id(), new Usage(0, 0, 4096, 0))).getMessage());
        assertTrue(refused(SpfErrorCode.BAD_REQUEST, () -> quotas.reserveVm(s.id(), UUID.randomUUID(),
                new Usage(1, 4, 1024, 20))).getMessage().contains("at most 2 virtual processors per VM"));
        quotas.reserveVm(s.id(), UUID.randomUUID(), new Usage(1, 1, 1024, 20));
        assertEquals("The subscription's per-user quota of 2 virtual machines is used up (2 in use).",
                refused(SpfErrorCode.BAD_REQUEST, () -> quotas.reserveVm(s.id(), UUID.randomUUID(),
                        new Usage(1, 1, 512, 20))).getMessage());
        assertEquals(new Usage(2, 3, 3072, 40), quotas.reserved(s.id()));
        quotas.release(r);
        assertEquals(new Usage(1, 1, 1024, 20), quotas.reserved(s.id()));
        fabric.clock.advance(Quotas.RESERVATION_TTL.plusSeconds(1));
        assertEquals(Usage.NONE, quotas.reserved(s.id()), "an abandoned reservation expires");
    }

    @Test
    void fiftyConcurrentCreatesAgainstAQuotaOfTenLeaveExactlyTen() throws Exception {
        Subscription s = subscriptions.create(NewSubscription.of("race", ALICE, plan("Race", roleVms(10)).id()));
        RaceResult result = Race.run(50, i -> fabric.adapter.vmProvisioning().create(vm(s, "race-" + i), ALICE));
        assertEquals(10, result.succeeded(), result.toString());
        assertEquals(40, result.refused().size(), result.toString());
        for (SpfException e : result.refused()) {
            assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
            assertEquals("The subscription's quota of 10 virtual machines is used up (10 in use).", e.getMessage());
        }
        assertEquals(10, fabric.rows("VirtualMachines", "CloudId", s.cloudId()).size());
        assertEquals(10, quotas.usage(s.id()).vms());
        assertTrue(quotas.openReservations(s.id()).isEmpty(), "every create released its reservation");
    }

    @Test
    void fiftyConcurrentReservationsAgainstAQuotaOfTenHoldExactlyTen() throws Exception {
        Subscription s = subscriptions.create(NewSubscription.of("race", ALICE, plans.create(PlanSpec.of("Cores", v1)
                .withQuota(new QuotaSettings(QuotaLimits.of(null, 20L, null, null), QuotaLimits.UNLIMITED))).id()));
        RaceResult result = Race.run(50, i -> quotas.reserveVm(s.id(), UUID.randomUUID(), new Usage(1, 2, 1024, 10)));
        assertEquals(10, result.succeeded(), result.toString());
        assertEquals(new Usage(10, 20, 10240, 100), quotas.reserved(s.id()));
        assertEquals(10, quotas.openReservations(s.id()).size());
    }

    @Test
    void deletingAVmFreesItsShare() {
        Subscription s = subscriptions.create(NewSubscription.of("two", ALICE, plan("Two", roleVms(2)).id()));
        VmProvisioning.Created first = fabric.adapter.vmProvisioning().create(vm(s, "one"), ALICE);
        fabric.adapter.vmProvisioning().create(vm(s, "two"), ALICE);
        refused(SpfErrorCode.BAD_REQUEST, () -> fabric.adapter.vmProvisioning().create(vm(s, "three"), ALICE));
        runJobs(Duration.ofMinutes(10));
        assertEquals("PowerOff", fabric.row("VirtualMachines", "ID", first.vmId()).get("Status"));
        fabric.adapter.vmCommands().delete(first.vmId(), first.stampId(), ALICE);
        runJobs(Duration.ofMinutes(1));
        assertTrue(fabric.rows("VirtualMachines", "ID", first.vmId()).isEmpty());
        assertEquals(1, quotas.usage(s.id()).vms());
        fabric.adapter.vmProvisioning().create(vm(s, "three"), ALICE);
        assertEquals(2, quotas.usage(s.id()).vms());
    }

    @Test
    void cloudsWithoutASubscriptionAreNotChecked() {
        assertTrue(quotas.reserveVmInCloud(UUID.randomUUID(), UUID.randomUUID(), new Usage(1, 64, 1 << 20, 1 << 20))
                .isEmpty());
    }

    // ---- demo

    @Test
    void theDemoHoldsTwoPlansAndALinkedPairOfSubscriptionsPerTenant() {
        Plan standard = plans.findByName(DemoTenancy.V1_PLAN).orElseThrow();
        Plan premium = plans.findByName(DemoTenancy.V2_PLAN).orElseThrow();
        assertEquals(v1, standard.spec().stampId());
        assertEquals(v2, premium.spec().stampId());
        assertFalse(standard.spec().migrationAllowed());
        assertTrue(premium.spec().migrationAllowed());
        assertTrue(premium.spec().quota().role().vms().getAsLong() > standard.spec().quota().role().vms().getAsLong());
        assertTrue(premium.spec().quota().role().cores().getAsLong()
                > standard.spec().quota().role().cores().getAsLong());
        assertEquals(OptionalInt.of(4), standard.spec().maxCpuPerVm());
        assertEquals(2, standard.subscriptionCount());
        assertEquals(Set.of("Active Directory Pack", "SQL Server Pack", "RDS Pack", "XenApp Pack", "Backup"),
                Set.copyOf(addOns.list().stream().map(AddOn::name).toList()));
        assertEquals(5, standard.addOnIds().size());

        for (String tenant : List.of("Contoso", "Fabrikam")) {
            Subscription old = subscriptions.get(DemoTenancy.subscriptionId(tenant, false));
            Subscription next = subscriptions.get(DemoTenancy.subscriptionId(tenant, true));
            assertEquals(fabric.row("Clouds", "Name", tenant + " Cloud").get("ID"), old.cloudId());
            assertEquals(fabric.row("Clouds", "Name", tenant + " Cloud V2").get("ID"), next.cloudId());
            assertEquals(standard.id(), old.planId());
            assertEquals(premium.id(), next.planId());
            assertEquals(Optional.of(next.id()), old.successorId());
            assertEquals(old.userRoleId(), fabric.row("Clouds", "Name", tenant + " Cloud").get("UserRoleID"));
            assertEquals(SubscriptionState.ACTIVE, old.state());
        }
        UUID backup = DemoTenancy.addOnId("Backup");
        assertTrue(subscriptions.get(DemoTenancy.subscriptionId("Contoso", false)).addOnIds().contains(backup));
        assertTrue(quotas.effective(DemoTenancy.subscriptionId("Contoso", true)).backupAllowed());
        assertFalse(quotas.effective(DemoTenancy.subscriptionId("Fabrikam", false)).backupAllowed());
        assertEquals(2, subscriptions.listForAccount(BOB).size());

        fabric.adapter.demoData().seed(Optional.of(TestFabric.PASSWORD), 0);
        assertEquals(4, subscriptions.list(SubscriptionFilter.ALL, 0, 10).totalCount(), "seeding twice adds nothing");
    }
}
