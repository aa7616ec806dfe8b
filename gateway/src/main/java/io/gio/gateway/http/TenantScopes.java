package io.gio.gateway.http;

import io.gio.gateway.auth.WapErrors;
import io.gio.odata.VmmODataService;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Principal;
import io.gio.spf.query.Scope;
import io.gio.spf.tenancy.Subscription;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the VMM service for one WAP subscription: the caller (a tenant user, or the administrator,
 * who may open any subscription) must hold the subscription; otherwise the answer is the 404 of a
 * subscription that does not exist. The request then runs in the subscription's {@link Scope}.
 *
 * <p>{@code x-ms-principal-id}, which WAP clients send (the user's UPN, or any value), is accepted and
 * never consulted: who the caller is, and so what it may open, comes from its credential alone, so
 * the header can never widen it.
 */
final class TenantScopes {

    private static final Logger LOG = LoggerFactory.getLogger(TenantScopes.class);

    private final SpfAdapter adapter;
    private final VmmODataService service;

    TenantScopes(SpfAdapter adapter, VmmODataService service) {
        this.adapter = adapter;
        this.service = service;
    }

    /**
     * @param marker the last segment of the service root ({@code vmm} or {@code Microsoft.Management.Odata.svc})
     * @param bearerOnly whether the path takes only Bearer tokens (the WAP path); else Basic too (SPF's form)
     */
    Response handle(ContainerRequestContext request, byte[] body, String subscriptionId, String marker,
            boolean bearerOnly) {
        Principal principal = (Principal) request.getProperty(AuthenticatedPrincipal.PROPERTY);
        if (principal == null) {
            return bearerOnly ? WapErrors.tokenRequired() : ODataErrors.v3(Response.Status.UNAUTHORIZED, "Unauthorized",
                            "Authentication is required: send a bearer token or HTTP Basic credentials.")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"GIO Gateway\"")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"GIO Gateway SPF\", charset=\"UTF-8\"")
                    .build();
        }
        Optional<Subscription> subscription = parse(subscriptionId).flatMap(adapter.subscriptions()::find)
                .filter(s -> s.heldBy(principal));
        if (subscription.isEmpty()) {
            return ODataErrors.v3(Response.Status.NOT_FOUND, "NOT_FOUND",
                    "The subscription " + subscriptionId + " was not found.").build();
        }
        String claimed = request.getHeaderString("x-ms-principal-id");
        if (claimed != null && !claimed.equalsIgnoreCase(principal.name())) {
            LOG.debug("x-ms-principal-id '{}' differs from the authenticated caller {}; ignored", claimed,
                    principal.name());
        }
        return SpfServiceResource.forward(service, request, body, marker, principal, Scope.of(subscription.get()));
    }

    private static Optional<UUID> parse(String id) {
        try {
            return id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
