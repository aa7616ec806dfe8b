package io.gio.odata.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class V3JsonWriterTest {
    static final String ROOT = "https://spf:8090/SC2012R2/VMM/Microsoft.Management.Odata.svc/";
    static final UUID V = UUID.fromString("38c9c3b9-9288-4d7a-82fa-501cd4eb9ecb");
    static final UUID S = UUID.fromString("d70c1a9b-c241-48f5-880a-b6c36071e653");
    static final UUID N = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final String KEY = "(ID=guid'" + V + "',StampId=guid'" + S + "')";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final V3JsonWriter writer = new V3JsonWriter(VmmModel.load(), new JsonFactory());

    static EntityRow vm() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Name", "web01");
        values.put("StampId", S);
        values.put("ID", V);
        values.put("TotalSize", 42949672960L);
        values.put("Memory", 2048);
        values.put("CPUCount", (short) 2);
        values.put("Enabled", true);
        values.put("AddedTime", Instant.parse("2019-04-30T17:42:41.213456Z"));
        values.put("Owner", Map.of("UserName", "user@contoso.com", "RoleID", N));
        values.put("GrantedToList", List.of(Map.of("RoleName", "r1")));
        values.put("DeploymentErrorInfo", null);
        values.put("Status", "Running");
        Map<String, Object> nic = new LinkedHashMap<>();
        nic.put("ID", N);
        nic.put("StampId", S);
        nic.put("Name", "nic0");
        nic.put("IPv4Addresses", List.of("10.0.0.4"));
        return new EntityRow(values, Map.of("VirtualNetworkAdapters", List.of(new EntityRow(nic)), "Cloud", List.of()));
    }

    private String feed(V3JsonFormat format, List<EntityRow> rows, OptionalLong count, Optional<String> next)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeFeed(out, new V3JsonContext(ROOT, "VirtualMachines", format), rows.iterator(), count, next);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String entry(V3JsonContext ctx, EntityRow row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeEntry(out, ctx, row);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void minimalFeed() throws IOException {
        String text = feed(V3JsonFormat.MINIMAL, List.of(vm()), OptionalLong.of(1), Optional.of(ROOT + "VirtualMachines?$skiptoken=1"));
        JsonNode doc = JSON.readTree(text);
        assertEquals(List.of("odata.metadata", "odata.count", "value", "odata.nextLink"), names(doc));
        assertEquals(ROOT + "$metadata#VirtualMachines", doc.get("odata.metadata").asText());
        assertTrue(doc.get("odata.count").isTextual());
        assertEquals("1", doc.get("odata.count").asText());
        JsonNode vm = doc.get("value").get(0);
        List<String> expectedOrder = new ArrayList<>();
        VmmModel.load().entityType("VirtualMachine").orElseThrow().properties().stream()
                .filter(p -> vm().values().containsKey(p.name())).forEach(p -> expectedOrder.add(p.name()));
        expectedOrder.addAll(List.of("Cloud", "VirtualNetworkAdapters"));
        assertEquals(expectedOrder, names(vm), "model order, then expanded navigations in model order");
        assertEquals("AddedTime", names(vm).get(0));
        assertEquals("2019-04-30T17:42:41.213Z", vm.get("AddedTime").asText());
        assertTrue(vm.get("TotalSize").isTextual());
        assertEquals("42949672960", vm.get("TotalSize").asText());
        assertTrue(vm.get("Memory").isInt());
        assertTrue(vm.get("CPUCount").isInt());
        assertTrue(vm.get("Enabled").isBoolean());
        assertEquals(V.toString(), vm.get("ID").asText());
        assertTrue(vm.get("DeploymentErrorInfo").isNull());
        assertEquals(List.of("UserName", "RoleID"), names(vm.get("Owner")), "complex members in model order");
        assertEquals("r1", vm.get("GrantedToList").get(0).get("RoleName").asText());
        JsonNode nic = vm.get("VirtualNetworkAdapters").get(0);
        assertFalse(nic.has("odata.metadata"));
        assertEquals("10.0.0.4", nic.get("IPv4Addresses").get(0).asText());
        assertTrue(vm.get("Cloud").isNull());
        assertFalse(text.contains("odata.type"));
    }

    @Test
    void feedWithoutCountOrNextLinkAndNoMetadata() throws IOException {
        JsonNode doc = JSON.readTree(feed(V3JsonFormat.NONE, List.of(), OptionalLong.empty(), Optional.empty()));
        assertEquals(List.of("value"), names(doc));
        assertEquals(0, doc.get("value").size());
        JsonNode counted = JSON.readTree(feed(V3JsonFormat.NONE, List.of(vm()), OptionalLong.of(7), Optional.empty()));
        assertEquals(List.of("odata.count", "value"), names(counted));
    }

    @Test
    void fullMetadataAddsTypesIdsAndLinks() throws IOException {
        JsonNode vm = JSON.readTree(feed(V3JsonFormat.FULL, List.of(vm()), OptionalLong.empty(), Optional.empty()))
                .get("value").get(0);
        assertEquals("VMM.VirtualMachine", vm.get("odata.type").asText());
        assertEquals(ROOT + "VirtualMachines" + KEY, vm.get("odata.id").asText());
        assertEquals("VirtualMachines" + KEY, vm.get("odata.editLink").asText());
        assertEquals(List.of("odata.type", "odata.id", "odata.editLink"), names(vm).subList(0, 3));
        assertEquals("VirtualMachines" + KEY + "/VMCheckpoints", vm.get("VMCheckpoints@odata.navigationLinkUrl").asText());
        assertEquals("VirtualMachines" + KEY + "/$links/Cloud", vm.get("Cloud@odata.associationLinkUrl").asText());
        assertEquals("VirtualMachines" + KEY + "/VMConnection", vm.get("VMConnection@odata.mediaReadLink").asText());
        assertEquals("Edm.Int64", vm.get("TotalSize@odata.type").asText());
        assertEquals("Edm.DateTime", vm.get("AddedTime@odata.type").asText());
        assertEquals("Edm.Guid", vm.get("ID@odata.type").asText());
        assertEquals("Edm.Byte", vm.get("CPUCount@odata.type").asText());
        assertEquals("VMM.UserAndRole", vm.get("Owner@odata.type").asText());
        assertEquals("Collection(VMM.UserAndRole)", vm.get("GrantedToList@odata.type").asText());
        assertFalse(vm.has("Name@odata.type"));
        assertFalse(vm.has("Memory@odata.type"));
        assertFalse(vm.has("DeploymentErrorInfo@odata.type"), "null values need no type");
        List<String> names = names(vm);
        assertEquals(names.indexOf("TotalSize") - 1, names.indexOf("TotalSize@odata.type"));
        JsonNode nic = vm.get("VirtualNetworkAdapters").get(0);
        assertEquals("VMM.VirtualNetworkAdapter", nic.get("odata.type").asText());
        assertEquals(ROOT + "VirtualNetworkAdapters(ID=guid'" + N + "',StampId=guid'" + S + "')", nic.get("odata.id").asText());
    }

    @Test
    void singleEntityIsFlat() throws IOException {
        JsonNode job = JSON.readTree(entry(new V3JsonContext(ROOT.substring(0, ROOT.length() - 1), "Jobs", V3JsonFormat.MINIMAL),
                new EntityRow(Map.of("ID", V, "StampId", S, "IsCompleted", true,
                        "ErrorInfo", Map.of("ErrorCodeString", "0", "ExceptionDetails", "")))));
        assertEquals("odata.metadata", names(job).get(0));
        assertEquals(ROOT + "$metadata#Jobs/@Element", job.get("odata.metadata").asText());
        assertTrue(job.get("IsCompleted").asBoolean());
        assertEquals("0", job.get("ErrorInfo").get("ErrorCodeString").asText());
        assertFalse(job.has("value"));
        JsonNode none = JSON.readTree(entry(new V3JsonContext(ROOT, "Jobs", V3JsonFormat.NONE),
                new EntityRow(Map.of("ID", V, "StampId", S))));
        assertEquals(List.of("ID", "StampId"), names(none));
    }

    @Test
    void selectLimitsPropertiesButKeysStillBuildLinks() throws IOException {
        V3JsonContext ctx = new V3JsonContext(ROOT, "VirtualMachines", V3JsonFormat.FULL, List.of("Name", "VirtualNetworkAdapters"));
        JsonNode vm = JSON.readTree(entry(ctx, new EntityRow(Map.of("ID", V, "StampId", S, "Name", "web01"))));
        assertEquals(ROOT + "$metadata#VirtualMachines/@Element&$select=Name,VirtualNetworkAdapters", vm.get("odata.metadata").asText());
        assertEquals(ROOT + "VirtualMachines" + KEY, vm.get("odata.id").asText());
        assertFalse(vm.has("ID"));
        assertEquals("web01", vm.get("Name").asText());
        assertTrue(vm.has("VirtualNetworkAdapters@odata.navigationLinkUrl"));
        assertFalse(vm.has("Cloud@odata.navigationLinkUrl"));
        assertFalse(vm.has("VMConnection@odata.mediaReadLink"));
    }

    @Test
    void verboseFeedAndEntry() throws IOException {
        String text = feed(V3JsonFormat.VERBOSE, List.of(vm()), OptionalLong.of(1), Optional.of("next"));
        assertTrue(text.contains("\"AddedTime\":\"\\/Date(1556646161213)\\/\""), text);
        JsonNode d = JSON.readTree(text).get("d");
        assertEquals(List.of("__count", "results", "__next"), names(d));
        assertEquals("1", d.get("__count").asText());
        JsonNode vm = d.get("results").get(0);
        JsonNode meta = vm.get("__metadata");
        assertEquals(ROOT + "VirtualMachines" + KEY, meta.get("uri").asText());
        assertEquals(ROOT + "VirtualMachines" + KEY, meta.get("id").asText());
        assertEquals("VMM.VirtualMachine", meta.get("type").asText());
        assertEquals("/Date(1556646161213)/", vm.get("AddedTime").asText());
        assertEquals("42949672960", vm.get("TotalSize").asText());
        assertEquals(ROOT + "VirtualMachines" + KEY + "/VMCheckpoints", vm.get("VMCheckpoints").get("__deferred").get("uri").asText());
        assertEquals("nic0", vm.get("VirtualNetworkAdapters").get("results").get(0).get("Name").asText());
        assertTrue(vm.get("Cloud").isNull());
        assertEquals("VMM.UserAndRole", vm.get("Owner").get("__metadata").get("type").asText());
        assertEquals("Collection(VMM.UserAndRole)", vm.get("GrantedToList").get("__metadata").get("type").asText());
        assertEquals("r1", vm.get("GrantedToList").get("results").get(0).get("RoleName").asText());
        assertEquals(ROOT + "VirtualMachines" + KEY + "/VMConnection",
                vm.get("VMConnection").get("__mediaresource").get("media_src").asText());
        JsonNode single = JSON.readTree(entry(new V3JsonContext(ROOT, "VirtualMachines", V3JsonFormat.VERBOSE), vm()));
        assertEquals("web01", single.get("d").get("Name").asText());
    }

    @Test
    void namedStreamContentTypeFromTheRow() throws IOException {
        EntityRow row = new EntityRow(Map.of("ID", V, "StampId", S, "VMConnection", "application/x-rdp"));
        JsonNode minimal = JSON.readTree(entry(new V3JsonContext(ROOT, "VirtualMachines", V3JsonFormat.MINIMAL), row));
        assertEquals("application/x-rdp", minimal.get("VMConnection@odata.mediaContentType").asText());
        assertFalse(minimal.has("VMConnection"));
    }

    @Test
    void decimalsDoublesAndOtherKeyShapes() throws IOException {
        JsonNode pool = JSON.readTree(entry(new V3JsonContext(ROOT, "StaticIPAddressPools", V3JsonFormat.MINIMAL),
                new EntityRow(Map.of("ID", V, "StampId", S, "AvailableAddresses", new BigDecimal("1E+3")))));
        assertEquals("1000", pool.get("AvailableAddresses").asText());
        JsonNode role = JSON.readTree(entry(new V3JsonContext(ROOT, "UserRoles", V3JsonFormat.FULL),
                new EntityRow(Map.of("ID", V))));
        assertEquals("UserRoles(guid'" + V + "')", role.get("odata.editLink").asText());
        JsonNode size = JSON.readTree(entry(new V3JsonContext(ROOT, "VMRoleSizeProfiles", V3JsonFormat.FULL),
                new EntityRow(Map.of("Name", "O'Brien big", "StampId", S))));
        assertEquals("VMRoleSizeProfiles(Name='O''Brien%20big',StampId=guid'" + S + "')", size.get("odata.editLink").asText());
        JsonNode migration = JSON.readTree(entry(new V3JsonContext(ROOT, "Migrations", V3JsonFormat.FULL),
                new EntityRow(Map.of("ID", V, "StampId", S, "DowntimeSeconds", 12.5))));
        assertEquals("12.5", migration.get("DowntimeSeconds").textValue(), "Edm.Double as a string, as WCF writes it");
        assertEquals("Edm.Double", migration.get("DowntimeSeconds@odata.type").asText());
    }

    @Test
    void rowsThatDoNotFitTheModelAreRejected() {
        V3JsonContext ctx = new V3JsonContext(ROOT, "VirtualMachines", V3JsonFormat.MINIMAL);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> entry(ctx, new EntityRow(Map.of("ID", V, "StampId", S, "Bogus", 1))));
        assertTrue(unknown.getMessage().contains("has no property Bogus"), unknown.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> entry(ctx, new EntityRow(Map.of("Memory", "2048"))));
        assertTrue(wrongType.getMessage().contains("Memory (Edm.Int32) cannot hold a java.lang.String"), wrongType.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> entry(
                new V3JsonContext(ROOT, "VirtualMachines", V3JsonFormat.FULL), new EntityRow(Map.of("Name", "x"))));
        assertTrue(noKey.getMessage().contains("key property ID is missing"), noKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> entry(new V3JsonContext(ROOT, "Nope", V3JsonFormat.MINIMAL), vm()));
        assertThrows(IllegalArgumentException.class, () -> entry(ctx,
                new EntityRow(Map.of("ID", V), Map.of("Nope", List.of()))));
        assertThrows(IllegalArgumentException.class, () -> entry(ctx,
                new EntityRow(Map.of("ID", V), Map.of("Cloud", List.of(new EntityRow(Map.of()), new EntityRow(Map.of()))))));
    }

    @Test
    void streamsRowsOneByOne() throws IOException {
        List<Integer> pulled = new ArrayList<>();
        Iterator<EntityRow> rows = new Iterator<>() {
            int i;

            public boolean hasNext() {
                return i < 3;
            }

            public EntityRow next() {
                pulled.add(i);
                return new EntityRow(Map.of("ID", V, "StampId", S, "Name", "vm" + i++));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeFeed(out, new V3JsonContext(ROOT, "VirtualMachines", V3JsonFormat.MINIMAL), rows,
                OptionalLong.empty(), Optional.empty());
        assertEquals(List.of(0, 1, 2), pulled);
        assertEquals(3, JSON.readTree(out.toByteArray()).get("value").size());
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
