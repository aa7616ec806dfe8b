package io.gio.spf.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fluent construction of a {@link SetMapping}; keeps the catalog readable. */
final class MappingBuilder {
    private final String entitySet;
    private final String table;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, NavMapping> navs = new LinkedHashMap<>();
    private List<String> keyOrder = List.of("t.id");

    MappingBuilder(String entitySet, String table) {
        this.entitySet = entitySet;
        this.table = table;
    }

    MappingBuilder guid(String property, String sql) {
        return put(property, sql, ValueType.GUID);
    }

    MappingBuilder string(String property, String sql) {
        return put(property, sql, ValueType.STRING);
    }

    MappingBuilder bool(String property, String sql) {
        return put(property, sql, ValueType.BOOLEAN);
    }

    MappingBuilder byteValue(String property, String sql) {
        return put(property, sql, ValueType.BYTE);
    }

    MappingBuilder int16(String property, String sql) {
        return put(property, sql, ValueType.INT16);
    }

    MappingBuilder int32(String property, String sql) {
        return put(property, sql, ValueType.INT32);
    }

    MappingBuilder int64(String property, String sql) {
        return put(property, sql, ValueType.INT64);
    }

    MappingBuilder dbl(String property, String sql) {
        return put(property, sql, ValueType.DOUBLE);
    }

    MappingBuilder time(String property, String sql) {
        return put(property, sql, ValueType.DATETIME);
    }

    MappingBuilder json(String property, String sql) {
        return put(property, sql, ValueType.JSON);
    }

    MappingBuilder strings(String property, String sql) {
        return put(property, sql, ValueType.STRING_LIST);
    }

    /** Owner as VMM.UserAndRole from the usual three owner columns. */
    MappingBuilder owner() {
        Map<String, Field.Column> m = new LinkedHashMap<>();
        m.put("UserName", Field.col("t.owner_user", ValueType.STRING));
        m.put("RoleName", Field.col("t.owner_role", ValueType.STRING));
        m.put("RoleID", Field.col("t.owner_role_id", ValueType.GUID));
        fields.put("Owner", new Field.Complex(m, Field.col("t.owner_user", ValueType.STRING)));
        return this;
    }

    MappingBuilder complex(String property, Map<String, Field.Column> members, Field.Column presentWhen) {
        fields.put(property, new Field.Complex(members, presentWhen));
        return this;
    }

    MappingBuilder nav(String property, String targetSet, String parentColumn, String targetColumn, boolean collection) {
        navs.put(property, new NavMapping(targetSet, parentColumn, targetColumn, collection));
        return this;
    }

    private MappingBuilder put(String property, String sql, ValueType type) {
        fields.put(property, Field.col(sql, type));
        return this;
    }

    /** The SQL expressions that order rows stably (the key); {@code t.id} unless given. */
    MappingBuilder orderedBy(String... sql) {
        this.keyOrder = List.of(sql);
        return this;
    }

    SetMapping build() {
        return new SetMapping(entitySet, table, fields, keyOrder, navs);
    }
}
