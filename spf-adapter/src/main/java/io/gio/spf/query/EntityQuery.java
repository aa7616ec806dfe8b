package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A read of one entity set, or of the entities a navigation property leads to.
 *
 * @param entitySet the set read (for a navigation: the target's set)
 * @param via the parent entity and navigation property, when the query navigates
 * @param key a full key, to read one entity (property name to typed value), or empty
 * @param select property names to return; empty means all
 */
public record EntityQuery(
        String entitySet,
        Optional<Navigation> via,
        Map<String, Object> key,
        Optional<Expr> filter,
        List<OrderItem> orderBy,
        OptionalInt top,
        int skip,
        List<String> select,
        List<ExpandItem> expand) {

    public EntityQuery {
        requireNonNull(entitySet, "entitySet is null");
        requireNonNull(via, "via is null");
        key = Map.copyOf(requireNonNull(key, "key is null"));
        requireNonNull(filter, "filter is null");
        orderBy = List.copyOf(requireNonNull(orderBy, "orderBy is null"));
        requireNonNull(top, "top is null");
        select = List.copyOf(requireNonNull(select, "select is null"));
        expand = List.copyOf(requireNonNull(expand, "expand is null"));
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative");
        }
    }

    public static EntityQuery all(String entitySet) {
        return new EntityQuery(entitySet, Optional.empty(), Map.of(), Optional.empty(), List.of(),
                OptionalInt.empty(), 0, List.of(), List.of());
    }

    public static EntityQuery byKey(String entitySet, Map<String, Object> key) {
        return new EntityQuery(entitySet, Optional.empty(), key, Optional.empty(), List.of(),
                OptionalInt.empty(), 0, List.of(), List.of());
    }

    public EntityQuery withTop(int n) {
        return new EntityQuery(entitySet, via, key, filter, orderBy, OptionalInt.of(n), skip, select, expand);
    }

    public EntityQuery withFilter(Expr f) {
        return new EntityQuery(entitySet, via, key, Optional.of(f), orderBy, top, skip, select, expand);
    }
}
