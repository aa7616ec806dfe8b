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
 * The HTTP methods of a subscription-scoped form of the VMM service; a subclass names its path
 * (with a {@code subscriptionId} parameter) and how it hands the request to {@link TenantScopes}.
 */
public abstract class ScopedServiceResource {

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

    /** Serves one request of the subscription {@code id}. */
    abstract Response handle(String id, ContainerRequestContext request, byte[] body);
}
