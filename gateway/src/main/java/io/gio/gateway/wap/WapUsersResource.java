package io.gio.gateway.wap;

import static io.gio.gateway.wap.WapApi.admin;
import static io.gio.gateway.wap.WapApi.body;
import static io.gio.gateway.wap.WapApi.call;
import static io.gio.gateway.wap.WapApi.json;
import static io.gio.gateway.wap.WapApi.ok;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Directory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * WAP's admin API for users ({@code /users}): list ({@code {items, filteredTotalCount,
 * totalCount}}, {@code skip}/{@code take}/{@code filter}), read, and create a tenant user account
 * with a password (GIO: the gateway is its own authentication site) in a tenant.
 */
@Path("users")
public final class WapUsersResource {

    private final SpfAdapter adapter;

    public WapUsersResource(SpfAdapter adapter) {
        this.adapter = adapter;
    }

    @GET
    public Response list(@Context ContainerRequestContext req, @QueryParam("skip") String skip,
            @QueryParam("$skip") String oSkip, @QueryParam("take") String take, @QueryParam("$top") String top,
            @QueryParam("filter") String filter) {
        admin(req);
        return call(() -> {
            int s = WapApi.paging(skip, oSkip, "skip", 0, 0, Integer.MAX_VALUE);
            int t = WapApi.paging(take, top, "take", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
            Directory.UserPage page = adapter.directory().users(
                    Optional.ofNullable(filter).map(String::trim).filter(f -> !f.isEmpty()), s, t);
            ObjectNode o = WapJson.object();
            ArrayNode items = o.putArray("items");
            page.items().forEach(u -> items.add(WapJson.user(u)));
            o.put("filteredTotalCount", page.filteredTotalCount());
            o.put("totalCount", page.totalCount());
            return ok(o);
        });
    }

    @GET
    @Path("{name}")
    public Response get(@Context ContainerRequestContext req, @PathParam("name") String name) {
        admin(req);
        return call(() -> ok(WapJson.user(adapter.directory().user(name)
                .orElseThrow(() -> SpfException.notFound("There is no user '" + name + "'.")))));
    }

    /** Body {@code {"Name": "carol@contoso.example", "Password": "...", "TenantName": "Contoso"}}; 201. */
    @POST
    public Response create(@Context ContainerRequestContext req) {
        admin(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            ObjectNode b = body(raw);
            String name = WapApi.requiredText(b, "Name", "Email");
            String password = WapApi.text(b, "Password").orElseThrow(() -> WapApi.bad("Password is required."));
            Directory.User u = adapter.directory().createTenantUser(name, password, WapApi.text(b, "TenantName"));
            return Response.fromResponse(json(201, WapJson.user(u))).location(
                    req.getUriInfo().getAbsolutePathBuilder().path(u.name()).build()).build();
        });
    }
}
