package io.gio.gateway.auth;

import jakarta.inject.Provider;
import org.glassfish.grizzly.http.server.Request;

/** The peer address of the current Grizzly request ({@code X-Forwarded-For} is not trusted). */
final class RemoteAddress {
    private RemoteAddress() {}

    static String of(Provider<Request> request) {
        try {
            Request r = request == null ? null : request.get();
            String a = r == null ? null : r.getRemoteAddr();
            return a == null ? "unknown" : a;
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
