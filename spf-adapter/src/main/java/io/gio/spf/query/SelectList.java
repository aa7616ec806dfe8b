package io.gio.spf.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The columns one query reads, and how to turn a result row back into property values. */
final class SelectList {

    /** A row's property values plus the join values of the navigations to expand. */
    record Partial(Map<String, Object> values, Map<String, Object> navValues) {}

    private sealed interface Slot {}

    private record ColumnSlot(String property, Field.Column column) implements Slot {}

    private record ComplexSlot(String property, Field.Complex complex) implements Slot {}

    private record NavSlot(String property) implements Slot {}

    private final List<Slot> slots;
    private final String sql;
    private final int width;

    private SelectList(List<Slot> slots, String sql, int width) {
        this.slots = slots;
        this.sql = sql;
        this.width = width;
    }

    static SelectList of(SetMapping m, List<String> select, Map<String, NavMapping> navs) {
        List<Slot> slots = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        for (Map.Entry<String, Field> e : m.fields().entrySet()) {
            if (!select.isEmpty() && !select.contains(e.getKey())) {
                continue;
            }
            if (e.getValue() instanceof Field.Column c) {
                slots.add(new ColumnSlot(e.getKey(), c));
                cols.add(c.sql());
            } else {
                Field.Complex cx = (Field.Complex) e.getValue();
                slots.add(new ComplexSlot(e.getKey(), cx));
                cx.members().values().forEach(c -> cols.add(c.sql()));
                cols.add(cx.presentWhen() == null ? "1" : cx.presentWhen().sql());
            }
        }
        for (Map.Entry<String, NavMapping> n : navs.entrySet()) {
            slots.add(new NavSlot(n.getKey()));
            cols.add(n.getValue().parentColumn());
        }
        if (cols.isEmpty()) {
            cols.add("1");
        }
        List<String> aliased = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            aliased.add(cols.get(i) + " AS c" + i);
        }
        return new SelectList(slots, String.join(", ", aliased), cols.size());
    }

    String sql() {
        return sql;
    }

    int width() {
        return width;
    }

    Partial read(ResultSet rs) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> navs = new LinkedHashMap<>();
        int i = 1;
        for (Slot s : slots) {
            if (s instanceof ColumnSlot c) {
                values.put(c.property(), ColumnReader.read(rs, i++, c.column().type()));
            } else if (s instanceof ComplexSlot cx) {
                Map<String, Object> members = new LinkedHashMap<>();
                for (Map.Entry<String, Field.Column> mc : cx.complex().members().entrySet()) {
                    members.put(mc.getKey(), ColumnReader.read(rs, i++, mc.getValue().type()));
                }
                rs.getObject(i++);
                values.put(cx.property(), rs.wasNull() ? null : members);
            } else {
                navs.put(((NavSlot) s).property(), rs.getObject(i++));
            }
        }
        return new Partial(values, navs);
    }
}
