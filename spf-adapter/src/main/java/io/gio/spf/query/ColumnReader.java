package io.gio.spf.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Reads one result column as the Java type its {@link ValueType} calls for. */
final class ColumnReader {
    private ColumnReader() {}

    static Object read(ResultSet rs, int index, ValueType type) throws SQLException {
        Object v = switch (type) {
            case GUID -> rs.getObject(index, UUID.class);
            case STRING -> rs.getString(index);
            case BOOLEAN -> rs.getBoolean(index);
            case BYTE, INT16 -> rs.getShort(index);
            case INT32 -> rs.getInt(index);
            case INT64 -> rs.getLong(index);
            case DOUBLE -> rs.getDouble(index);
            case DATETIME -> {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                yield t == null ? null : t.toInstant();
            }
            case STRING_LIST -> splitList(rs.getString(index));
            case JSON -> json(rs.getString(index));
        };
        if (type != ValueType.STRING_LIST && type != ValueType.JSON && rs.wasNull()) {
            return null;
        }
        return v;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static Object json(String s) throws SQLException {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(s, Object.class);
        } catch (java.io.IOException e) {
            throw new SQLException("stored JSON is malformed: " + e.getMessage(), e);
        }
    }

    private static List<Object> splitList(String s) {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        return Arrays.<Object>asList(s.split(","));
    }
}
