package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/** How one entity property is stored: a column (or SQL expression) or a complex value built from columns. */
public sealed interface Field {

    /**
     * A SQL expression over the set's table, aliased {@code t} (e.g. {@code t.name},
     * {@code 'Running'}, {@code TRUE}, {@code t.cpu_count * 1}).
     */
    record Column(String sql, ValueType type) implements Field {
        public Column {
            requireNonNull(sql, "sql is null");
            requireNonNull(type, "type is null");
        }
    }

    /**
     * A complex value whose members are columns; it is null when {@code presentWhen} is null
     * (or never, when {@code presentWhen} is null itself).
     */
    record Complex(Map<String, Column> members, Column presentWhen) implements Field {
        public Complex {
            members = java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(requireNonNull(members, "members is null")));
        }
    }

    static Column col(String sql, ValueType type) {
        return new Column(sql, type);
    }
}
