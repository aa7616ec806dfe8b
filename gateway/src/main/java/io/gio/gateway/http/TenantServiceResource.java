package io.gio.gateway.http;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * WAP's tenant form of the VMM service, {@code /{subscriptionId}/services/systemcenter/vmm/}: the
 * whole service (both dialects, {@code $metadata}, every set and write) in the subscription's scope,
 * for Bearer tokens (see {@link TenantScopes}).
 */
@Path("{subscriptionId: [0-9a-fA-F-]{36}}/services/systemcenter/vmm")
public final class TenantServiceResource extends ScopedServiceResource {

    private final TenantScopes scopes;

    TenantServiceResource(TenantScopes scopes) {
        this.scopes = scopes;
    }

    public TenantServiceResource(io.gio.spf.SpfAdapter adapter, io.gio.odata.VmmODataService service) {
        this(new TenantScopes(adapter, service));
    }

    @Override
    Response handle(String id, ContainerRequestContext request, byte[] body) {
        return scopes.handle(request, body, id, "services/systemcenter/vmm", true);
    }
}
