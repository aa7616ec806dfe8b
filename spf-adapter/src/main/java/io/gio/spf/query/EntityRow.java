package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity read from the store, ready for any wire format.
 *
 * <p>{@code values} is keyed by property name (only properties that were selected appear; a
 * selected property with no value maps to {@code null}). Java types per EDM type:
 * Edm.Guid {@link java.util.UUID}, Edm.String {@link String}, Edm.Boolean {@link Boolean},
 * Edm.Byte {@link Short} (0..255), Edm.Int16 {@link Short}, Edm.Int32 {@link Integer},
 * Edm.Int64 {@link Long}, Edm.Decimal {@link java.math.BigDecimal}, Edm.Double {@link Double},
 * Edm.DateTime / Edm.DateTimeOffset {@link java.time.Instant}, Edm.Time {@link java.time.Duration},
 * complex types {@code Map<String, Object>} (same rules, recursively), collections
 * {@code List<Object>}.
 *
 * <p>{@code expanded} holds expanded navigation properties by name; a single-valued navigation
 * is a list of zero or one row.
 */
public record EntityRow(Map<String, Object> values, Map<String, List<EntityRow>> expanded) {
    public EntityRow {
        requireNonNull(values, "values is null");
        requireNonNull(expanded, "expanded is null");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        expanded = Collections.unmodifiableMap(new LinkedHashMap<>(expanded));
    }

    public EntityRow(Map<String, Object> values) {
        this(values, Map.of());
    }

    public Object get(String property) {
        return values.get(property);
    }
}
