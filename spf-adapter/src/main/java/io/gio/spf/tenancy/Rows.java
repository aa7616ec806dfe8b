package io.gio.spf.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Small helpers for reading the tenancy tables. */
final class Rows {

    private Rows() {}

    static OptionalLong optLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    static OptionalInt optInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(v);
    }

    static Long nullable(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    static Integer nullable(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    static Optional<UUID> optUuid(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, UUID.class));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static List<UUID> uuids(Handle h, String sql, UUID key) {
        return h.createQuery(sql).bind("k", key).mapTo(UUID.class).list();
    }

    /** Replaces the rows of a (key, value) join table for one key. */
    static void replace(Handle h, String table, String keyColumn, String valueColumn, UUID key,
            Collection<?> values) {
        h.createUpdate("DELETE FROM " + table + " WHERE " + keyColumn + " = :k").bind("k", key).execute();
        for (Object v : new ArrayList<>(values)) {
            h.createUpdate("INSERT INTO " + table + " (" + keyColumn + ", " + valueColumn + ") VALUES (:k, :v)")
                    .bind("k", key).bindByType("v", v, v.getClass()).execute();
        }
    }
}
