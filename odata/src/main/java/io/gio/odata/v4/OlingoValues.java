package io.gio.odata.v4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.data.ComplexValue;
import org.apache.olingo.commons.api.data.Property;

/** Deserialized OData 4 request properties as plain values: non-null only, complex values as maps. */
final class OlingoValues {
    private OlingoValues() {}

    static Map<String, Object> toMap(List<Property> properties) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Property p : properties) {
            Object v = value(p.getValue());
            if (v != null) {
                out.put(p.getName(), v);
            }
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof ComplexValue c) {
            return toMap(c.getValue());
        }
        if (v instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (Object item : list) {
                items.add(value(item));
            }
            return items;
        }
        return v;
    }
}
