package io.gio.gateway.auth;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Error bodies in WAP's service-management shape (spec 2.6), and the Bearer challenges of RFC 6750. */
public final class WapErrors {

    public static final String NAMESPACE = "http://schemas.microsoft.com/windowsazure";
    public static final String XML = "application/xml; charset=utf-8";

    private WapErrors() {}

    /** {@code <Error xmlns="http://schemas.microsoft.com/windowsazure"><Code/><Message/><Severity/></Error>}. */
    public static Response.ResponseBuilder error(int status, String code, String message) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<Error xmlns=\"" + NAMESPACE + "\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<Code>" + escape(code) + "</Code><Message>" + escape(message) + "</Message>"
                + "<Severity>Error</Severity></Error>";
        return Response.status(status).type(XML).entity(body);
    }

    /** 401 for a token that was refused: nothing about why. */
    public static Response invalidToken() {
        return error(401, "Unauthorized", "invalid token")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"GIO Gateway\", error=\"invalid_token\"")
                .build();
    }

    /** 401 for a request that needs a token and has none (RFC 6750 3.1: no error code). */
    public static Response tokenRequired() {
        return error(401, "Unauthorized", "A bearer token is required.")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"GIO Gateway\"")
                .build();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
