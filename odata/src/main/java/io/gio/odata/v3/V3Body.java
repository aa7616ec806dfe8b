package io.gio.odata.v3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.PropertyDef;
import io.gio.spf.SpfException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an OData 3 JSON request body (JSON light or verbose) into the changes it asks for, as
 * SPF does: annotations ({@code odata.type}, {@code X@odata.type}, {@code __metadata}) are
 * dropped, unknown properties are ignored, and {@code null} means "not supplied". Values keep
 * their JSON shape (Int64 may come as strings).
 */
public final class V3Body {
    private static final ObjectMapper JSON = new ObjectMapper();

    private V3Body() {}

    public static Map<String, Object> changes(byte[] body, EntityTypeDef type) {
        JsonNode root = object(body, "the entity's properties");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (name.contains("@") || name.startsWith("odata.") || name.startsWith("__")) {
                continue;
            }
            PropertyDef p = type.property(name).orElse(null);
            if (p == null || f.getValue().isNull()) {
                continue;
            }
            requireType(p, f.getValue());
            out.put(name, value(f.getValue()));
        }
        return out;
    }

    /**
     * Refuses a value the property's type cannot hold, as WCF Data Services does ("cannot convert
     * to the expected type"), rather than storing its text. Strings are accepted for numbers,
     * booleans and GUIDs when they parse (OData 3 writes Int64 as strings; some clients quote every
     * value); a number with a fraction is no integer.
     */
    private static void requireType(PropertyDef p, JsonNode n) {
        if (p.isStream()) {
            return;
        }
        if (p.isCollection() || p.isComplex()) {
            if (p.isCollection() ? !n.isArray() : !n.isObject()) {
                throw badValue(p, n, p.isCollection() ? "a JSON array" : "a JSON object");
            }
            return;
        }
        boolean ok = switch (p.type()) {
            case "Edm.String", "Edm.DateTime", "Edm.DateTimeOffset", "Edm.Time", "Edm.Binary" -> n.isTextual();
            case "Edm.Boolean" -> n.isBoolean()
                    || n.isTextual() && (n.textValue().equalsIgnoreCase("true") || n.textValue().equalsIgnoreCase("false"));
            case "Edm.Byte" -> integer(n, 0, 255);
            case "Edm.SByte" -> integer(n, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case "Edm.Int16" -> integer(n, Short.MIN_VALUE, Short.MAX_VALUE);
            case "Edm.Int32" -> integer(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "Edm.Int64" -> integer(n, Long.MIN_VALUE, Long.MAX_VALUE);
            case "Edm.Decimal", "Edm.Double", "Edm.Single" -> n.isNumber() || n.isTextual() && decimal(n.textValue()) != null;
            case "Edm.Guid" -> n.isTextual() && guid(n.textValue());
            default -> true;
        };
        if (!ok) {
            throw badValue(p, n, "an " + p.type() + " value");
        }
    }

    private static boolean integer(JsonNode n, long min, long max) {
        java.math.BigDecimal d = n.isNumber() ? n.decimalValue() : n.isTextual() ? decimal(n.textValue()) : null;
        if (d == null || d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            return false;
        }
        return d.compareTo(java.math.BigDecimal.valueOf(min)) >= 0 && d.compareTo(java.math.BigDecimal.valueOf(max)) <= 0;
    }

    private static java.math.BigDecimal decimal(String text) {
        try {
            return new java.math.BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean guid(String text) {
        try {
            java.util.UUID.fromString(text.trim());
            return text.trim().length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SpfException badValue(PropertyDef p, JsonNode n, String expected) {
        String shown = n.toString();
        return SpfException.badRequest("The value of " + p.name() + " must be " + expected + ", not "
                + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown) + ".");
    }

    /**
     * The parameters of an action, from the JSON object OData 3 sends them in (verbose clients may
     * wrap it in {@code d}); annotations are left out, null values kept out.
     */
    public static Map<String, Object> parameters(byte[] body) {
        JsonNode root = object(body, "the action's parameters");
        Map<String, Object> out = new LinkedHashMap<>();
        root.fields().forEachRemaining(f -> {
            String name = f.getKey();
            if (!name.contains("@") && !name.startsWith("odata.") && !name.startsWith("__") && !f.getValue().isNull()) {
                out.put(name, value(f.getValue()));
            }
        });
        return out;
    }

    private static JsonNode object(byte[] body, String what) {
        JsonNode root;
        try {
            root = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw SpfException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ".");
        } catch (IOException e) {
            throw SpfException.badRequest("The request body cannot be read: " + e.getMessage());
        }
        if (root != null && root.has("d") && root.size() == 1 && root.get("d").isObject()) {
            root = root.get("d");
        }
        if (root == null || !root.isObject()) {
            throw SpfException.badRequest("The request body must be a JSON object with " + what + ".");
        }
        return root;
    }

    private static Object value(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isArray()) {
            java.util.List<Object> items = new java.util.ArrayList<>();
            n.forEach(item -> items.add(item.isNull() ? null : value(item)));
            return items;
        }
        if (n.isObject()) {
            Map<String, Object> members = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> {
                if (!f.getKey().contains("@") && !f.getKey().startsWith("odata.") && !f.getValue().isNull()) {
                    members.put(f.getKey(), value(f.getValue()));
                }
            });
            return members;
        }
        return null;
    }
}
