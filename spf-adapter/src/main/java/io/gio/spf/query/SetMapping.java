package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an entity set is stored: its table (or a view), its properties' fields, its key and its
 * navigation properties. Properties the set's type has but the mapping lacks are always null.
 *
 * @param table a table name or parenthesised subquery, aliased {@code t} in every query
 * @param keyOrder SQL expressions giving a stable order (the key)
 * @param tenantVisibility SQL (alias {@code t}, {@link Scope} tokens) keeping the rows a subscription
 *     sees; empty: a subscription sees none (see {@link TenantVisibility})
 */
public record SetMapping(
        String entitySet,
        String table,
        Map<String, Field> fields,
        List<String> keyOrder,
        Map<String, NavMapping> navigations,
        Optional<String> tenantVisibility) {

    public SetMapping {
        requireNonNull(entitySet, "entitySet is null");
        requireNonNull(table, "table is null");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(fields, "fields is null")));
        keyOrder = List.copyOf(requireNonNull(keyOrder, "keyOrder is null"));
        navigations = Map.copyOf(requireNonNull(navigations, "navigations is null"));
        requireNonNull(tenantVisibility, "tenantVisibility is null");
    }

    /** A mapping no subscription sees anything of (until {@link #withTenantVisibility}). */
    public SetMapping(String entitySet, String table, Map<String, Field> fields, List<String> keyOrder,
            Map<String, NavMapping> navigations) {
        this(entitySet, table, fields, keyOrder, navigations, Optional.empty());
    }

    /** The same mapping with the rows a subscription sees given by {@code sql}. */
    public SetMapping withTenantVisibility(String sql) {
        return new SetMapping(entitySet, table, fields, keyOrder, navigations, Optional.of(sql));
    }

    public Optional<Field> field(String property) {
        return Optional.ofNullable(fields.get(property));
    }

    /** The column of a property path ({@code Name}, or {@code Owner/UserName}), if stored. */
    public Optional<Field.Column> column(List<String> path) {
        Field f = fields.get(path.get(0));
        if (f == null) {
            return Optional.empty();
        }
        if (path.size() == 1) {
            return f instanceof Field.Column c ? Optional.of(c) : Optional.empty();
        }
        if (path.size() == 2 && f instanceof Field.Complex cx) {
            return Optional.ofNullable(cx.members().get(path.get(1)));
        }
        return Optional.empty();
    }
}
