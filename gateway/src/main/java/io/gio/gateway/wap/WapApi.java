package io.gio.gateway.wap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.gateway.auth.WapErrors;
import io.gio.gateway.http.AuthenticatedPrincipal;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Principal;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the WAP management resources share: who the caller is (admin or tenant, from the Bearer
 * token), JSON in and out, and WAP's XML error bodies with the statuses of spec 2.6 (400 bad input
 * naming the field, 403, 404, 409).
 */
final class WapApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = MediaType.APPLICATION_JSON + "; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(WapApi.class);

    private WapApi() {}

    /** The caller, or a 401 when the request carries no (valid) Bearer token. */
    static Principal caller(ContainerRequestContext request) {
        Object p = request.getProperty(AuthenticatedPrincipal.PROPERTY);
        if (!(p instanceof Principal principal)) {
            throw new WebApplicationException(WapErrors.tokenRequired());
        }
        return principal;
    }

    /** The caller, who must be the administrator (a token for realm AdminSite); 403 for a tenant. */
    static Principal admin(ContainerRequestContext request) {
        Principal p = caller(request);
        if (!p.isAdmin()) {
            throw new WebApplicationException(WapErrors.error(403, "Forbidden",
                    "This operation is for administrators; it needs a token for http://azureservices/AdminSite.")
                    .build());
        }
        return p;
    }

    /** Runs {@code body}, turning the store's refusals into WAP error responses. */
    static Response call(Supplier<Response> body) {
        try {
            return body.get();
        } catch (SpfException e) {
            return error(e);
        }
    }

    static Response error(SpfException e) {
        return switch (e.code()) {
            case BAD_REQUEST -> WapErrors.error(400, "BadRequest", e.getMessage()).build();
            case FORBIDDEN -> WapErrors.error(403, "Forbidden", e.getMessage()).build();
            case NOT_FOUND -> WapErrors.error(404, "NotFound", e.getMessage()).build();
            case CONFLICT -> WapErrors.error(409, "Conflict", e.getMessage()).build();
            case METHOD_NOT_ALLOWED -> WapErrors.error(405, "MethodNotAllowed", e.getMessage()).build();
            case NOT_ACCEPTABLE -> WapErrors.error(406, "NotAcceptable", e.getMessage()).build();
            case UNAVAILABLE -> WapErrors.error(503, "ServiceUnavailable", e.getMessage()).build();
            case NOT_IMPLEMENTED -> WapErrors.error(501, "NotImplemented", e.getMessage()).build();
            case INTERNAL -> {
                LOG.error("WAP management request failed", e);
                yield WapErrors.error(500, "InternalError", "The request failed on the server.").build();
            }
        };
    }

    static SpfException bad(String message) {
        return SpfException.badRequest(message);
    }

    static Response ok(JsonNode body) {
        return json(200, body);
    }

    static Response json(int status, JsonNode body) {
        try {
            return Response.status(status).type(JSON_TYPE).entity(JSON.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int MAX_BODY = 1024 * 1024;

    /** The request body, read by its declared length (see the gateway's RequestBodies on h2c); 413 over 1 MiB. */
    static byte[] read(ContainerRequestContext request) {
        try (java.io.InputStream in = request.getEntityStream()) {
            int length = request.getLength();
            byte[] b = length >= 0 && length <= MAX_BODY ? in.readNBytes(length)
                    : length > MAX_BODY ? null : in.readNBytes(MAX_BODY + 1);
            if (b == null || b.length > MAX_BODY) {
                throw new WebApplicationException(WapErrors.error(413, "RequestEntityTooLarge",
                        "The request body is larger than " + MAX_BODY + " bytes.").build());
            }
            return b;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Reading the request body failed", e);
        }
    }

    /** The request body as a JSON object; a 400 when it is missing or not one. */
    static ObjectNode body(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw bad("A JSON object is required as the request body.");
        }
        JsonNode n;
        try {
            n = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw bad("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw bad("The request body must be a JSON object.");
        }
        return (ObjectNode) n;
    }

    /** The first of {@code names} that the object has (a JSON null counts as present). */
    static Optional<JsonNode> field(JsonNode obj, String... names) {
        for (String name : names) {
            if (obj.has(name)) {
                return Optional.of(obj.get(name));
            }
        }
        return Optional.empty();
    }

    static Optional<String> text(JsonNode obj, String... names) {
        Optional<JsonNode> f = field(obj, names);
        if (f.isEmpty() || f.get().isNull()) {
            return Optional.empty();
        }
        if (!f.get().isTextual()) {
            throw bad(names[0] + " must be a string.");
        }
        return Optional.of(f.get().asText());
    }

    static String requiredText(JsonNode obj, String... names) {
        String s = text(obj, names).map(String::trim).orElse("");
        if (s.isEmpty()) {
            throw bad(names[0] + " is required.");
        }
        return s;
    }

    static Optional<UUID> uuid(JsonNode obj, String... names) {
        return text(obj, names).map(s -> uuid(s, names[0]));
    }

    static UUID uuid(String s, String what) {
        try {
            String t = s.trim();
            if (t.startsWith("guid'") && t.endsWith("'")) {
                t = t.substring(5, t.length() - 1);
            }
            if (t.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(t);
        } catch (IllegalArgumentException e) {
            throw bad(what + " must be a GUID, got '" + s + "'.");
        }
    }

    static Optional<Boolean> bool(JsonNode obj, String... names) {
        Optional<JsonNode> f = field(obj, names);
        if (f.isEmpty() || f.get().isNull()) {
            return Optional.empty();
        }
        if (!f.get().isBoolean()) {
            throw bad(names[0] + " must be true or false.");
        }
        return Optional.of(f.get().asBoolean());
    }

    /**
     * A non-negative whole number, a JSON null or "" (unlimited: empty), as WAP's quota values
     * are strings, a string holding a number is accepted too; -1 means unlimited as in WAP.
     */
    static OptionalLong limit(JsonNode v, String what) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().trim().isEmpty())) {
            return OptionalLong.empty();
        }
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual()) {
            try {
                n = Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw bad(what + " must be a whole number or null (unlimited), got '" + v.asText() + "'.");
            }
        } else {
            throw bad(what + " must be a whole number or null (unlimited).");
        }
        if (n == -1) {
            return OptionalLong.empty();
        }
        if (n < 0) {
            throw bad(what + " must not be negative (-1 or null is unlimited), got " + n + ".");
        }
        return OptionalLong.of(n);
    }

    static OptionalInt intLimit(JsonNode v, String what) {
        OptionalLong l = limit(v, what);
        if (l.isEmpty()) {
            return OptionalInt.empty();
        }
        if (l.getAsLong() > Integer.MAX_VALUE || l.getAsLong() < 1) {
            throw bad(what + " must be between 1 and " + Integer.MAX_VALUE + ", got " + l.getAsLong() + ".");
        }
        return OptionalInt.of((int) l.getAsLong());
    }

    /** A boolean query parameter ({@code true}/{@code false}, any case; absent = false); a 400 naming it otherwise. */
    static boolean flag(String value, String name) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(name + " must be true or false, got '" + value + "'.");
    }

    /** A paging parameter: WAP's {@code skip}/{@code take}, or OData's {@code $skip}/{@code $top}. */
    static int paging(String wap, String odata, String name, int dflt, int min, int max) {
        String v = wap != null ? wap : odata;
        if (v == null || v.isBlank()) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(name + " must be a whole number, got '" + v + "'.");
        }
        if (n < min || n > max) {
            throw bad(name + " must be between " + min + " and " + max + ", got " + n + ".");
        }
        return n;
    }
}
