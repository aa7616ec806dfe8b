package io.gio.odata.query;

import io.gio.spf.SpfException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmType;

/** Turns OData 4 literal text (as Olingo's parser hands it over) into the typed values of {@link io.gio.spf.query.EntityRow}. */
public final class LiteralConverter {
    private LiteralConverter() {}

    public static Object convert(String text, EdmType type) {
        if (text == null || "null".equals(text) || type == null) {
            return null;
        }
        String name = type.getFullQualifiedName().getFullQualifiedNameAsString();
        try {
            return convert(text, EdmPrimitiveTypeKind.valueOfFQN(name));
        } catch (IllegalArgumentException e) {
            throw SpfException.badRequest("The literal " + text + " of type " + name + " is not supported here.");
        }
    }

    public static Object convert(String text, EdmPrimitiveTypeKind kind) {
        try {
            switch (kind) {
                case String:
                    return unquote(text);
                case Guid:
                    return UUID.fromString(text);
                case Boolean:
                    return Boolean.parseBoolean(text);
                case Byte:
                case SByte:
                case Int16:
                    return Short.parseShort(text);
                case Int32:
                    return Integer.parseInt(text);
                case Int64:
                    return Long.parseLong(text);
                case Decimal:
                    return new BigDecimal(text);
                case Double:
                case Single:
                    return Double.parseDouble(text);
                case DateTimeOffset:
                    return OffsetDateTime.parse(text).toInstant();
                case Date:
                    return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                default:
                    throw SpfException.badRequest("Literals of type Edm." + kind + " are not supported in $filter.");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw SpfException.badRequest("The literal " + text + " is not a valid Edm." + kind + ".");
        }
    }

    /** Converts a key value given as OData 4 literal text for a property of the given type. */
    public static Object key(String text, EdmPrimitiveTypeKind kind) {
        return convert(text, kind);
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        return text;
    }

    static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
