package io.gio.gateway.wap;

import static io.gio.gateway.wap.WapApi.admin;
import static io.gio.gateway.wap.WapApi.bad;
import static io.gio.gateway.wap.WapApi.body;
import static io.gio.gateway.wap.WapApi.call;
import static io.gio.gateway.wap.WapApi.caller;
import static io.gio.gateway.wap.WapApi.field;
import static io.gio.gateway.wap.WapApi.json;
import static io.gio.gateway.wap.WapApi.ok;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Principal;
import io.gio.spf.tenancy.NewSubscription;
import io.gio.spf.tenancy.QuotaName;
import io.gio.spf.tenancy.Subscription;
import io.gio.spf.tenancy.SubscriptionFilter;
import io.gio.spf.tenancy.SubscriptionPage;
import io.gio.spf.tenancy.SubscriptionState;
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
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /subscriptions}, which WAP serves on two ports: its admin API (30004) and its tenant
 * API (30005/30006). Here one listener serves both and the caller's token decides: an admin
 * token gets the admin API ({@code {items, filteredTotalCount, totalCount}} of AdminSubscription
 * objects, create, update, delete, add-ons, quotas), a tenant token the tenant API (a JSON array of
 * the caller's own Subscription objects; another account's subscription is a 404).
 */
@Path("subscriptions")
public final class WapSubscriptionsResource {

    private static final Pattern CLOUD_QUOTA = Pattern.compile("<(\\w+)\\s*(?:/>|>([^<]*)</\\1>)");

    private final SpfAdapter adapter;
    private final WapJson json;

    public WapSubscriptionsResource(SpfAdapter adapter) {
        this.adapter = adapter;
        this.json = new WapJson(adapter);
    }

    @GET
    public Response list(@Context ContainerRequestContext req, @QueryParam("skip") String skip,
            @QueryParam("$skip") String oSkip, @QueryParam("take") String take, @QueryParam("$top") String top,
            @QueryParam("planId") String planId, @QueryParam("filter") String filter,
            @QueryParam("accountAdminLiveEmailId") String account, @QueryParam("userId") String userId,
            @QueryParam("state") String state) {
        Principal p = caller(req);
        return call(() -> {
            if (!p.isAdmin()) {
                ArrayNode a = WapJson.array();
                adapter.subscriptions().listForAccount(p.name()).forEach(s -> a.add(json.tenantSubscription(s)));
                return ok(a);
            }
            int s = WapApi.paging(skip, oSkip, "skip", 0, 0, Integer.MAX_VALUE);
            int t = WapApi.paging(take, top, "take", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
            SubscriptionFilter f = SubscriptionFilter.ALL;
            if (planId != null && !planId.isBlank()) {
                f = f.withPlan(WapApi.uuid(planId, "planId"));
            }
            String acct = account != null ? account : userId;
            if (acct != null && !acct.isBlank()) {
                f = f.withAccount(acct.trim());
            }
            if (filter != null && !filter.isBlank()) {
                f = f.withNameContaining(filter.trim());
            }
            if (state != null && !state.isBlank()) {
                f = f.withState(subscriptionState(WapApi.JSON.getNodeFactory().textNode(state.trim()), "state"));
            }
            SubscriptionPage page = adapter.subscriptions().list(f, s, t);
            ObjectNode o = WapJson.object();
            ArrayNode items = o.putArray("items");
            page.items().forEach(x -> items.add(json.adminSubscription(x)));
            o.put("filteredTotalCount", page.filteredTotalCount());
            o.put("totalCount", page.totalCount());
            return ok(o);
        });
    }

    @POST
    public Response create(@Context ContainerRequestContext req) {
        admin(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            ObjectNode b = body(raw);
            String name = WapApi.requiredText(b, "SubscriptionName", "FriendlyName");
            String account = WapApi.requiredText(b, "AccountAdminLiveEmailId");
            UUID plan = WapApi.uuid(b, "PlanId").orElseThrow(() -> bad("PlanId is required."));
            Optional<UUID> id = WapApi.uuid(b, "SubscriptionID", "SubscriptionId");
            if (!adapter.accounts().exists(account)) {
                throw bad("AccountAdminLiveEmailId: there is no user '" + account + "'; create it with POST /users.");
            }
            adapter.plans().get(plan);
            Subscription s = adapter.subscriptions().create(new NewSubscription(id, name, account, plan,
                    WapApi.uuid(b, "CloudId"), WapApi.uuid(b, "UserRoleId")));
            s = applyAddOns(s, b);
            Optional<UUID> successor = WapApi.uuid(b, "SuccessorSubscriptionId");
            if (successor.isPresent()) {
                s = adapter.subscriptions().linkSuccessor(s.id(), successor.get());
            }
            return Response.fromResponse(json(201, json.adminSubscription(s))).location(
                    req.getUriInfo().getAbsolutePathBuilder().path(s.id().toString()).build()).build();
        });
    }

    @GET
    @Path("{id}")
    public Response get(@Context ContainerRequestContext req, @PathParam("id") String id) {
        Principal p = caller(req);
        return call(() -> {
            Subscription s = visible(p, id);
            return ok(p.isAdmin() ? json.adminSubscription(s) : json.tenantSubscription(s));
        });
    }

    /** Updates the state (1/2 or Active/Suspended; 3/Deleting deletes), the name and the successor link. */
    @PUT
    @Path("{id}")
    public Response update(@Context ContainerRequestContext req, @PathParam("id") String id) {
        admin(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            UUID sid = WapApi.uuid(id, "The subscription ID");
            ObjectNode b = body(raw);
            Subscription s = adapter.subscriptions().get(sid);
            Optional<String> name = WapApi.text(b, "SubscriptionName", "FriendlyName");
            if (name.isPresent() && !name.get().equals(s.name())) {
                s = adapter.subscriptions().rename(sid, name.get());
            }
            Optional<JsonNode> state = field(b, "State").filter(n -> !n.isNull());
            boolean delete = false;
            if (state.isPresent()) {
                SubscriptionState st = subscriptionState(state.get(), "State");
                if (st == SubscriptionState.DELETING && s.state() != st) {
                    delete = true; // last, once the other changes are made
                } else if (st != s.state()) {
                    s = adapter.subscriptions().setState(sid, st);
                }
            }
            if (b.has("SuccessorSubscriptionId")) {
                Optional<UUID> next = WapApi.uuid(b, "SuccessorSubscriptionId");
                if (next.isPresent() && !next.equals(s.successorId())) {
                    s = adapter.subscriptions().linkSuccessor(sid, next.get());
                } else if (next.isEmpty() && s.successorId().isPresent()) {
                    s = adapter.subscriptions().unlinkSuccessor(sid);
                }
            }
            if (b.has("AddOnReferences") || b.has("AddOnIds")) {
                s = applyAddOns(s, b);
            }
            if (delete) {
                return ok(adapter.subscriptionRemoval().request(sid, json::adminSubscription));
            }
            return ok(json.adminSubscription(s));
        });
    }

    /**
     * WAP's delete: 202 with the subscription in state 3 (Deleting), at once; in the background its
     * VMs are turned off and deleted, then its cloud and user role are cleaned and it is gone (404).
     * Asking again retries a removal that got stuck ({@code LastErrorMessage}). {@code force} is
     * accepted (true or false) and changes nothing: the VMs are always removed, never orphaned.
     */
    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext req, @PathParam("id") String id,
            @QueryParam("force") String force) {
        admin(req);
        return call(() -> {
            WapApi.flag(force, "force");
            return json(202, adapter.subscriptionRemoval().request(WapApi.uuid(id, "The subscription ID"),
                    json::adminSubscription));
        });
    }

    @POST
    @Path("{id}/addons")
    public Response addAddOn(@Context ContainerRequestContext req, @PathParam("id") String id) {
        admin(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            UUID addOn = WapApi.uuid(body(raw), "AddOnId").orElseThrow(() -> bad("AddOnId is required."));
            return ok(json.adminSubscription(
                    adapter.subscriptions().addAddOn(WapApi.uuid(id, "The subscription ID"), addOn)));
        });
    }

    @DELETE
    @Path("{id}/addons/{addOnId}")
    public Response removeAddOn(@Context ContainerRequestContext req, @PathParam("id") String id,
            @PathParam("addOnId") String addOnId) {
        admin(req);
        return call(() -> ok(json.adminSubscription(adapter.subscriptions().removeAddOn(
                WapApi.uuid(id, "The subscription ID"), WapApi.uuid(addOnId, "The add-on ID")))));
    }

    @GET
    @Path("{id}/quota")
    public Response quota(@Context ContainerRequestContext req, @PathParam("id") String id) {
        Principal p = caller(req);
        return call(() -> ok(json.subscriptionQuota(visible(p, id))));
    }

    /**
     * WAP's {@code PUT /subscriptions/{id}/quota?sync=true}: quotas set on the subscription itself,
     * replacing the plan's (plus add-ons). Body: {@code {"RoleVMCount": 10, ...}} (also under
     * {@code "Quota"}), or WAP's list of service quotas
     * {@code [{"ServiceName":"systemcenter","Settings":[{"Key":"RoleVMCount","Value":"10"}|{"Key":"Clouds","Value":"<Clouds>..."}]}]}.
     * null, "" or -1 is unlimited. Quotas not given keep their value.
     */
    @PUT
    @Path("{id}/quota")
    public Response setQuota(@Context ContainerRequestContext req, @PathParam("id") String id) {
        admin(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            UUID sid = WapApi.uuid(id, "The subscription ID");
            Map<QuotaName, OptionalLong> values = quotaBody(raw);
            if (values.isEmpty()) {
                throw bad("No quota given; name quotas such as RoleVMCount, RoleCPUCount, RoleMemoryMB, RoleStorageGB.");
            }
            adapter.quotas().setOverrides(sid, values);
            return ok(json.subscriptionQuota(adapter.subscriptions().get(sid)));
        });
    }

    /** Removes the subscription's own quotas ({@code ?quota=RoleVMCount&quota=...}, or all): the plan's apply again. */
    @DELETE
    @Path("{id}/quota")
    public Response clearQuota(@Context ContainerRequestContext req, @PathParam("id") String id,
            @QueryParam("quota") List<String> names) {
        admin(req);
        return call(() -> {
            UUID sid = WapApi.uuid(id, "The subscription ID");
            Set<QuotaName> q = EnumSet.noneOf(QuotaName.class);
            if (names == null || names.isEmpty()) {
                q.addAll(EnumSet.allOf(QuotaName.class));
            } else {
                names.forEach(n -> q.add(QuotaName.ofWireName(n)));
            }
            adapter.quotas().clearOverrides(sid, q);
            return ok(json.subscriptionQuota(adapter.subscriptions().get(sid)));
        });
    }

    // ----

    /** The subscription if the caller may see it: the admin any, a tenant its own; 404 alike otherwise. */
    private Subscription visible(Principal p, String id) {
        UUID sid = WapApi.uuid(id, "The subscription ID");
        Optional<Subscription> s = adapter.subscriptions().find(sid);
        if (s.isEmpty() || !s.get().heldBy(p)) {
            throw SpfException.notFound("There is no subscription with ID " + sid + ".");
        }
        return s.get();
    }

    private Subscription applyAddOns(Subscription s, ObjectNode b) {
        Optional<JsonNode> list = field(b, "AddOnIds", "AddOnReferences").filter(n -> !n.isNull());
        if (list.isEmpty()) {
            return s;
        }
        if (!list.get().isArray()) {
            throw bad("AddOnReferences must be an array.");
        }
        Set<UUID> wanted = new java.util.LinkedHashSet<>();
        for (JsonNode n : list.get()) {
            String v = n.isObject() ? WapApi.text(n, "AddOnId")
                    .orElseThrow(() -> bad("AddOnReferences[].AddOnId is required.")) : n.asText();
            wanted.add(WapApi.uuid(v, "AddOnId"));
        }
        Subscription out = s;
        for (UUID a : wanted) {
            if (!out.addOnIds().contains(a)) {
                out = adapter.subscriptions().addAddOn(s.id(), a);
            }
        }
        for (UUID a : s.addOnIds()) {
            if (!wanted.contains(a)) {
                out = adapter.subscriptions().removeAddOn(s.id(), a);
            }
        }
        return out;
    }

    static SubscriptionState subscriptionState(JsonNode n, String what) {
        for (SubscriptionState s : SubscriptionState.values()) {
            if ((n.isIntegralNumber() && n.asInt() == s.code())
                    || (n.isTextual() && (n.asText().trim().equalsIgnoreCase(s.wireName())
                            || n.asText().trim().equals(Integer.toString(s.code()))))) {
                return s;
            }
        }
        throw bad(what + " must be 1 (Active), 2 (Suspended) or 3 (Deleting), got " + n + ".");
    }

    static Map<QuotaName, OptionalLong> quotaBody(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw bad("A JSON body with the quotas is required.");
        }
        JsonNode n;
        try {
            n = WapApi.JSON.readTree(new String(raw, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw bad("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        return quotaNode(n);
    }

    /**
     * Quotas from a parsed body: {@code {"Quota": {...}}}, an object of quotas, WAP's
     * {@code {"ServiceQuotas": [...]}}, or the list of service quotas itself.
     */
    static Map<QuotaName, OptionalLong> quotaNode(JsonNode n) {
        if (n != null && n.isObject() && n.has("Quota")) {
            return WapPlansResource.quotas(n.get("Quota"), "Quota");
        }
        if (n != null && n.isObject() && n.has("ServiceQuotas")) {
            n = n.get("ServiceQuotas");
        }
        if (n != null && n.isObject()) {
            return WapPlansResource.quotas(n, "The body");
        }
        if (n == null || !n.isArray()) {
            throw bad("The body must be an object of quotas or a list of service quotas.");
        }
        Map<QuotaName, OptionalLong> m = new EnumMap<>(QuotaName.class);
        for (JsonNode sq : n) {
            String service = WapApi.text(sq, "ServiceName").orElse(WapJson.SERVICE);
            if (!service.equalsIgnoreCase(WapJson.SERVICE)) {
                throw bad("ServiceName '" + service + "' is not offered here; only '" + WapJson.SERVICE + "' is.");
            }
            JsonNode settings = sq.get("Settings");
            if (settings == null || !settings.isArray()) {
                throw bad("ServiceQuotas[].Settings must be a list of {Key, Value}.");
            }
            for (JsonNode kv : settings) {
                String key = WapApi.requiredText(kv, "Key");
                JsonNode value = kv.get("Value");
                if (key.equalsIgnoreCase("Clouds")) {
                    Matcher mm = CLOUD_QUOTA.matcher(value == null ? "" : value.asText());
                    while (mm.find()) {
                        if (mm.group(1).equals("Quota") || mm.group(1).equals("Clouds") || mm.group(1).equals("Cloud")) {
                            continue;
                        }
                        QuotaName q = QuotaName.ofWireName(mm.group(1));
                        m.put(q, WapApi.limit(WapApi.JSON.getNodeFactory().textNode(
                                mm.group(2) == null ? "" : mm.group(2)), q.wireName()));
                    }
                } else {
                    QuotaName q = QuotaName.ofWireName(key);
                    m.put(q, WapApi.limit(value, q.wireName()));
                }
            }
        }
        return m;
    }
}
