package io.gio.gateway.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies by their declared length. Reading exactly {@code Content-Length} bytes
 * (rather than to the end of the stream) matters for clients that offer an HTTP/2 upgrade
 * ({@code Upgrade: h2c}, as Java's HttpClient does): the server declines the upgrade, and the
 * stream then has no end until the client gives up.
 */
final class RequestBodies {

    static final int MAX_BYTES = 16 * 1024 * 1024;

    private RequestBodies() {}

    static byte[] read(ContainerRequestContext request) {
        try (InputStream in = request.getEntityStream()) {
            int length = request.getLength();
            if (length > MAX_BYTES) {
                throw new WebApplicationException(ODataErrors.v3(jakarta.ws.rs.core.Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "RequestEntityTooLarge", "The request body is larger than " + MAX_BYTES + " bytes.").build());
            }
            if (length >= 0) {
                return in.readNBytes(length);
            }
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw new WebApplicationException(ODataErrors.v3(jakarta.ws.rs.core.Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "RequestEntityTooLarge", "The request body is larger than " + MAX_BYTES + " bytes.").build());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body failed", e);
        }
    }
}
