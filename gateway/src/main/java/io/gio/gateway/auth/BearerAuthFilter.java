package io.gio.gateway.auth;

import io.gio.gateway.http.AuthenticatedPrincipal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer authentication for everything but the SPF paths (which keep HTTP Basic) and the open
 * token endpoints: a request with {@code Authorization: Bearer <jwt>} either gets its
 * {@link io.gio.spf.accounts.Principal} under {@link AuthenticatedPrincipal#PROPERTY} (the same
 * property the Basic filter fills) and its {@link ValidatedToken} under
 * {@link ValidatedToken#PROPERTY}, or is refused with 401 {@code invalid token}. Requests without
 * a bearer token pass; resources that need one refuse them.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerAuthFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthFilter.class);

    private final TokenValidator validator;

    public BearerAuthFilter(TokenValidator validator) {
        this.validator = validator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean spfTenantForm = io.gio.gateway.http.BasicAuthFilter.SPF_TENANT_PATH.matcher(path).matches();
        if ((path.startsWith("SC2012") && !spfTenantForm) || path.startsWith("bench/") || path.equals("auth/token")
                || path.equals("auth/keys")) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        try {
            ValidatedToken token = validator.validate(header.substring(7).trim());
            request.setProperty(ValidatedToken.PROPERTY, token);
            request.setProperty(AuthenticatedPrincipal.PROPERTY, token.principal());
        } catch (InvalidTokenException e) {
            LOG.debug("Bearer token refused on {} {}: {}", request.getMethod(), path, e.getMessage());
            request.abortWith(WapErrors.invalidToken());
        }
    }
}
