package io.gio.spf.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.demo.DemoTenancy;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scoped reader: a subscription sees its own rows of every set and none of another tenant's,
 * through lists, counts, key reads, filters, navigation and expansion; the administrator sees all.
 */
class TenantScopeTest {

    /** Sets whose rows belong to one tenant (everything but the stamp's shared catalog). */
    static final Set<String> PRIVATE = Set.of("VirtualMachines", "VMScreenshots", "VMCheckPoints",
            "VirtualNetworkAdapters", "VirtualDiskDrives", "VirtualDVDDrives", "VirtualSCSIAdapters", "VMBackups",
            "VirtualNetworkAdapterQoS", "VirtualHardDiskQoS", "Clouds", "VMNetworks", "Jobs", "Migrations",
            "MigrationEvents");

    static TestFabric fabric;
    static EntityReader admin;
    static EntityReader alice;
    static EntityReader bob;
    static Scope aliceScope;
    static Scope bobScope;
    static EntityRow bobVm;

    @BeforeAll
    static void setUp() {
        fabric = new TestFabric(0);
        admin = fabric.adapter.reader(Scope.unrestricted());
        aliceScope = Scope.of(fabric.adapter.subscriptions().get(DemoTenancy.subscriptionId("Contoso", false)));
        bobScope = Scope.of(fabric.adapter.subscriptions().get(DemoTenancy.subscriptionId("Fabrikam", false)));
        alice = fabric.adapter.reader(aliceScope);
        bob = fabric.adapter.reader(bobScope);
        EntityRow aliceVm = fabric.row("VirtualMachines", "Name", "web01");
        bobVm = fabric.row("VirtualMachines", "Name", "fab-web01");
        for (EntityRow vm : List.of(aliceVm, bobVm)) {
            UUID id = (UUID) vm.get("ID");
            UUID stamp = (UUID) vm.get("StampId");
            String owner = vm == aliceVm ? "alice@contoso.example" : "bob@fabrikam.example";
            fabric.adapter.checkpoints().create(id, stamp, "cp", Optional.empty(), owner);
            fabric.adapter.backups().create(id, stamp, Optional.of("bk"), Optional.empty(), OptionalInt.empty(), owner);
            // A migration each, waiting for its window: listed with its timeline to the tenant only.
            fabric.adapter.migrations().schedule(io.gio.spf.migration.MigrationInput.of(id, stamp).withNotBefore(
                    fabric.clock.instant().plus(java.time.Duration.ofDays(1))), vm == aliceVm ? aliceScope : bobScope,
                    owner);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void tearDown() {
        fabric.close();
    }

    private static Map<String, Object> key(String set, EntityRow row) {
        Map<String, Object> k = new LinkedHashMap<>();
        if (set.equals("VMScreenshots")) {
            k.put("VMId", row.get("VMId"));
        } else {
            k.put("ID", row.get("ID"));
        }
        k.put("StampId", row.get("StampId"));
        return k;
    }

    private static Set<Object> ids(List<EntityRow> rows, String property) {
        return rows.stream().map(r -> r.get(property)).collect(Collectors.toSet());
    }

    @Test
    void eachTenantSeesItsOwnVmsOnly() {
        assertEquals(13, admin.count(EntityQuery.all("VirtualMachines")));
        assertEquals(7, alice.count(EntityQuery.all("VirtualMachines")));
        assertEquals(6, bob.count(EntityQuery.all("VirtualMachines")));
        assertTrue(alice.list(EntityQuery.all("VirtualMachines")).stream()
                .allMatch(r -> r.get("CloudId").equals(aliceScope.binding().orElseThrow().cloudId())));
    }

    @Test
    void everyPrivateSetIsDisjointAndBobsRowsAreMissingForAlice() {
        int probes = 0;
        for (String set : VmmMappings.all().keySet()) {
            List<EntityRow> a = alice.list(EntityQuery.all(set));
            List<EntityRow> b = bob.list(EntityQuery.all(set));
            List<EntityRow> all = admin.list(EntityQuery.all(set));
            assertEquals(a.size(), alice.count(EntityQuery.all(set)), set);
            assertTrue(a.size() <= all.size(), set);
            if (!PRIVATE.contains(set)) {
                continue;
            }
            String idProp = set.equals("VMScreenshots") ? "VMId" : "ID";
            Set<Object> common = new HashSet<>(ids(a, idProp));
            common.retainAll(ids(b, idProp));
            assertEquals(Set.of(), common, set + " is shared between tenants");
            for (EntityRow row : b) {
                Map<String, Object> k = key(set, row);
                assertEquals(Optional.empty(), alice.one(EntityQuery.byKey(set, k)), set + " " + k);
                assertTrue(bob.one(EntityQuery.byKey(set, k)).isPresent(), set + " " + k);
                Expr byId = new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of(idProp), new Expr.Literal(row.get(idProp)));
                assertEquals(0, alice.count(EntityQuery.all(set).withFilter(byId)), set);
                assertEquals(List.of(), alice.list(EntityQuery.all(set).withFilter(byId)), set);
                probes += 4;
            }
        }
        assertTrue(probes > 40, "probes: " + probes);
    }

    @Test
    void vmPartsBelongToOwnVms() {
        Set<Object> vms = ids(alice.list(EntityQuery.all("VirtualMachines")), "ID");
        for (String set : List.of("VMCheckPoints", "VirtualNetworkAdapters", "VirtualDiskDrives", "VirtualDVDDrives",
                "VirtualSCSIAdapters", "VMBackups", "VirtualNetworkAdapterQoS", "VirtualHardDiskQoS")) {
            List<EntityRow> rows = alice.list(EntityQuery.all(set));
            assertFalse(rows.isEmpty(), set);
            assertTrue(vms.containsAll(ids(rows, "VMId")), set);
        }
        List<EntityRow> disks = alice.list(EntityQuery.all("VirtualHardDisks"));
        assertTrue(disks.stream().allMatch(d -> d.get("VMId") == null || vms.contains(d.get("VMId"))));
    }

    @Test
    void catalogIsThePlansOnTheSubscriptionsStamp() {
        UUID stamp = aliceScope.binding().orElseThrow().stampId();
        List<EntityRow> templates = alice.list(EntityQuery.all("VMTemplates"));
        // V1 Standard's two templates, and Windows Server 2008 R2 unlocked by Contoso's packs.
        assertEquals(3, templates.size());
        assertTrue(templates.stream().allMatch(t -> t.get("StampId").equals(stamp)));
        assertTrue(alice.list(EntityQuery.all("HardwareProfiles")).stream().allMatch(t -> t.get("StampId").equals(stamp)));
        assertEquals(3, alice.count(EntityQuery.all("HardwareProfiles")));
        assertTrue(alice.list(EntityQuery.all("LogicalNetworks")).stream().allMatch(t -> t.get("StampId").equals(stamp)));
        assertEquals(List.of(aliceScope.binding().orElseThrow().cloudId()),
                alice.list(EntityQuery.all("Clouds")).stream().map(r -> r.get("ID")).toList());
        List<EntityRow> library = alice.list(EntityQuery.all("VirtualHardDisks")).stream()
                .filter(d -> d.get("VMId") == null).toList();
        assertEquals(3, library.size());
        assertTrue(alice.list(EntityQuery.all("VMNetworks")).stream().allMatch(n -> n.get("StampId").equals(stamp)));
        assertEquals(1, alice.count(EntityQuery.all("VMNetworks")));
    }

    @Test
    void jobsAreTheTenantsOwn() {
        List<EntityRow> aliceJobs = alice.list(EntityQuery.all("Jobs"));
        List<EntityRow> bobJobs = bob.list(EntityQuery.all("Jobs"));
        assertFalse(aliceJobs.isEmpty());
        assertFalse(bobJobs.isEmpty());
        assertTrue(aliceJobs.stream().noneMatch(j -> "bob@fabrikam.example".equals(j.get("Owner"))));
        assertTrue(bobJobs.stream().noneMatch(j -> "alice@contoso.example".equals(j.get("Owner"))));
        assertTrue(admin.count(EntityQuery.all("Jobs")) >= aliceJobs.size() + bobJobs.size());
    }

    @Test
    void navigationFromAnInvisibleParentIsNotFound() {
        Map<String, Object> bobKey = key("VirtualMachines", bobVm);
        for (String nav : List.of("VMCheckpoints", "VirtualNetworkAdapters", "VirtualHardDisks", "Cloud",
                "VirtualDiskDrives", "VirtualDVDDrives", "VirtualSCSIAdapters", "MostRecentTask")) {
            String target = VmmMappings.all().get("VirtualMachines").navigations().get(nav).targetSet();
            EntityQuery q = new EntityQuery(target, Optional.of(new Navigation("VirtualMachines", bobKey, nav)),
                    Map.of(), Optional.empty(), List.of(), OptionalInt.empty(), 0, List.of(), List.of());
            SpfException e = assertThrows(SpfException.class, () -> alice.list(q), nav);
            assertEquals(SpfErrorCode.NOT_FOUND, e.code());
            assertThrows(SpfException.class, () -> alice.count(q), nav);
        }
        // a navigation to an unmapped set checks its parent too
        EntityQuery unmapped = new EntityQuery("VirtualFloppyDrives", Optional.of(new Navigation("VirtualMachines",
                bobKey, "VirtualFloppyDrive")), Map.of(), Optional.empty(), List.of(), OptionalInt.empty(), 0,
                List.of(), List.of());
        assertThrows(SpfException.class, () -> alice.list(unmapped));
    }

    @Test
    void expansionKeepsToTheScope() {
        List<ExpandItem> expand = List.of(new ExpandItem("VMCheckpoints", List.of()), new ExpandItem("Cloud", List.of()),
                new ExpandItem("VirtualHardDisks", List.of()));
        EntityQuery q = new EntityQuery("VirtualMachines", Optional.empty(), Map.of(), Optional.empty(), List.of(),
                OptionalInt.empty(), 0, List.of(), expand);
        List<EntityRow> rows = alice.list(q);
        assertEquals(7, rows.size());
        Set<Object> vms = ids(rows, "ID");
        for (EntityRow r : rows) {
            for (EntityRow cp : r.expanded().get("VMCheckpoints")) {
                assertTrue(vms.contains(cp.get("VMId")));
            }
            assertEquals(1, r.expanded().get("Cloud").size());
        }
        assertTrue(rows.stream().anyMatch(r -> !r.expanded().get("VMCheckpoints").isEmpty()));
    }

    @Test
    void aSubscriptionOnAnotherStampSeesNothingOfTheFirst() {
        Scope v2 = Scope.of(fabric.adapter.subscriptions().get(DemoTenancy.subscriptionId("Contoso", true)));
        EntityReader r = fabric.adapter.reader(v2);
        assertEquals(0, r.count(EntityQuery.all("VirtualMachines")));
        assertEquals(0, r.count(EntityQuery.all("VMCheckPoints")));
        assertEquals(1, r.count(EntityQuery.all("Clouds")));
        assertTrue(r.list(EntityQuery.all("Jobs")).isEmpty());
        assertEquals(6, r.count(EntityQuery.all("HardwareProfiles")));
    }

    @Test
    void unmappedSetsAreEmptyAndAdminIsUnrestricted() {
        assertTrue(Scope.unrestricted().isUnrestricted());
        assertEquals(Optional.empty(), Scope.unrestricted().binding());
        assertEquals(0, alice.count(EntityQuery.all("CloudServices")));
        assertEquals(1, alice.count(EntityQuery.all("UserRoles")), "her subscription's role only");
        assertEquals(admin.count(EntityQuery.all("VMCheckPoints")),
                alice.count(EntityQuery.all("VMCheckPoints")) + bob.count(EntityQuery.all("VMCheckPoints")));
    }
}
