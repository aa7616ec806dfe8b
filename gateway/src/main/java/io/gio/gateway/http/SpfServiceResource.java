package io.gio.gateway.http;

import io.gio.odata.VmmODataService;
import io.gio.odata.http.ODataHttpRequest;
import io.gio.odata.http.ODataHttpResponse;
import io.gio.spf.accounts.Principal;
import io.gio.spf.query.Scope;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/**
 * SPF's VMM service at {@code /SC2012R2/VMM/Microsoft.Management.Odata.svc/} (and the same under
 * {@code /SC2012/}): hands every request to the OData service, both dialects.
 */
@Path("{version: SC2012R2|SC2012}/VMM/Microsoft.Management.Odata.svc")
public final class SpfServiceResource {

    private final VmmODataService service;

    public SpfServiceResource(VmmODataService service) {
        this.service = service;
    }

    @GET
    @Path("{path: .*}")
    public Response get(@Context ContainerRequestContext request) {
        return handle(request, new byte[0]);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@Context ContainerRequestContext request) {
        return handle(request, RequestBodies.read(request));
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@Context ContainerRequestContext request) {
        return handle(request, RequestBodies.read(request));
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@Context ContainerRequestContext request) {
        return handle(request, RequestBodies.read(request));
    }

    @MERGE
    @Path("{path: .*}")
    public Response merge(@Context ContainerRequestContext request) {
        return handle(request, RequestBodies.read(request));
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@Context ContainerRequestContext request) {
        return handle(request, new byte[0]);
    }

    private Response handle(ContainerRequestContext request, byte[] body) {
        return forward(service, request, body, "Microsoft.Management.Odata.svc",
                (Principal) request.getProperty(AuthenticatedPrincipal.PROPERTY), Scope.unrestricted());
    }

    /**
     * Hands a request to the OData service in a scope. The service root is the request's path up to
     * and including {@code marker} (so it carries a subscription segment where the path has one), and
     * next links, IDs, {@code Location} headers and {@code odata.metadata} are built on it.
     */
    static Response forward(VmmODataService service, ContainerRequestContext request, byte[] body, String marker,
            Principal principal, Scope scope) {
        UriInfo uri = request.getUriInfo();
        String rawPath = uri.getPath(false);
        int at = rawPath.indexOf(marker);
        String prefix = rawPath.substring(0, at + marker.length());
        String rest = rawPath.substring(at + marker.length());
        if (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        String serviceRoot = uri.getBaseUri().toString() + prefix + "/";
        String query = uri.getRequestUri().getRawQuery();
        ODataHttpResponse res = service.handle(new ODataHttpRequest(request.getMethod(), serviceRoot, rest,
                query == null ? "" : query, request.getHeaders(), body == null ? new byte[0] : body, principal, scope));
        return toJaxRs(res);
    }

    static Response toJaxRs(ODataHttpResponse res) {
        Response.ResponseBuilder b = Response.status(res.status());
        for (Map.Entry<String, String> h : res.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        if (res.body() != ODataHttpResponse.EMPTY) {
            StreamingOutput out = res.body()::writeTo;
            b.entity(out);
        }
        return b.build();
    }
}
