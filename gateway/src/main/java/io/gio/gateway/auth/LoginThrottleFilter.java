package io.gio.gateway.auth;

import io.gio.gateway.http.ODataErrors;
import jakarta.annotation.Priority;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.glassfish.grizzly.http.server.Request;

/**
 * Applies the {@link LoginThrottle} to HTTP Basic on the SPF paths without touching the Basic
 * filter: before it, a locked-out user name or address gets 429 with {@code Retry-After} (and
 * no password check); after it, a 401 for a request that carried Basic credentials counts as a
 * failure, and any other answer as a success.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public final class LoginThrottleFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String USER = "io.gio.gateway.auth.basic-user";
    private static final String ADDRESS = "io.gio.gateway.auth.basic-address";

    private final LoginThrottle throttle;

    @Context
    private Provider<Request> grizzly;

    public LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("SC2012") && !path.startsWith("bench/")) {
            return;
        }
        String user = basicUser(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (user == null) {
            return;
        }
        String address = RemoteAddress.of(grizzly);
        var locked = throttle.lockedOut(user, address);
        if (locked.isPresent()) {
            request.abortWith(ODataErrors.v3(Response.Status.TOO_MANY_REQUESTS, "TooManyRequests",
                            "Too many failed sign-in attempts; retry later.")
                    .header(HttpHeaders.RETRY_AFTER, retryAfter(locked.get()))
                    .build());
            return;
        }
        request.setProperty(USER, user);
        request.setProperty(ADDRESS, address);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(USER) instanceof String user)) {
            return;
        }
        if (response.getStatus() == 401) {
            throttle.failed(user, (String) request.getProperty(ADDRESS));
        } else {
            throttle.succeeded(user);
        }
    }

    static String retryAfter(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    private static String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
