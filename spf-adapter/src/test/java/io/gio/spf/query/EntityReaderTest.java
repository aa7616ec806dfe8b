package io.gio.spf.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.query.Expr.Binary;
import io.gio.spf.query.Expr.BinaryOp;
import io.gio.spf.query.Expr.Call;
import io.gio.spf.query.Expr.Literal;
import io.gio.spf.query.Expr.Prop;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntityReaderTest {

    static TestFabric fabric;
    static EntityReader reader;

    @BeforeAll
    static void setUp() {
        fabric = new TestFabric(0);
        reader = fabric.adapter.reader(io.gio.spf.query.Scope.unrestricted());
    }

    @AfterAll
    static void tearDown() {
        fabric.close();
    }

    private static EntityQuery vms(Expr filter) {
        return EntityQuery.all("VirtualMachines").withFilter(filter);
    }

    private static List<String> names(List<EntityRow> rows) {
        return rows.stream().map(r -> (String) r.get("Name")).sorted().toList();
    }

    @Test
    void demoHasBothTenantsVms() {
        assertEquals(13, reader.count(EntityQuery.all("VirtualMachines")));
        assertEquals(13, reader.list(EntityQuery.all("VirtualMachines")).size());
    }

    @Test
    void equalityOnName() {
        List<EntityRow> rows = reader.list(vms(new Binary(BinaryOp.EQ, Prop.of("Name"), new Literal("web01"))));
        assertEquals(List.of("web01"), names(rows));
        EntityRow r = rows.get(0);
        assertEquals("Running", r.get("Status"));
        assertEquals("Running", r.get("StatusString"));
        assertEquals((short) 2, r.get("CPUCount"));
        assertEquals(4096, r.get("Memory"));
        assertTrue((Long) r.get("TotalSize") > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> owner = (Map<String, Object>) r.get("Owner");
        assertEquals("alice@contoso.example", owner.get("UserName"));
        assertNull(r.get("DeploymentErrorInfo"));
    }

    @Test
    void stringFunctionsAndLogic() {
        Expr startsWeb = new Call("startswith", List.of(Prop.of("Name"), new Literal("web")));
        assertEquals(List.of("web01", "web02"), names(reader.list(vms(startsWeb))));
        Expr containsDb = new Call("contains", List.of(new Call("tolower", List.of(Prop.of("Name"))), new Literal("db")));
        assertEquals(List.of("fab-db01"), names(reader.list(vms(containsDb))));
        Expr endsWith = new Call("endswith", List.of(Prop.of("Name"), new Literal("01")));
        Expr notRunning = new Expr.Unary(Expr.UnaryOp.NOT, new Binary(BinaryOp.EQ, Prop.of("Status"), new Literal("Running")));
        List<String> stopped = names(reader.list(vms(new Binary(BinaryOp.AND, endsWith, notRunning))));
        assertTrue(stopped.contains("app01") && stopped.contains("fab-app01"), stopped.toString());
        assertFalse(stopped.contains("web01"));
    }

    @Test
    void likeWildcardsInLiteralsAreEscaped() {
        Expr pct = new Call("contains", List.of(Prop.of("Name"), new Literal("%")));
        assertEquals(0, reader.list(vms(pct)).size());
        Expr underscore = new Call("startswith", List.of(Prop.of("Name"), new Literal("w_b")));
        assertEquals(0, reader.list(vms(underscore)).size());
    }

    @Test
    void complexMemberAndNullComparisons() {
        Expr bob = new Binary(BinaryOp.EQ, Prop.of("Owner", "UserName"), new Literal("bob@fabrikam.example"));
        assertEquals(6, reader.list(vms(bob)).size());
        assertEquals(13, reader.count(vms(new Binary(BinaryOp.EQ, Prop.of("FailedJobID"), new Literal(null)))));
        // A property the store does not hold is null for every entity.
        assertEquals(0, reader.count(vms(new Binary(BinaryOp.EQ, Prop.of("CostCenter"), new Literal("x")))));
    }

    @Test
    void orderTopSkip() {
        EntityQuery q = new EntityQuery("VirtualMachines", Optional.empty(), Map.of(), Optional.empty(),
                List.of(new OrderItem(Prop.of("Name"), true)), OptionalInt.of(3), 1, List.of("Name"), List.of());
        List<EntityRow> rows = reader.list(q);
        assertEquals(List.of("web01", "sql01", "files01"),
                rows.stream().map(r -> (String) r.get("Name")).toList());
        assertEquals(List.of("Name"), List.copyOf(rows.get(0).values().keySet()));
    }

    @Test
    void keyLookupExpandAndNavigation() {
        EntityRow web01 = reader.list(vms(new Binary(BinaryOp.EQ, Prop.of("Name"), new Literal("sql01")))).get(0);
        Map<String, Object> key = Map.of("ID", web01.get("ID"), "StampId", web01.get("StampId"));
        EntityQuery q = new EntityQuery("VirtualMachines", Optional.empty(), key, Optional.empty(), List.of(),
                OptionalInt.empty(), 0, List.of(), List.of(new ExpandItem("VirtualHardDisks", List.of()),
                new ExpandItem("VirtualNetworkAdapters", List.of()), new ExpandItem("VMCheckpoints", List.of()),
                new ExpandItem("VirtualDiskDrives", List.of()), new ExpandItem("Cloud", List.of())));
        EntityRow row = reader.one(q).orElseThrow();
        assertEquals(2, row.expanded().get("VirtualHardDisks").size());
        assertTrue(((String) row.expanded().get("VirtualHardDisks").get(0).get("Location")).endsWith(".vhd"));
        assertEquals(1, row.expanded().get("VirtualNetworkAdapters").size());
        assertEquals(0, row.expanded().get("VMCheckpoints").size());
        assertEquals(2, row.expanded().get("VirtualDiskDrives").size());
        assertEquals("Contoso Cloud", row.expanded().get("Cloud").get(0).get("Name"));

        EntityQuery nav = new EntityQuery("VirtualNetworkAdapters",
                Optional.of(new Navigation("VirtualMachines", key, "VirtualNetworkAdapters")), Map.of(),
                Optional.empty(), List.of(), OptionalInt.empty(), 0, List.of(), List.of());
        List<EntityRow> nics = reader.list(nav);
        assertEquals(1, nics.size());
        assertEquals("Contoso Network", nics.get(0).get("VMNetworkName"));
        assertFalse(((List<?>) nics.get(0).get("IPv4Addresses")).isEmpty());
    }

    @Test
    void navigationFromMissingParentIsNotFound() {
        Map<String, Object> key = Map.of("ID", UUID.randomUUID(), "StampId", UUID.randomUUID());
        EntityQuery nav = new EntityQuery("VirtualHardDisks",
                Optional.of(new Navigation("VirtualMachines", key, "VirtualHardDisks")), Map.of(), Optional.empty(),
                List.of(), OptionalInt.empty(), 0, List.of(), List.of());
        SpfException e = assertThrows(SpfException.class, () -> reader.list(nav));
        assertEquals(SpfErrorCode.NOT_FOUND, e.code());
    }

    @Test
    void unmappedSetsAreEmptyAndInventoryIsThere() {
        assertEquals(0, reader.count(EntityQuery.all("ISOs")));
        assertEquals(6, reader.count(EntityQuery.all("VMTemplates")));
        assertTrue(reader.count(EntityQuery.all("HardwareProfiles")) >= 9);
        assertEquals(4, reader.count(EntityQuery.all("Clouds")), "a cloud per tenant on each stamp");
        assertEquals(4, reader.count(EntityQuery.all("LogicalNetworks")));
        assertEquals(4, reader.count(EntityQuery.all("VMNetworks")));
    }

    @Test
    void unknownFunctionIsBadRequest() {
        SpfException e = assertThrows(SpfException.class,
                () -> reader.list(vms(new Call("geo.distance", List.of(Prop.of("Name"))))));
        assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
    }
}
