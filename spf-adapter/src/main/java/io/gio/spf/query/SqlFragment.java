package io.gio.spf.query;

import java.util.ArrayList;
import java.util.List;

/** SQL text with its positional ({@code ?}) parameters, built up in order. */
final class SqlFragment {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    SqlFragment append(String text) {
        sql.append(text);
        return this;
    }

    SqlFragment param(Object value) {
        sql.append('?');
        params.add(value);
        return this;
    }

    SqlFragment append(SqlFragment other) {
        sql.append(other.sql);
        params.addAll(other.params);
        return this;
    }

    String sql() {
        return sql.toString();
    }

    List<Object> params() {
        return params;
    }

    boolean isEmpty() {
        return sql.length() == 0;
    }
}
