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
import io.gio.spf.accounts.UserState;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * WAP's admin API for users ({@code /users}): list ({@code {items, filteredTotalCount,
 * totalCount}}, {@code skip}/{@code take}/{@code filter}), read, create a tenant user account with a
 * password (GIO: the gateway is its own authentication site) in a tenant, update one (WAP's User
 * object: {@code Email}, {@code State} 1 Active / 2 Suspended; GIO: {@code Password}) and delete one
 * ({@code deleteSubscriptions=true} deletes its subscriptions with their VMs first; 202).
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

    /**
     * Body {@code {"Name": "carol@contoso.example", "Password": "...", "TenantName": "Contoso"}}, or
     * {@code {"Name": "wap-rp", "Password": "...", "Role": "Provider"}} for an SPF provider account; 201.
     */
    @POST
    public Response create(@Context ContainerRequestContext req) {
        admin(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            ObjectNode b = body(raw);
            String name = WapApi.requiredText(b, "Name", "Email");
            String password = WapApi.text(b, "Password").orElseThrow(() -> WapApi.bad("Password is required."));
            String role = WapApi.text(b, "Role").map(String::trim).orElse("Tenant");
            Directory.User u;
            if (role.equalsIgnoreCase("Provider")) {
                u = adapter.directory().createProvider(name, password);
            } else if (role.equalsIgnoreCase("Tenant")) {
                u = adapter.directory().createTenantUser(name, password, WapApi.text(b, "TenantName"));
            } else {
                throw WapApi.bad("Role must be Tenant (a WAP tenant user) or Provider (an SPF provider account), not '"
                        + role + "'.");
            }
            return Response.fromResponse(json(201, WapJson.user(u))).location(
                    req.getUriInfo().getAbsolutePathBuilder().path(u.name()).build()).build();
        });
    }

    /**
     * WAP's update: the User object, {@code {"Name", "Email", "State", "ActivationSyncState"}}, of
     * which {@code Email} and {@code State} (1/{@code Active}, 2/{@code Suspended}) change; GIO also
     * takes a new {@code Password}. {@code Name}, when given, must be the user's: users are not
     * renamed. 200 with the user.
     */
    @PUT
    @Path("{name}")
    public Response update(@Context ContainerRequestContext req, @PathParam("name") String name) {
        admin(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            ObjectNode b = body(raw);
            Optional<String> given = WapApi.text(b, "Name").map(String::trim);
            if (given.isPresent() && !given.get().equals(name)) {
                throw WapApi.bad("Name '" + given.get() + "' is not the user's name '" + name
                        + "'; a user cannot be renamed.");
            }
            Optional<UserState> state = WapApi.field(b, "State").filter(n -> !n.isNull()).map(n -> {
                if (!n.isIntegralNumber() && !n.isTextual()) {
                    throw WapApi.bad("State must be 1 (Active) or 2 (Suspended).");
                }
                return UserState.settable(n.asText());
            });
            Directory.User u = adapter.directory().updateUser(name, WapApi.text(b, "Email"), state,
                    WapApi.text(b, "Password"));
            return ok(WapJson.user(u));
        });
    }

    /**
     * WAP's delete: 202, no body. A user holding subscriptions is refused with 409 naming them unless
     * {@code deleteSubscriptions=true}: then it is {@code DeletePending} (State 3, cannot sign in)
     * until its subscriptions, deleted with their VMs in the background, are gone, and goes with them.
     * {@code force} is accepted (true or false) and changes nothing: resources are never orphaned.
     */
    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext req, @PathParam("name") String name,
            @QueryParam("deleteSubscriptions") String deleteSubscriptions, @QueryParam("force") String force) {
        admin(req);
        return call(() -> {
            boolean withSubscriptions = WapApi.flag(deleteSubscriptions, "deleteSubscriptions");
            WapApi.flag(force, "force");
            adapter.accountRemoval().delete(name, withSubscriptions);
            return Response.status(202).build();
        });
    }
}
