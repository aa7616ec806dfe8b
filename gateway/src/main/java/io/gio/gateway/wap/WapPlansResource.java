package io.gio.gateway.wap;

import static io.gio.gateway.wap.WapApi.admin;
import static io.gio.gateway.wap.WapApi.bad;
import static io.gio.gateway.wap.WapApi.body;
import static io.gio.gateway.wap.WapApi.call;
import static io.gio.gateway.wap.WapApi.field;
import static io.gio.gateway.wap.WapApi.json;
import static io.gio.gateway.wap.WapApi.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.spf.SpfAdapter;
import io.gio.spf.tenancy.AddOn;
import io.gio.spf.tenancy.AddOnKind;
import io.gio.spf.tenancy.AddOnSpec;
import io.gio.spf.tenancy.Plan;
import io.gio.spf.tenancy.PlanSpec;
import io.gio.spf.tenancy.PlanState;
import io.gio.spf.tenancy.QuotaName;
import io.gio.spf.tenancy.QuotaSettings;
import io.gio.spf.tenancy.Usage;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * WAP's admin API for plans ({@code /plans}) and add-ons ({@code /addons}), admin token only.
 * Plan objects as WAP's (Id, DisplayName, State 0/1/2, ServiceQuotas with the VM Clouds XML
 * settings, SubscriptionCount, MaxSubscriptionsPerAccount, AddOnReferences, AddOns) plus GIO's
 * writable settings (Name, StampId, Quota, Actions, TemplateIds, HardwareProfileIds, VMNetworkIds,
 * MigrationAllowed, MaxCpuPerVm, MaxMemoryMBPerVm).
 */
public final class WapPlansResource {

    private final SpfAdapter adapter;
    private final WapJson json;

    public WapPlansResource(SpfAdapter adapter) {
        this.adapter = adapter;
        this.json = new WapJson(adapter);
    }

    /** The plans part, at {@code /plans}. */
    @Path("plans")
    public static final class Plans {
        private final WapPlansResource r;

        public Plans(SpfAdapter adapter) {
            this.r = new WapPlansResource(adapter);
        }

        @GET
        public Response list(@Context ContainerRequestContext req) {
            admin(req);
            return call(() -> {
                ArrayNode a = WapJson.array();
                r.adapter.plans().list().forEach(p -> a.add(r.json.plan(p)));
                return ok(a);
            });
        }

        @POST
        public Response create(@Context ContainerRequestContext req) {
            admin(req);
            byte[] raw = WapApi.read(req);
            return call(() -> {
                ObjectNode b = body(raw);
                String name = WapApi.text(b, "Name").or(() -> WapApi.text(b, "DisplayName")).map(String::trim)
                        .filter(s -> !s.isEmpty()).orElseThrow(() -> bad("DisplayName (or Name) is required."));
                UUID stamp = WapApi.uuid(b, "StampId").orElseThrow(() -> bad("StampId is required."));
                PlanSpec spec = r.apply(PlanSpec.of(name, stamp), b);
                Optional<UUID> id = WapApi.uuid(b, "Id");
                Plan p = id.isPresent() ? r.adapter.plans().create(id.get(), spec) : r.adapter.plans().create(spec);
                p = r.setAddOns(p, b);
                return Response.fromResponse(json(201, r.json.plan(p))).location(
                        req.getUriInfo().getAbsolutePathBuilder().path(p.id().toString()).build()).build();
            });
        }

        @GET
        @Path("{id}")
        public Response get(@Context ContainerRequestContext req, @PathParam("id") String id) {
            admin(req);
            return call(() -> ok(r.json.plan(r.adapter.plans().get(WapApi.uuid(id, "The plan ID")))));
        }

        @PUT
        @Path("{id}")
        public Response update(@Context ContainerRequestContext req, @PathParam("id") String id) {
            admin(req);
            byte[] raw = WapApi.read(req);
            return call(() -> {
                UUID planId = WapApi.uuid(id, "The plan ID");
                ObjectNode b = body(raw);
                Plan old = r.adapter.plans().get(planId);
                PlanSpec spec = r.apply(old.spec(), b);
                Plan p = spec.equals(old.spec()) ? old : r.adapter.plans().update(planId, spec);
                return ok(r.json.plan(r.setAddOns(p, b)));
            });
        }

        /**
         * WAP's {@code PUT /plans/{id}/Quota?sync=true} ({@code Update-MgmtSvcPlanQuota}): the plan's
         * VM Clouds quotas, as WAP's list of service quotas ({@code systemcenter}, with a
         * {@code Clouds} XML value or single keys) or an object of quotas. Quotas not given keep
         * their value; the subscriptions of the plan follow at once (there is nothing to sync).
         */
        @PUT
        @Path("{id}/{quota: (?i)quota}")
        public Response setQuota(@Context ContainerRequestContext req, @PathParam("id") String id) {
            admin(req);
            byte[] raw = WapApi.read(req);
            return call(() -> {
                UUID planId = WapApi.uuid(id, "The plan ID");
                Map<QuotaName, OptionalLong> values = WapSubscriptionsResource.quotaBody(raw);
                if (values.isEmpty()) {
                    throw bad("No quota given; name quotas such as RoleVMCount, RoleCPUCount, RoleMemoryMB, RoleStorageGB.");
                }
                Plan old = r.adapter.plans().get(planId);
                PlanSpec s = old.spec();
                PlanSpec spec = new PlanSpec(s.name(), s.displayName(), s.state(), s.stampId(), s.quota().with(values),
                        s.actions(), s.templateIds(), s.hardwareProfileIds(), s.vmNetworkIds(), s.migrationAllowed(),
                        s.maxCpuPerVm(), s.maxMemoryMbPerVm(), s.maxSubscriptionsPerAccount());
                return ok(r.json.plan(spec.equals(s) ? old : r.adapter.plans().update(planId, spec)));
            });
        }

        @POST
        @Path("{id}/addons")
        public Response attach(@Context ContainerRequestContext req, @PathParam("id") String id) {
            admin(req);
            byte[] raw = WapApi.read(req);
            return call(() -> {
                UUID addOn = WapApi.uuid(body(raw), "AddOnId").orElseThrow(() -> bad("AddOnId is required."));
                return ok(r.json.plan(r.adapter.plans().attachAddOn(WapApi.uuid(id, "The plan ID"), addOn)));
            });
        }

        @DELETE
        @Path("{id}/addons/{addOnId}")
        public Response detach(@Context ContainerRequestContext req, @PathParam("id") String id,
                @PathParam("addOnId") String addOnId) {
            admin(req);
            return call(() -> ok(r.json.plan(r.adapter.plans().detachAddOn(WapApi.uuid(id, "The plan ID"),
                    WapApi.uuid(addOnId, "The add-on ID")))));
        }
    }

    /** The add-ons part, at {@code /addons}. */
    @Path("addons")
    public static final class AddOns {
        private final WapPlansResource r;

        public AddOns(SpfAdapter adapter) {
            this.r = new WapPlansResource(adapter);
        }

        @GET
        public Response list(@Context ContainerRequestContext req) {
            admin(req);
            return call(() -> {
                ArrayNode a = WapJson.array();
                r.adapter.addOns().list().forEach(x -> a.add(r.json.addOn(x)));
                return ok(a);
            });
        }

        @POST
        public Response create(@Context ContainerRequestContext req) {
            admin(req);
            byte[] raw = WapApi.read(req);
            return call(() -> {
                ObjectNode b = body(raw);
                String name = WapApi.text(b, "Name").or(() -> WapApi.text(b, "DisplayName")).map(String::trim)
                        .filter(s -> !s.isEmpty()).orElseThrow(() -> bad("DisplayName (or Name) is required."));
                AddOnSpec spec = applyAddOn(new AddOnSpec(name, name, AddOnKind.PACK, Optional.empty(), Usage.NONE,
                        Set.of()), b);
                Optional<UUID> id = WapApi.uuid(b, "Id");
                AddOn a = id.isPresent() ? r.adapter.addOns().create(id.get(), spec) : r.adapter.addOns().create(spec);
                return Response.fromResponse(json(201, r.json.addOn(a))).location(
                        req.getUriInfo().getAbsolutePathBuilder().path(a.id().toString()).build()).build();
            });
        }

        @GET
        @Path("{id}")
        public Response get(@Context ContainerRequestContext req, @PathParam("id") String id) {
            admin(req);
            return call(() -> ok(r.json.addOn(r.adapter.addOns().get(WapApi.uuid(id, "The add-on ID")))));
        }

        @PUT
        @Path("{id}")
        public Response update(@Context ContainerRequestContext req, @PathParam("id") String id) {
            admin(req);
            byte[] raw = WapApi.read(req);
            return call(() -> {
                UUID addOnId = WapApi.uuid(id, "The add-on ID");
                AddOn old = r.adapter.addOns().get(addOnId);
                return ok(r.json.addOn(r.adapter.addOns().update(addOnId, applyAddOn(old.spec(), body(raw)))));
            });
        }
    }

    // ---- body -> spec

    /** {@code s} with every setting the body gives replaced (merge semantics). */
    PlanSpec apply(PlanSpec s, ObjectNode b) {
        String name = WapApi.text(b, "Name").orElse(s.name());
        String display = WapApi.text(b, "DisplayName").orElse(
                b.has("Name") && s.displayName().equals(s.name()) ? name : s.displayName());
        PlanState state = field(b, "State").filter(n -> !n.isNull()).map(WapPlansResource::planState)
                .orElse(s.state());
        UUID stamp = WapApi.uuid(b, "StampId").orElse(s.stampId());
        QuotaSettings quota = field(b, "Quota").filter(n -> !n.isNull())
                .map(q -> s.quota().with(quotas(q, "Quota"))).orElse(s.quota());
        // WAP's plan object carries its quotas as ServiceQuotas (the systemcenter service's settings)
        quota = field(b, "ServiceQuotas").filter(n -> !n.isNull() && !(n.isArray() && n.isEmpty()))
                .map(WapSubscriptionsResource::quotaNode).map(quota::with).orElse(quota);
        Set<String> actions = field(b, "Actions").filter(n -> !n.isNull()).map(WapPlansResource::strings)
                .orElse(s.actions());
        Set<UUID> templates = field(b, "TemplateIds").filter(n -> !n.isNull()).map(n -> uuids(n, "TemplateIds"))
                .orElse(s.templateIds());
        Set<UUID> profiles = field(b, "HardwareProfileIds").filter(n -> !n.isNull())
                .map(n -> uuids(n, "HardwareProfileIds")).orElse(s.hardwareProfileIds());
        Set<UUID> networks = field(b, "VMNetworkIds").filter(n -> !n.isNull()).map(n -> uuids(n, "VMNetworkIds"))
                .orElse(s.vmNetworkIds());
        boolean migration = WapApi.bool(b, "MigrationAllowed").orElse(s.migrationAllowed());
        var maxCpu = b.has("MaxCpuPerVm") ? WapApi.intLimit(b.get("MaxCpuPerVm"), "MaxCpuPerVm") : s.maxCpuPerVm();
        var maxMem = b.has("MaxMemoryMBPerVm") ? WapApi.intLimit(b.get("MaxMemoryMBPerVm"), "MaxMemoryMBPerVm")
                : s.maxMemoryMbPerVm();
        OptionalLong maxSubs = b.has("MaxSubscriptionsPerAccount")
                ? WapApi.limit(b.get("MaxSubscriptionsPerAccount"), "MaxSubscriptionsPerAccount")
                : s.maxSubscriptionsPerAccount();
        return new PlanSpec(name, display, state, stamp, quota, actions, templates, profiles, networks, migration,
                maxCpu, maxMem, maxSubs);
    }

    /** Makes the plan offer exactly the add-ons the body lists ({@code AddOnIds} or WAP's {@code AddOnReferences}). */
    Plan setAddOns(Plan p, ObjectNode b) {
        Optional<JsonNode> list = field(b, "AddOnIds", "AddOnReferences").filter(n -> !n.isNull());
        if (list.isEmpty()) {
            return p;
        }
        if (!list.get().isArray()) {
            throw bad("AddOnReferences must be an array.");
        }
        Set<UUID> wanted = new LinkedHashSet<>();
        for (JsonNode n : list.get()) {
            String id = n.isObject() ? WapApi.text(n, "AddOnId").orElseThrow(() -> bad("AddOnReferences[].AddOnId is required."))
                    : n.asText();
            wanted.add(WapApi.uuid(id, "AddOnId"));
        }
        for (UUID id : wanted) {
            adapter.addOns().get(id);
        }
        Plan out = p;
        for (UUID id : wanted) {
            if (!out.addOnIds().contains(id)) {
                out = adapter.plans().attachAddOn(p.id(), id);
            }
        }
        for (UUID id : p.addOnIds()) {
            if (!wanted.contains(id)) {
                out = adapter.plans().detachAddOn(p.id(), id);
            }
        }
        return out;
    }

    static AddOnSpec applyAddOn(AddOnSpec s, ObjectNode b) {
        String name = WapApi.text(b, "Name").orElse(s.name());
        String display = WapApi.text(b, "DisplayName").orElse(
                b.has("Name") && s.displayName().equals(s.name()) ? name : s.displayName());
        AddOnKind kind = WapApi.text(b, "Kind").map(k -> {
            for (AddOnKind x : AddOnKind.values()) {
                if (x.wireName().equalsIgnoreCase(k.trim())) {
                    return x;
                }
            }
            throw bad("Kind must be Pack or Backup, got '" + k + "'.");
        }).orElse(s.kind());
        Optional<String> description = b.has("Description") ? WapApi.text(b, "Description") : s.description();
        Usage inc = s.quotaIncrement();
        if (b.hasNonNull("QuotaIncrement")) {
            JsonNode q = b.get("QuotaIncrement");
            if (!q.isObject()) {
                throw bad("QuotaIncrement must be an object with VMCount, CPUCount, MemoryMB and StorageGB.");
            }
            inc = new Usage(increment(q, "VMCount", inc.vms()), increment(q, "CPUCount", inc.cores()),
                    increment(q, "MemoryMB", inc.memoryMb()), increment(q, "StorageGB", inc.storageGb()));
        }
        Set<UUID> templates = field(b, "TemplateIds").filter(n -> !n.isNull()).map(n -> uuids(n, "TemplateIds"))
                .orElse(s.templateIds());
        return new AddOnSpec(name, display, kind, description, inc, templates);
    }

    private static long increment(JsonNode q, String name, long old) {
        if (!q.has(name)) {
            return old;
        }
        OptionalLong v = WapApi.limit(q.get(name), "QuotaIncrement." + name);
        if (v.isEmpty()) {
            throw bad("QuotaIncrement." + name + " must be a whole number of 0 or more.");
        }
        return v.getAsLong();
    }

    static PlanState planState(JsonNode n) {
        for (PlanState s : PlanState.values()) {
            if ((n.isIntegralNumber() && n.asInt() == s.code())
                    || (n.isTextual() && (n.asText().trim().equalsIgnoreCase(s.wireName())
                            || n.asText().trim().equals(Integer.toString(s.code()))))) {
                return s;
            }
        }
        throw bad("State must be 0 (Private), 1 (Public) or 2 (Decommissioned), got " + n + ".");
    }

    /** Quota values by WAP/VMM name: {@code {"RoleVMCount": 10, "MemberCPUCount": null}}; null or -1 is unlimited. */
    static Map<QuotaName, OptionalLong> quotas(JsonNode q, String what) {
        if (!q.isObject()) {
            throw bad(what + " must be an object of quota names (RoleVMCount, MemberCPUCount, ...) and values.");
        }
        Map<QuotaName, OptionalLong> m = new EnumMap<>(QuotaName.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = q.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            QuotaName n = QuotaName.ofWireName(e.getKey());
            m.put(n, WapApi.limit(e.getValue(), n.wireName()));
        }
        return m;
    }

    static Set<String> strings(JsonNode n) {
        if (!n.isArray()) {
            throw bad("Actions must be an array of action names.");
        }
        Set<String> out = new LinkedHashSet<>();
        n.forEach(x -> {
            if (!x.isTextual()) {
                throw bad("Actions must be an array of action names.");
            }
            out.add(x.asText());
        });
        return out;
    }

    static Set<UUID> uuids(JsonNode n, String what) {
        if (!n.isArray()) {
            throw bad(what + " must be an array of GUIDs.");
        }
        Set<UUID> out = new LinkedHashSet<>();
        n.forEach(x -> out.add(WapApi.uuid(x.asText(), what + "[]")));
        return out;
    }
}
