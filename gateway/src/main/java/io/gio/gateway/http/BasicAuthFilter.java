package io.gio.gateway.http;

import io.gio.spf.accounts.Accounts;
import io.gio.spf.accounts.Principal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic authentication for the SPF paths, as SPF has it (and for the benchmark-only
 * {@code /bench/} paths, so they cost what the SPF paths cost). A missing or wrong credential is
 * a 401 with {@code WWW-Authenticate} and an OData 3 error body. Only the admin may use SPF
 * directly; tenants go through the WAP tenant paths.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BasicAuthFilter implements ContainerRequestFilter {

    /**
     * SPF's tenant-scoped form, {@code SC2012R2/VMM/{subscriptionId}/Microsoft.Management.Odata.svc}:
     * Basic credentials of the administrator or of the subscription's tenant user, or a Bearer token
     * (left to the Bearer filter); the resource checks that the caller holds the subscription.
     */
    public static final java.util.regex.Pattern SPF_TENANT_PATH = java.util.regex.Pattern.compile(
            "SC2012(R2)?/VMM/[0-9a-fA-F-]{36}/Microsoft\\.Management\\.Odata\\.svc(/.*)?");

    /** The SPF VMM service itself (not its tenant-scoped form): where provider accounts are let in. */
    static final java.util.regex.Pattern SPF_VMM_PATH = java.util.regex.Pattern.compile(
            "SC2012(R2)?/VMM/Microsoft\\.Management\\.Odata\\.svc(/.*)?");

    private final Accounts accounts;

    public BasicAuthFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("SC2012") && !path.startsWith("bench/")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean tenantForm = SPF_TENANT_PATH.matcher(path).matches();
        if (tenantForm && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        Optional<Principal> principal = credentials(authorization)
                .flatMap(c -> accounts.verify(c[0], c[1]));
        if (principal.isEmpty()) {
            request.abortWith(ODataErrors.v3(Response.Status.UNAUTHORIZED, "Unauthorized",
                            "Authentication is required: send HTTP Basic credentials of an SPF administrator.")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"GIO Gateway SPF\", charset=\"UTF-8\"")
                    .build());
            return;
        }
        boolean provider = principal.get().isProvider();
        if (provider && !SPF_VMM_PATH.matcher(path).matches()) {
            request.abortWith(ODataErrors.v3(Response.Status.FORBIDDEN, "Forbidden",
                    "An SPF provider account may use the SPF VMM service only; the Admin service is for administrators.")
                    .build());
            return;
        }
        if (!principal.get().isAdmin() && !provider && !tenantForm) {
            request.abortWith(ODataErrors.v3(Response.Status.FORBIDDEN, "Forbidden",
                    "The SPF service is for administrators; tenants use /{subscriptionId}/services/systemcenter/vmm/.")
                    .build());
            return;
        }
        request.setProperty(AuthenticatedPrincipal.PROPERTY, principal.get());
    }

    private static Optional<String[]> credentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
