package io.gio.odata.v3;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites OData 3 literals into their OData 4 forms. */
final class V3Literals {
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2})(?::(\\d{2})(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?");
    /** A '+' sent unencoded in a query decodes to a space; put it back before an offset. */
    private static final Pattern SPACE_OFFSET = Pattern.compile("(.*T[0-9:.]+) (\\d{2}:\\d{2})");
    private static final Pattern SUFFIXED_NUMBER = Pattern.compile(
            "(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)[LlMmDdFf]");

    private V3Literals() {
    }

    /** The OData 4 form of a typed literal token such as {@code guid'...'} or {@code X'0A'}. */
    static String typed(V3Token token) throws V3SyntaxException {
        String value = token.value();
        return switch (token.prefix().toLowerCase(Locale.ROOT)) {
            case "guid" -> guid(value);
            case "datetime" -> dateTime(value, false);
            case "datetimeoffset" -> dateTime(value, true);
            case "time" -> "duration'" + duration(value) + "'";
            case "x", "binary" -> "binary'" + base64Url(value) + "'";
            default -> token.text();
        };
    }

    /** A number without its OData 3 type suffix ({@code 12L}, {@code 1.5M}, {@code 2d}, {@code 1f}). */
    static String number(String text) {
        Matcher m = SUFFIXED_NUMBER.matcher(text);
        return m.matches() ? m.group(1) : text;
    }

    private static String guid(String value) throws V3SyntaxException {
        if (!V3Lexer.isGuid(value)) {
            throw new V3SyntaxException("Invalid guid literal '" + value
                    + "': expected 32 hex digits as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        }
        return value;
    }

    private static String dateTime(String value, boolean offsetRequired) throws V3SyntaxException {
        String kind = offsetRequired ? "datetimeoffset" : "datetime";
        String fixed = SPACE_OFFSET.matcher(value).replaceFirst("$1+$2");
        Matcher m = DATE_TIME.matcher(fixed);
        if (!m.matches() || offsetRequired && m.group(5) == null) {
            throw new V3SyntaxException("Invalid " + kind + " literal '" + value + "': expected yyyy-mm-ddThh:mm[:ss[.fffffff]]"
                    + (offsetRequired ? " followed by Z or an offset like +01:00" : ""));
        }
        String seconds = m.group(3) == null ? "00" : m.group(3);
        String fraction = m.group(4) == null ? "" : m.group(4);
        String offset = m.group(5) == null ? "Z" : m.group(5);
        try {
            LocalDateTime.parse(m.group(1) + "T" + m.group(2) + ":" + seconds + fraction);
            ZoneOffset.of(offset);
        } catch (DateTimeException e) {
            throw new V3SyntaxException("Invalid " + kind + " literal '" + value + "': " + e.getMessage(), e);
        }
        return m.group(1) + "T" + m.group(2) + ":" + seconds + fraction + offset;
    }

    private static String duration(String value) throws V3SyntaxException {
        try {
            Duration.parse(value);
            return value;
        } catch (DateTimeParseException e) {
            throw new V3SyntaxException("Invalid time literal '" + value
                    + "': expected an ISO 8601 duration such as PT1H30M", e);
        }
    }

    private static String base64Url(String hex) throws V3SyntaxException {
        try {
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits");
            }
            return Base64.getUrlEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new V3SyntaxException("Invalid binary literal '" + hex + "': expected pairs of hex digits", e);
        }
    }
}
