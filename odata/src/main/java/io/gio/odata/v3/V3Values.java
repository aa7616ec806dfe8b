package io.gio.odata.v3;

import com.fasterxml.jackson.core.JsonGenerator;
import io.gio.odata.model.PropertyDef;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/** Writes primitive values the OData 3 JSON way; checks the Java type against the EDM type. */
final class V3Values {
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Types a JSON light reader can tell from the JSON value itself; others get odata.type in full metadata. */
    private static final Set<String> SELF_DESCRIBING = Set.of("Edm.String", "Edm.Boolean", "Edm.Int32");

    private V3Values() {
    }

    static boolean needsTypeAnnotation(PropertyDef p) {
        return !SELF_DESCRIBING.contains(p.type());
    }

    static String formatDateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }

    /** Writes one primitive value of {@code edmType} (the property type or its element type). */
    static void write(JsonGenerator g, PropertyDef p, String edmType, Object value, boolean verbose) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        switch (edmType) {
            case "Edm.String" -> g.writeString(require(p, value, String.class));
            case "Edm.Boolean" -> g.writeBoolean(require(p, value, Boolean.class));
            case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32" -> g.writeNumber(integral(p, value));
            case "Edm.Int64" -> g.writeString(Long.toString(integral(p, value)));
            case "Edm.Decimal" -> g.writeString(decimal(p, value).toPlainString());
            case "Edm.Double" -> g.writeString(floating(require(p, value, Number.class).doubleValue(), false));
            case "Edm.Single" -> g.writeString(floating(require(p, value, Number.class).floatValue(), true));
            case "Edm.Guid" -> g.writeString(require(p, value, UUID.class).toString());
            case "Edm.DateTime" -> {
                Instant instant = require(p, value, Instant.class);
                if (verbose) {
                    g.writeRawValue("\"\\/Date(" + instant.toEpochMilli() + ")\\/\"");
                } else {
                    g.writeString(formatDateTime(instant));
                }
            }
            case "Edm.DateTimeOffset" -> g.writeString(formatDateTime(require(p, value, Instant.class)));
            case "Edm.Time" -> g.writeString(require(p, value, Duration.class).toString());
            case "Edm.Binary" -> g.writeString(Base64.getEncoder().encodeToString(require(p, value, byte[].class)));
            default -> throw new IllegalArgumentException(
                    "property " + p.name() + " has type " + edmType + ", which has no JSON value");
        }
    }

    static <T> T require(PropertyDef p, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw mismatch(p, value);
        }
        return type.cast(value);
    }

    static long integral(PropertyDef p, Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw mismatch(p, value);
    }

    static BigDecimal decimal(PropertyDef p, Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        return BigDecimal.valueOf(integral(p, value));
    }

    static String floating(double d, boolean single) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "INF" : "-INF";
        }
        return single ? Float.toString((float) d) : Double.toString(d);
    }

    private static IllegalArgumentException mismatch(PropertyDef p, Object value) {
        return new IllegalArgumentException("property " + p.name() + " (" + p.type() + ") cannot hold a "
                + value.getClass().getName() + " value");
    }
}
