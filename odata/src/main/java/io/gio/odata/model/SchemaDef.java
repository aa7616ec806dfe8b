package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One schema (namespace) of the model: {@code VMM} today; extension namespaces are further
 * schemas of the same {@link VmmModel}.
 */
public record SchemaDef(String namespace, List<EntityTypeDef> entityTypes, List<ComplexTypeDef> complexTypes) {
    public SchemaDef {
        requireNonNull(namespace, "namespace is null");
        entityTypes = List.copyOf(requireNonNull(entityTypes, "entityTypes is null"));
        complexTypes = List.copyOf(requireNonNull(complexTypes, "complexTypes is null"));
        if (namespace.isBlank() || namespace.equals("Edm")) {
            throw new IllegalArgumentException("invalid schema namespace '" + namespace + "'");
        }
        List<String> typeNames = new ArrayList<>();
        entityTypes.forEach(t -> typeNames.add(t.name()));
        complexTypes.forEach(t -> typeNames.add(t.name()));
        Names.requireUnique(typeNames, "type in schema " + namespace);
    }
}
