package io.gio.odata;

import io.gio.spf.SpfException;
import io.gio.spf.network.VmNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Reads request body values of either dialect: JSON types, or strings (OData 3 sends Int64 and
 * GUIDs as strings; some clients quote every value). Bad values are BAD_REQUEST naming the property.
 */
final class Values {
    private Values() {}

    static UUID requiredGuid(Map<String, Object> body, String name, String purpose) {
        return optionalGuid(body, name).orElseThrow(() -> SpfException.badRequest(name + " is required to " + purpose + "."));
    }

    static String requiredText(Map<String, Object> body, String name, String purpose) {
        return text(body, name).orElseThrow(() -> SpfException.badRequest(name + " is required to " + purpose + "."));
    }

    @SuppressWarnings("unchecked")
    static List<VmNetworks.Grant> grants(Object value) {
        if (!(value instanceof List<?> list)) {
            throw SpfException.badRequest("GrantedToList must be a collection of VMM.UserAndRole.");
        }
        List<VmNetworks.Grant> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw SpfException.badRequest("Each GrantedToList entry must be a VMM.UserAndRole object.");
            }
            Map<String, Object> entry = (Map<String, Object>) m;
            out.add(new VmNetworks.Grant(text(entry, "UserName"), text(entry, "RoleName"), optionalGuid(entry, "RoleID")));
        }
        return out;
    }
    static UUID requiredGuid(Map<String, Object> body, String name) {
        return optionalGuid(body, name).orElseThrow(() ->
                SpfException.badRequest(name + " is required to create a virtual machine."));
    }

    static Optional<UUID> optionalGuid(Map<String, Object> body, String name) {
        return Optional.ofNullable(body.get(name)).map(v -> guid(name, v));
    }

    static UUID guid(String name, Object v) {
        if (v instanceof UUID u) {
            return u;
        }
        try {
            return UUID.fromString(v.toString().trim());
        } catch (IllegalArgumentException e) {
            throw SpfException.badRequest(name + " is not a GUID: '" + v + "'.");
        }
    }

    static Optional<String> text(Map<String, Object> body, String name) {
        return Optional.ofNullable(body.get(name)).map(Object::toString);
    }

    static OptionalInt integer(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            if (v instanceof java.math.BigDecimal d) {
                return OptionalInt.of(d.intValueExact());
            }
            return OptionalInt.of(v instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(v.toString().trim()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw SpfException.badRequest(name + " is not a whole number: '" + v + "'.");
        }
    }

    static boolean bool(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw SpfException.badRequest(name + " must be true or false, not '" + v + "'.");
    }

    /** An Int64 value as JSON gives it: a number, or a string (OData 3 writes Int64 as strings). */
    static Optional<Long> int64(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            if (v instanceof java.math.BigDecimal d) {
                return Optional.of(d.longValueExact());
            }
            return Optional.of(v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw SpfException.badRequest(name + " is not a whole number: '" + v + "'.");
        }
    }
}
