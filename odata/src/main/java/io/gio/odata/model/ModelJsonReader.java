package io.gio.odata.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the model JSON (shape: {@code namespace}, {@code entitySets} name to type,
 * {@code entityTypes} and {@code complexTypes} by name, field order = model order).
 * {@code otherNamespaces} is ignored.
 */
final class ModelJsonReader {
    private ModelJsonReader() {
    }

    /** Reads the main schema's resource, then each extension schema's, into one model and container. */
    static VmmModel readResources(String main, String... extensions) {
        List<SchemaDef> schemas = new ArrayList<>();
        List<EntitySetDef> sets = new ArrayList<>();
        readSchema(tree(main), schemas, sets);
        for (String extension : extensions) {
            readSchema(tree(extension), schemas, sets);
        }
        return new VmmModel(VmmModel.VMM_CONTAINER, schemas, sets);
    }

    static VmmModel read(JsonNode root) {
        List<SchemaDef> schemas = new ArrayList<>();
        List<EntitySetDef> sets = new ArrayList<>();
        readSchema(root, schemas, sets);
        return new VmmModel(VmmModel.VMM_CONTAINER, schemas, sets);
    }

    private static JsonNode tree(String resource) {
        try (InputStream in = ModelJsonReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model resource not found on the classpath: " + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model resource " + resource, e);
        }
    }

    private static void readSchema(JsonNode root, List<SchemaDef> schemas, List<EntitySetDef> sets) {
        String namespace = text(root, "namespace", "model");
        List<EntityTypeDef> entityTypes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : fields(required(root, "entityTypes", "model"))) {
            entityTypes.add(entityType(e.getKey(), e.getValue()));
        }
        List<ComplexTypeDef> complexTypes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : fields(required(root, "complexTypes", "model"))) {
            complexTypes.add(new ComplexTypeDef(e.getKey(),
                    properties(required(e.getValue(), "properties", e.getKey()), e.getKey())));
        }
        for (Map.Entry<String, JsonNode> e : fields(required(root, "entitySets", "model"))) {
            sets.add(new EntitySetDef(e.getKey(), namespace + "." + e.getValue().asText()));
        }
        schemas.add(new SchemaDef(namespace, entityTypes, complexTypes));
    }

    private static EntityTypeDef entityType(String name, JsonNode node) {
        List<String> key = new ArrayList<>();
        required(node, "key", name).forEach(k -> key.add(k.asText()));
        List<NavigationDef> navigations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : fields(required(node, "navigation", name))) {
            navigations.add(new NavigationDef(e.getKey(), text(e.getValue(), "type", name + "." + e.getKey()),
                    required(e.getValue(), "collection", name + "." + e.getKey()).asBoolean()));
        }
        JsonNode hasStream = node.get("hasStream");
        if (hasStream != null && hasStream.asBoolean()) {
            throw new IllegalStateException("model JSON: " + name + " is a media link entry (hasStream), "
                    + "which this model does not support; only named streams are");
        }
        List<String> streams = new ArrayList<>();
        JsonNode streamNode = node.get("namedStreams");
        if (streamNode != null) {
            streamNode.forEach(s -> streams.add(s.asText()));
        }
        return new EntityTypeDef(name, key, properties(required(node, "properties", name), name),
                navigations, text(node, "entitySet", name), streams);
    }

    private static List<PropertyDef> properties(JsonNode node, String owner) {
        List<PropertyDef> result = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : fields(node)) {
            String where = owner + "." + e.getKey();
            result.add(new PropertyDef(e.getKey(), text(e.getValue(), "type", where),
                    required(e.getValue(), "nullable", where).asBoolean()));
        }
        return result;
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.properties();
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("model JSON: " + where + " has no '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = required(node, field, where);
        if (!value.isTextual()) {
            throw new IllegalStateException("model JSON: " + where + "." + field + " is not a string");
        }
        return value.asText();
    }
}
