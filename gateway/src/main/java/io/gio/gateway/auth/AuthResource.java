package io.gio.gateway.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.spf.accounts.Accounts;
import io.gio.spf.accounts.Principal;
import jakarta.inject.Provider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.glassfish.grizzly.http.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's token service: {@code POST /auth/token} (OAuth 2 resource-owner password grant,
 * RFC 6749 4.3; public client, so {@code client_id} is accepted and ignored),
 * {@code GET /auth/keys} (the JWKS that verifies its tokens) and {@code GET /auth/me} (who the
 * bearer token says the caller is; a bearer token is required).
 */
@Path("auth")
public final class AuthResource {

    private static final Logger LOG = LoggerFactory.getLogger(AuthResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Accounts accounts;
    private final TokenIssuer issuer;
    private final KeyRing keys;
    private final LoginThrottle throttle;

    @Context
    private Provider<Request> grizzly;

    public AuthResource(Accounts accounts, TokenIssuer issuer, KeyRing keys, LoginThrottle throttle) {
        this.accounts = accounts;
        this.issuer = issuer;
        this.keys = keys;
        this.throttle = throttle;
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form) {
        for (String p : List.of("grant_type", "username", "password", "scope", "client_id")) {
            List<String> values = form.get(p);
            if (values != null && values.size() > 1) {
                return oauthError(400, "invalid_request", "Parameter " + p + " is repeated.");
            }
        }
        String grant = form.getFirst("grant_type");
        if (grant == null || grant.isEmpty()) {
            return oauthError(400, "invalid_request", "grant_type is required.");
        }
        if (!grant.equals("password")) {
            return oauthError(400, "unsupported_grant_type", "Only the password grant is supported.");
        }
        String user = form.getFirst("username");
        String password = form.getFirst("password");
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            return oauthError(400, "invalid_request", "username and password are required.");
        }
        String address = RemoteAddress.of(grizzly);
        Optional<Duration> locked = throttle.lockedOut(user, address);
        if (locked.isPresent()) {
            return Response.fromResponse(oauthError(429, "invalid_grant",
                            "Too many failed sign-in attempts; retry later."))
                    .header(HttpHeaders.RETRY_AFTER, LoginThrottleFilter.retryAfter(locked.get())).build();
        }
        Optional<Principal> principal = accounts.verify(user, password);
        if (principal.isEmpty()) {
            throttle.failed(user, address);
            LOG.debug("Token request refused: wrong user name or password");
            return oauthError(400, "invalid_grant", "The user name or password is incorrect.");
        }
        throttle.succeeded(user);
        if (principal.get().isProvider()) {
            return oauthError(400, "unauthorized_client", "An SPF provider account signs in with HTTP Basic on the SPF"
                    + " VMM service; it gets no token.");
        }
        String scope = form.getFirst("scope");
        String audience = TokenIssuer.audienceFor(principal.get());
        if (scope != null && !scope.isBlank() && !scope.trim().equals(audience)) {
            return oauthError(400, "invalid_scope", "This account may only request the scope " + audience + ".");
        }
        TokenIssuer.Issued t = issuer.issue(principal.get());
        ObjectNode body = JSON.createObjectNode();
        body.put("access_token", t.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", t.expiresIn());
        body.put("scope", t.audience());
        return noStore(Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE)).build();
    }

    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    public Response keys() {
        return Response.ok(keys.publicJwks().toString(true), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300").build();
    }

    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response me(@Context ContainerRequestContext request) {
        if (!(request.getProperty(ValidatedToken.PROPERTY) instanceof ValidatedToken token)) {
            return WapErrors.tokenRequired();
        }
        Principal p = token.principal();
        ObjectNode body = JSON.createObjectNode();
        body.put("name", p.name());
        body.put("role", p.isAdmin() ? TokenIssuer.ADMIN_ROLE : TokenIssuer.TENANT_ROLE);
        if (p.tenantId().isPresent()) {
            body.put("tenantId", p.tenantId().get().toString());
        } else {
            body.putNull("tenantId");
        }
        body.put("issuer", token.issuer());
        body.put("audience", token.audience());
        body.put("expires", token.expires().toString());
        return noStore(Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE)).build();
    }

    private static Response oauthError(int status, String error, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return noStore(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString())).build();
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder b) {
        return b.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }
}
