package io.gio.odata.query;

import io.gio.spf.query.EntityRow;
import io.gio.spf.query.ExpandItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.EdmComplexType;
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
        return complete(row, type, select, List.of());
    }

    /**
     * As above; each expanded navigation's entities get the properties its {@link ExpandItem}
     * selects (all when it selects none).
     */
    public static EntityRow complete(EntityRow row, EdmEntityType type, List<String> select, List<ExpandItem> expand) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : type.getPropertyNames()) {
            if (!select.isEmpty() && !select.contains(name) && !isKey(type, name)) {
                continue;
            }
            EdmProperty p = type.getStructuralProperty(name);
            if (isStream(p.getType())) {
                // A named stream has no value; a mapping may give its content type.
                if (row.values().get(name) instanceof String contentType) {
                    values.put(name, contentType);
                }
                continue;
            }
            Object v = row.values().get(name);
            if (v == null && p.isCollection()) {
                v = List.of();
            } else if (v != null && p.getType() instanceof EdmComplexType ct) {
                v = p.isCollection() ? ((List<?>) v).stream().map(x -> coerceComplex(x, ct)).toList() : coerceComplex(v, ct);
            }
            values.put(name, v);
        }
        Map<String, List<EntityRow>> expanded = new LinkedHashMap<>();
        for (Map.Entry<String, List<EntityRow>> e : row.expanded().entrySet()) {
            EdmNavigationProperty nav = type.getNavigationProperty(e.getKey());
            EdmEntityType target = nav.getType();
            List<String> nested = expand.stream().filter(x -> x.property().equals(e.getKey())).findFirst()
                    .map(ExpandItem::select).orElse(List.of());
            expanded.put(e.getKey(), e.getValue().stream().map(r -> complete(r, target, nested)).toList());
        }
        return new EntityRow(values, expanded);
    }

    /**
     * Complex values read from JSON text carry JSON types (GUIDs and dates as strings, numbers as
     * Integer or Long); give each member the Java type its EDM type calls for.
     */
    private static Object coerceComplex(Object value, EdmComplexType type) {
        if (!(value instanceof Map<?, ?> m)) {
            return value;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : type.getPropertyNames()) {
            EdmProperty p = type.getStructuralProperty(name);
            Object v = m.get(name);
            if (v == null) {
                out.put(name, p.isCollection() ? List.of() : null);
            } else if (p.getType() instanceof EdmComplexType inner) {
                out.put(name, p.isCollection() ? ((List<?>) v).stream().map(x -> coerceComplex(x, inner)).toList()
                        : coerceComplex(v, inner));
            } else {
                out.put(name, p.isCollection() ? ((List<?>) v).stream().map(x -> coercePrimitive(x, p.getType())).toList()
                        : coercePrimitive(v, p.getType()));
            }
        }
        return out;
    }

    private static Object coercePrimitive(Object v, EdmType type) {
        String t = type.getName();
        try {
            switch (t) {
                case "Guid":
                    return v instanceof java.util.UUID ? v : java.util.UUID.fromString(v.toString());
                case "Int64":
                    return v instanceof Long ? v : Long.valueOf(v.toString());
                case "Int32":
                    return v instanceof Integer ? v : Integer.valueOf(v.toString());
                case "Int16":
                case "Byte":
                    return v instanceof Short ? v : Short.valueOf(v.toString());
                case "Boolean":
                    return v instanceof Boolean ? v : Boolean.valueOf(v.toString());
                case "DateTimeOffset":
                case "DateTime":
                    return v instanceof java.time.Instant ? v : java.time.OffsetDateTime.parse(v.toString()).toInstant();
                case "String":
                    return v.toString();
                default:
                    return v;
            }
        } catch (RuntimeException e) {
            return null;
        }
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
