package io.gio.odata.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response whose body is written when the server is ready to stream it. */
public record ODataHttpResponse(int status, Map<String, String> headers, Body body) {

    /** Writes the body; called once, by the server, after the status and headers are sent. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static final Body EMPTY = out -> { };

    public ODataHttpResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(headers, "headers is null")));
        requireNonNull(body, "body is null");
    }
}
