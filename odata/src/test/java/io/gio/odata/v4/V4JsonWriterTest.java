package io.gio.odata.v4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.odata.model.VmmEdmProvider;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.edm.EdmComplexType;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.EdmStructuredType;
import org.apache.olingo.commons.api.edm.constants.EdmTypeKind;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.uri.queryoption.CountOption;
import org.junit.jupiter.api.Test;

/**
 * The fast OData 4 writer must write exactly what Olingo's serializer writes for the same rows:
 * every entity set of the model, all properties null, all filled, and a few selected.
 */
class V4JsonWriterTest {

    private static final OData ODATA = OData.newInstance();
    private static final ServiceMetadata METADATA = ODATA.createServiceMetadata(new VmmEdmProvider(VmmModel.load()),
            List.of());
    private static final String ROOT = "http://localhost:8090/SC2012R2/VMM/Microsoft.Management.Odata.svc/";

    private final V4JsonWriter writer = new V4JsonWriter();

    /** A value of the property's type, as the store reader gives it; {@code seed} varies it. */
    private static Object value(EdmProperty p, int seed) {
        if (p.getType().getKind() == EdmTypeKind.COMPLEX) {
            Map<String, Object> m = fill((EdmComplexType) p.getType(), seed);
            return p.isCollection() ? List.of(m, fill((EdmComplexType) p.getType(), seed + 1)) : m;
        }
        EdmPrimitiveTypeKind kind = EdmPrimitiveTypeKind.valueOfFQN(p.getType().getFullQualifiedName());
        Object v = switch (kind) {
            case String -> "text " + seed + " \"quoted\" \\ ü \u2028";
            case Boolean -> seed % 2 == 0;
            case Byte -> (short) (seed % 200);
            case SByte, Int16 -> (short) (seed * 3);
            case Int32 -> seed * 1000 + 7;
            case Int64 -> 9_007_199_254_740_993L + seed;
            case Decimal -> BigDecimal.valueOf(1234 + seed);
            case Double -> 0.1 + seed;
            case Guid -> new UUID(seed, 42L * seed);
            case DateTimeOffset -> Instant.parse("2026-12-01T23:05:07.123456Z").plusSeconds(seed);
            default -> null;
        };
        return p.isCollection() && v != null ? List.of(v, v) : v;
    }

    private static Map<String, Object> fill(EdmStructuredType type, int seed) {
        Map<String, Object> m = new HashMap<>();
        int i = seed;
        for (String name : type.getPropertyNames()) {
            m.put(name, value(type.getStructuralProperty(name), i++));
        }
        return m;
    }

    private static Map<String, Object> nulls(EdmStructuredType type) {
        Map<String, Object> m = new HashMap<>();
        for (String name : type.getPropertyNames()) {
            EdmProperty p = type.getStructuralProperty(name);
            m.put(name, p.isCollection() ? List.of() : Boolean.FALSE.equals(p.isNullable()) ? value(p, 0) : null);
        }
        return m;
    }

    private static String olingo(EdmEntitySet set, List<EntityRow> rows, ContextURL context, boolean count, URI next)
            throws Exception {
        EntityConverter conv = new EntityConverter(ODATA.createUriHelper());
        EntityCollection c = new EntityCollection();
        rows.forEach(r -> c.getEntities().add(conv.entity(r, null, set.getEntityType())));
        if (count) {
            c.setCount(rows.size());
        }
        c.setNext(next);
        CountOption countOption = count ? new org.apache.olingo.server.core.uri.queryoption.CountOptionImpl()
                .setValue(true) : null;
        EntityCollectionSerializerOptions opts = EntityCollectionSerializerOptions.with().contextURL(context)
                .id(ROOT + set.getName()).count(countOption).build();
        try (InputStream in = ODATA.createSerializer(ContentType.JSON)
                .entityCollection(METADATA, set.getEntityType(), c, opts).getContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String fast(EdmEntitySet set, List<EntityRow> rows, ContextURL context, List<String> select, boolean count,
            URI next) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeCollection(out, context, set.getEntityType(), select, rows,
                count ? OptionalLong.of(rows.size()) : OptionalLong.empty(), next);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everySetIsWrittenAsOlingoWritesIt() throws Exception {
        int sets = 0;
        for (EdmEntitySet set : METADATA.getEdm().getEntityContainer().getEntitySets()) {
            EdmStructuredType type = set.getEntityType();
            List<EntityRow> rows = List.of(new EntityRow(nulls(type)), new EntityRow(fill(type, 1)),
                    new EntityRow(fill(type, 17)));
            ContextURL context = ContextURL.with().serviceRoot(URI.create(ROOT)).entitySet(set).build();
            URI next = URI.create(ROOT + set.getName() + "?$skiptoken=3");
            assertEquals(olingo(set, rows, context, false, null), fast(set, rows, context, List.of(), false, null),
                    set.getName());
            assertEquals(olingo(set, rows, context, true, next), fast(set, rows, context, List.of(), true, next),
                    set.getName() + " with a count and a next link");
            sets++;
        }
        assertTrue(sets >= 45, "every set of the model: " + sets);
    }

    @Test
    void aSingleEntityIsWrittenAsOlingoWritesIt() throws Exception {
        for (String name : List.of("VirtualMachines", "Jobs", "VMBackups", "VMScreenshots")) {
            EdmEntitySet set = METADATA.getEdm().getEntityContainer().getEntitySet(name);
            EntityRow row = new EntityRow(fill(set.getEntityType(), 5));
            ContextURL context = ContextURL.with().serviceRoot(URI.create(ROOT)).entitySet(set)
                    .suffix(ContextURL.Suffix.ENTITY).build();
            org.apache.olingo.commons.api.data.Entity e = new EntityConverter(ODATA.createUriHelper())
                    .entity(row, set, set.getEntityType());
            String expected;
            try (InputStream in = ODATA.createSerializer(ContentType.JSON).entity(METADATA, set.getEntityType(), e,
                    org.apache.olingo.server.api.serializer.EntitySerializerOptions.with().contextURL(context).build())
                    .getContent()) {
                expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.writeEntity(out, context, set.getEntityType(), List.of(), row);
            assertEquals(expected, out.toString(StandardCharsets.UTF_8), name);
        }
    }

    @Test
    void onlyMinimalMetadataJsonWithoutExpandIsHandled() {
        assertTrue(V4JsonWriter.handles(ContentType.JSON, false));
        assertTrue(V4JsonWriter.handles(ContentType.create("application/json;odata.metadata=minimal"), false));
        assertFalse(V4JsonWriter.handles(ContentType.JSON_FULL_METADATA, false));
        assertFalse(V4JsonWriter.handles(ContentType.JSON_NO_METADATA, false));
        assertFalse(V4JsonWriter.handles(ContentType.create("application/json;IEEE754Compatible=true"), false));
        assertFalse(V4JsonWriter.handles(ContentType.APPLICATION_XML, false));
        assertFalse(V4JsonWriter.handles(ContentType.JSON, true));
    }

    @Test
    void selectKeepsTheTypesOrder() throws Exception {
        EdmEntitySet vms = METADATA.getEdm().getEntityContainer().getEntitySet("VirtualMachines");
        List<EntityRow> rows = new ArrayList<>();
        rows.add(new EntityRow(fill(vms.getEntityType(), 3)));
        String out = fast(vms, rows, ContextURL.with().serviceRoot(URI.create(ROOT)).entitySet(vms)
                .selectList("Status,Name").build(), List.of("Status", "Name"), false, null);
        var entity = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).get("value").get(0);
        List<String> names = new ArrayList<>();
        entity.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("Name", "Status"), names, "the type's order, not the $select order");
        assertEquals(rows.get(0).values().get("Name"), entity.get("Name").asText());
    }
}
