package io.gio.odata.query;

import io.gio.spf.query.EntityRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.EdmType;

/**
 * Gives a row every selected property of its type, as SPF does: properties the store does not
 * hold are {@code null}, or an empty collection for collection properties. Named streams are
 * not values and are left out.
 */
public final class RowCompleter {
    private RowCompleter() {}

    public static EntityRow complete(EntityRow row, EdmEntityType type, List<String> select) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : type.getPropertyNames()) {
            if (!select.isEmpty() && !select.contains(name) && !isKey(type, name)) {
                continue;
            }
            EdmProperty p = type.getStructuralProperty(name);
            if (isStream(p.getType())) {
                continue;
            }
            Object v = row.values().get(name);
            if (v == null && p.isCollection()) {
                v = List.of();
            }
            values.put(name, v);
        }
        Map<String, List<EntityRow>> expanded = new LinkedHashMap<>();
        for (Map.Entry<String, List<EntityRow>> e : row.expanded().entrySet()) {
            EdmNavigationProperty nav = type.getNavigationProperty(e.getKey());
            EdmEntityType target = nav.getType();
            expanded.put(e.getKey(), e.getValue().stream().map(r -> complete(r, target, List.of())).toList());
        }
        return new EntityRow(values, expanded);
    }

    /** The select list the store needs: the requested properties plus the key. */
    public static List<String> withKeys(EdmEntityType type, List<String> select) {
        if (select.isEmpty()) {
            return select;
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(type.getKeyPredicateNames());
        out.addAll(select);
        return List.copyOf(out);
    }

    private static boolean isKey(EdmEntityType type, String name) {
        return type.getKeyPredicateNames().contains(name);
    }

    private static boolean isStream(EdmType t) {
        return t.getFullQualifiedName().equals(EdmPrimitiveTypeKind.Stream.getFullQualifiedName());
    }
}
