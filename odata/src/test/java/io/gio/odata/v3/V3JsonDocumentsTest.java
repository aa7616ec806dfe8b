package io.gio.odata.v3;

import static io.gio.odata.v3.V3JsonWriterTest.ROOT;
import static io.gio.odata.v3.V3JsonWriterTest.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Property values, the service document and errors. */
class V3JsonDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VmmModel model = VmmModel.load();
    private final V3JsonWriter writer = new V3JsonWriter(model, new JsonFactory());
    private final EntityTypeDef vm = model.entityType("VirtualMachine").orElseThrow();

    private JsonNode property(V3JsonFormat format, PropertyDef p, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeProperty(out, ROOT, format, p, value);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void primitiveProperty() throws IOException {
        JsonNode name = property(V3JsonFormat.MINIMAL, vm.property("Name").orElseThrow(), "web01");
        assertEquals(List.of("odata.metadata", "value"), names(name));
        assertEquals(ROOT + "$metadata#Edm.String", name.get("odata.metadata").asText());
        assertEquals("web01", name.get("value").asText());
        JsonNode size = property(V3JsonFormat.NONE, vm.property("TotalSize").orElseThrow(), 5L);
        assertEquals(List.of("value"), names(size));
        assertEquals("5", size.get("value").asText());
        JsonNode nullName = property(V3JsonFormat.MINIMAL, vm.property("Name").orElseThrow(), null);
        assertTrue(nullName.get("odata.null").asBoolean());
        JsonNode verbose = property(V3JsonFormat.VERBOSE, vm.property("Name").orElseThrow(), "web01");
        assertEquals("web01", verbose.get("d").get("Name").asText());
        JsonNode time = property(V3JsonFormat.MINIMAL, new PropertyDef("T", "Edm.Time", true), Duration.ofMinutes(90));
        assertEquals("PT1H30M", time.get("value").asText());
    }

    @Test
    void complexAndCollectionProperties() throws IOException {
        JsonNode owner = property(V3JsonFormat.MINIMAL, vm.property("Owner").orElseThrow(), Map.of("UserName", "u"));
        assertEquals(ROOT + "$metadata#VMM.UserAndRole", owner.get("odata.metadata").asText());
        assertEquals("u", owner.get("UserName").asText());
        JsonNode granted = property(V3JsonFormat.MINIMAL, vm.property("GrantedToList").orElseThrow(),
                List.of(Map.of("RoleName", "a"), Map.of("RoleName", "b")));
        assertEquals(ROOT + "$metadata#Collection(VMM.UserAndRole)", granted.get("odata.metadata").asText());
        assertEquals("b", granted.get("value").get(1).get("RoleName").asText());
        JsonNode verbose = property(V3JsonFormat.VERBOSE, vm.property("GrantedToList").orElseThrow(), List.of());
        assertEquals(0, verbose.get("d").get("GrantedToList").get("results").size());
        assertThrows(IllegalArgumentException.class,
                () -> property(V3JsonFormat.MINIMAL, vm.property("Owner").orElseThrow(), Map.of("Nope", "u")));
        assertThrows(IllegalArgumentException.class,
                () -> property(V3JsonFormat.MINIMAL, vm.property("VMConnection").orElseThrow(), "x"));
    }

    @Test
    void serviceDocument() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeServiceDocument(out, ROOT, V3JsonFormat.MINIMAL);
        JsonNode doc = JSON.readTree(out.toByteArray());
        assertEquals(ROOT + "$metadata", doc.get("odata.metadata").asText());
        assertEquals(model.entitySets().size(), doc.get("value").size());
        assertEquals("VirtualDiskDrives", doc.get("value").get(0).get("name").asText());
        assertEquals("VirtualDiskDrives", doc.get("value").get(0).get("url").asText());
        out.reset();
        writer.writeServiceDocument(out, ROOT, V3JsonFormat.VERBOSE);
        assertEquals("VirtualDiskDrives", JSON.readTree(out.toByteArray()).get("d").get("EntitySets").get(0).asText());
        out.reset();
        writer.writeServiceDocument(out, ROOT, V3JsonFormat.NONE);
        assertFalse(JSON.readTree(out.toByteArray()).has("odata.metadata"));
    }

    @Test
    void errors() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeError(out, V3JsonFormat.MINIMAL, "BadRequest", "Invalid guid literal 'x'");
        assertEquals("{\"odata.error\":{\"code\":\"BadRequest\",\"message\":{\"lang\":\"en-US\",\"value\":\"Invalid guid literal 'x'\"}}}",
                out.toString());
        out.reset();
        writer.writeError(out, V3JsonFormat.VERBOSE, "NotFound", "gone");
        assertEquals("{\"error\":{\"code\":\"NotFound\",\"message\":{\"lang\":\"en-US\",\"value\":\"gone\"}}}", out.toString());
    }

    @Test
    void leavesTheStreamOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        writer.writeError(out, V3JsonFormat.MINIMAL, "c", "m");
        assertFalse(closed[0]);
        assertTrue(out.size() > 0);
    }
}
