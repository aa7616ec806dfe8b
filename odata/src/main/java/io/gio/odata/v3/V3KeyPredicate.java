package io.gio.odata.v3;

import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.PropertyDef;
import io.gio.spf.query.EntityRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds OData 3 key predicates such as {@code (ID=guid'..',StampId=guid'..')} for links. */
final class V3KeyPredicate {
    private V3KeyPredicate() {
    }

    static String of(EntityTypeDef type, EntityRow row) {
        List<String> parts = new ArrayList<>();
        for (PropertyDef key : type.keyProperties()) {
            Object value = row.get(key.name());
            if (value == null) {
                throw new IllegalArgumentException("cannot build the key of a " + type.name() + ": key property "
                        + key.name() + " is missing from the row (rows must carry their keys even when not selected)");
            }
            String literal = literal(key, value);
            parts.add(type.key().size() == 1 ? literal : key.name() + "=" + literal);
        }
        return "(" + String.join(",", parts) + ")";
    }

    private static String literal(PropertyDef key, Object value) {
        String text = switch (key.type()) {
            case "Edm.Guid" -> "guid'" + V3Values.require(key, value, UUID.class) + "'";
            case "Edm.String" -> "'" + V3Values.require(key, value, String.class).replace("'", "''") + "'";
            case "Edm.Int64" -> V3Values.require(key, value, Long.class) + "L";
            case "Edm.Int32", "Edm.Int16", "Edm.Byte", "Edm.SByte" -> String.valueOf(V3Values.integral(key, value));
            default -> throw new IllegalArgumentException(
                    "key property " + key.name() + " has unsupported key type " + key.type());
        };
        return UriEncoding.encode(text, UriEncoding.PATH_SAFE);
    }
}
