package io.gio.gateway.http;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * SPF's tenant-scoped form of the VMM service, {@code /SC2012R2/VMM/{subscriptionId}/Microsoft.Management.Odata.svc/}: the
 * whole service (both dialects, {@code $metadata}, every set and write) in the subscription's scope,
 * for Bearer tokens and HTTP Basic credentials (see {@link TenantScopes}).
 */
@Path("{version: SC2012R2|SC2012}/VMM/{subscriptionId: [0-9a-fA-F-]{36}}/Microsoft.Management.Odata.svc")
public final class SpfTenantServiceResource extends ScopedServiceResource {

    private final TenantScopes scopes;

    SpfTenantServiceResource(TenantScopes scopes) {
        this.scopes = scopes;
    }

    public SpfTenantServiceResource(io.gio.spf.SpfAdapter adapter, io.gio.odata.VmmODataService service) {
        this(new TenantScopes(adapter, service));
    }

    @Override
    Response handle(String id, ContainerRequestContext request, byte[] body) {
        return scopes.handle(request, body, id, "Microsoft.Management.Odata.svc", false);
    }
}
