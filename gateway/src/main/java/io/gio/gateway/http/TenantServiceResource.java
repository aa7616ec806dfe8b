package io.gio.gateway.http;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * WAP's tenant form of the VMM service, {@code /{subscriptionId}/services/systemcenter/vmm/}: the
 * whole service (both dialects, {@code $metadata}, every set and write) in the subscription's scope,
 * for Bearer tokens (see {@link TenantScopes}).
 */
@Path("{subscriptionId: [0-9a-fA-F-]{36}}/services/systemcenter/vmm")
public final class TenantServiceResource {

    private final TenantScopes scopes;

    TenantServiceResource(TenantScopes scopes) {
        this.scopes = scopes;
    }

    public TenantServiceResource(io.gio.spf.SpfAdapter adapter, io.gio.odata.VmmODataService service) {
        this(new TenantScopes(adapter, service));
    }

    @GET
    @Path("{path: .*}")
    public Response get(@PathParam("subscriptionId") String id, @Context ContainerRequestContext request) {
        return handle(id, request, new byte[0]);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@PathParam("subscriptionId") String id, @Context ContainerRequestContext request) {
        return handle(id, request, RequestBodies.read(request));
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@PathParam("subscriptionId") String id, @Context ContainerRequestContext request) {
        return handle(id, request, RequestBodies.read(request));
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@PathParam("subscriptionId") String id, @Context ContainerRequestContext request) {
        return handle(id, request, RequestBodies.read(request));
    }

    @MERGE
    @Path("{path: .*}")
    public Response merge(@PathParam("subscriptionId") String id, @Context ContainerRequestContext request) {
        return handle(id, request, RequestBodies.read(request));
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@PathParam("subscriptionId") String id, @Context ContainerRequestContext request) {
        return handle(id, request, new byte[0]);
    }

    private Response handle(String id, ContainerRequestContext request, byte[] body) {
        return scopes.handle(request, body, id, "services/systemcenter/vmm", true);
    }
}
