package io.gio.gateway.wap;

import io.gio.cluster.spi.Stamp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.cluster.spi.Stamp;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Directory;
import io.gio.spf.tenancy.AddOn;
import io.gio.spf.tenancy.EffectiveQuota;
import io.gio.spf.tenancy.Plan;
import io.gio.spf.tenancy.PlanSpec;
import io.gio.spf.tenancy.QuotaName;
import io.gio.spf.tenancy.QuotaSettings;
import io.gio.spf.tenancy.Subscription;
import io.gio.spf.tenancy.Usage;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.UUID;

/**
 * WAP's JSON shapes (spec 5; MSDN Plan, PlanAddOn, AdminSubscription, Subscription, User objects)
 * with GIO's own settings next to them. Numeric codes as WAP has them: plan {@code State} 0
 * Private, 1 Public, 2 Decommissioned; subscription {@code State} 1 Active, 2 Suspended, 3 Deleting.
 * The admin's subscription objects say {@code SubscriptionID} (AdminSubscription), the tenant's
 * {@code SubscriptionId} (Subscription, common object).
 */
final class WapJson {

    /** WAP's resource provider name for VM Clouds. */
    static final String SERVICE = "systemcenter";
    static final String ADMIN_SUBSCRIPTION_ID = "SubscriptionID";
    static final String TENANT_SUBSCRIPTION_ID = "SubscriptionId";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final SpfAdapter adapter;

    WapJson(SpfAdapter adapter) {
        this.adapter = adapter;
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static ArrayNode array() {
        return F.arrayNode();
    }

    static String time(Instant i) {
        return i.toString();
    }

    // ---- quotas

    /** {@code {"RoleVMCount": 200, "MemberVMCount": null, ...}}: null is unlimited. */
    static ObjectNode quota(Map<QuotaName, OptionalLong> q) {
        ObjectNode o = object();
        for (QuotaName n : QuotaName.values()) {
            OptionalLong v = q.get(n);
            if (v != null && v.isPresent()) {
                o.put(n.wireName(), v.getAsLong());
            } else if (v != null) {
                o.putNull(n.wireName());
            }
        }
        return o;
    }

    static ObjectNode usage(Usage u) {
        return object().put("VMCount", u.vms()).put("CPUCount", u.cores()).put("MemoryMB", u.memoryMb())
                .put("StorageGB", u.storageGb());
    }

    /** WAP's {@code Clouds} quota setting: an XML string, an empty element is unlimited. */
    static String cloudsXml(UUID cloudId, UUID stampId, QuotaSettings q) {
        StringBuilder b = new StringBuilder("<Clouds><Cloud");
        if (cloudId != null) {
            b.append(" Id=\"").append(cloudId).append('"');
        }
        b.append(" StampId=\"").append(stampId).append("\"><Quota>");
        for (QuotaName n : QuotaName.values()) {
            OptionalLong v = q.get(n);
            if (v.isPresent()) {
                b.append('<').append(n.wireName()).append('>').append(v.getAsLong()).append("</")
                        .append(n.wireName()).append('>');
            } else {
                b.append('<').append(n.wireName()).append("/>");
            }
        }
        return b.append("</Quota></Cloud></Clouds>").toString();
    }

    static String actionsXml(UUID stampId, Collection<String> actions) {
        StringBuilder b = new StringBuilder("<Actions><Stamp Id=\"").append(stampId).append("\">");
        for (String a : new TreeSet<>(actions)) {
            b.append("<Action>").append(a).append("</Action>");
        }
        return b.append("</Stamp></Actions>").toString();
    }

    static String resourcesXml(UUID stampId, Collection<UUID> templates, Collection<UUID> profiles) {
        StringBuilder b = new StringBuilder("<Resources>");
        for (UUID t : new TreeSet<>(templates)) {
            b.append("<VmTemplate Id=\"").append(t).append("\" StampId=\"").append(stampId).append("\"/>");
        }
        for (UUID h : new TreeSet<>(profiles)) {
            b.append("<HardwareProfile Id=\"").append(h).append("\" StampId=\"").append(stampId).append("\"/>");
        }
        return b.append("</Resources>").toString();
    }

    static String networksXml(UUID stampId, Collection<UUID> networks) {
        StringBuilder b = new StringBuilder("<Networks>");
        for (UUID n : new TreeSet<>(networks)) {
            b.append("<Network Id=\"").append(n).append("\" StampId=\"").append(stampId).append("\"/>");
        }
        return b.append("</Networks>").toString();
    }

    private static ArrayNode settings(String clouds, String actions, String resources, String networks) {
        ArrayNode s = array();
        s.add(object().put("Key", "Clouds").put("Value", clouds));
        s.add(object().put("Key", "Actions").put("Value", actions));
        s.add(object().put("Key", "VmResources").put("Value", resources));
        s.add(object().put("Key", "Networks").put("Value", networks));
        return s;
    }

    // ---- add-ons

    ObjectNode addOn(AddOn a) {
        ObjectNode o = object();
        o.put("Id", a.id().toString());
        o.put("Name", a.name());
        o.put("DisplayName", a.spec().displayName());
        o.put("State", 1);
        o.put("ConfigState", 1);
        o.put("QuotaSyncState", 0);
        o.putNull("LastErrorMessage");
        o.put("Kind", a.spec().kind().wireName());
        if (a.spec().description().isPresent()) {
            o.put("Description", a.spec().description().get());
        } else {
            o.putNull("Description");
        }
        o.set("QuotaIncrement", usage(a.spec().quotaIncrement()));
        ArrayNode t = o.putArray("TemplateIds");
        new TreeSet<>(a.spec().templateIds()).forEach(id -> t.add(id.toString()));
        o.put("Created", time(a.created()));
        return o;
    }

    // ---- plans

    ObjectNode plan(Plan p) {
        PlanSpec s = p.spec();
        ObjectNode o = object();
        o.put("Id", p.id().toString());
        o.put("DisplayName", s.displayName());
        o.put("State", s.state().code());
        o.put("ConfigState", 1);
        o.put("QuotaSyncState", 0);
        o.putNull("LastErrorMessage");
        o.putArray("Advertisements");
        ArrayNode sq = o.putArray("ServiceQuotas");
        sq.add(object().put("ServiceName", SERVICE).set("Settings",
                settings(cloudsXml(null, s.stampId(), s.quota()), actionsXml(s.stampId(), s.actions()),
                        resourcesXml(s.stampId(), s.templateIds(), s.hardwareProfileIds()),
                        networksXml(s.stampId(), s.vmNetworkIds()))));
        o.put("SubscriptionCount", p.subscriptionCount());
        o.put("MaxSubscriptionsPerAccount",
                s.maxSubscriptionsPerAccount().isPresent() ? s.maxSubscriptionsPerAccount().getAsLong() : -1);
        ArrayNode refs = o.putArray("AddOnReferences");
        ArrayNode addOns = o.putArray("AddOns");
        for (UUID id : p.addOnIds()) {
            refs.add(object().put("AddOnId", id.toString()).putNull("AddOnInstanceId"));
            adapter.addOns().find(id).ifPresent(a -> addOns.add(addOn(a)));
        }
        o.putNull("InvitationCode");
        o.putNull("Price");
        // GIO's own settings, readable and writable as such.
        o.put("Name", s.name());
        o.put("StampId", s.stampId().toString());
        o.set("Quota", quota(s.quota().asMap()));
        ArrayNode actions = o.putArray("Actions");
        new TreeSet<>(s.actions()).forEach(actions::add);
        ids(o.putArray("TemplateIds"), s.templateIds());
        ids(o.putArray("HardwareProfileIds"), s.hardwareProfileIds());
        ids(o.putArray("VMNetworkIds"), s.vmNetworkIds());
        o.put("MigrationAllowed", s.migrationAllowed());
        putInt(o, "MaxCpuPerVm", s.maxCpuPerVm().isPresent() ? s.maxCpuPerVm().getAsInt() : null);
        putInt(o, "MaxMemoryMBPerVm", s.maxMemoryMbPerVm().isPresent() ? s.maxMemoryMbPerVm().getAsInt() : null);
        o.put("Created", time(p.created()));
        o.put("Modified", time(p.modified()));
        return o;
    }

    private static void ids(ArrayNode a, Collection<UUID> ids) {
        new TreeSet<>(ids).forEach(id -> a.add(id.toString()));
    }

    private static void putInt(ObjectNode o, String name, Integer v) {
        if (v == null) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }

    // ---- subscriptions

    /** The admin's AdminSubscription object. */
    ObjectNode adminSubscription(Subscription s) {
        return subscription(s, ADMIN_SUBSCRIPTION_ID, true);
    }

    /** The tenant's Subscription object (common object). */
    ObjectNode tenantSubscription(Subscription s) {
        return subscription(s, TENANT_SUBSCRIPTION_ID, false);
    }

    private static Integer min(Integer stamp, java.util.OptionalInt plan) {
        if (plan.isEmpty()) {
            return stamp;
        }
        return stamp == null ? plan.getAsInt() : Math.min(stamp, plan.getAsInt());
    }

    private ObjectNode subscription(Subscription s, String idName, boolean admin) {
        EffectiveQuota q = adapter.quotas().effective(s.id());
        ObjectNode o = object();
        o.put(idName, s.id().toString());
        o.put("SubscriptionName", s.name());
        o.put("AccountAdminLiveEmailId", s.accountName());
        o.put("ServiceAdminLiveEmailId", s.accountName());
        o.putArray("CoAdminNames");
        ArrayNode refs = o.putArray("AddOnReferences");
        ArrayNode addOns = o.putArray("AddOns");
        Map<UUID, AddOn> cache = new HashMap<>();
        for (UUID id : s.addOnIds()) {
            refs.add(object().put("AddOnId", id.toString()).putNull("AddOnInstanceId"));
            adapter.addOns().find(id).ifPresent(a -> {
                cache.put(id, a);
                addOns.add(addOn(a));
            });
        }
        o.put("State", s.state().code());
        o.put("QuotaSyncState", 0);
        o.put("ActivationSyncState", 0);
        o.put("PlanId", s.planId().toString());
        ArrayNode services = o.putArray("Services");
        ObjectNode svc = object();
        svc.put("Type", SERVICE);
        svc.put("State", "registered");
        svc.put("QuotaSyncState", 0);
        svc.put("ActivationSyncState", 0);
        svc.set("BaseQuotaSettings", settings(cloudsXml(s.cloudId(), s.stampId(), q.quota()),
                actionsXml(s.stampId(), q.actions()),
                resourcesXml(s.stampId(), q.templateIds(), q.hardwareProfileIds()),
                networksXml(s.stampId(), q.vmNetworkIds())));
        services.add(svc);
        o.put("LastErrorMessage", adapter.subscriptionLastError(s.id()).orElse(null));
        o.putNull("Features");
        o.put("OfferFriendlyName", s.planName());
        o.putNull("OfferCategory");
        o.put("Created", time(s.created()));
        // GIO: where the subscription lives and its migration link.
        o.put("StampId", s.stampId().toString());
        o.put("CloudId", s.cloudId().toString());
        o.put("UserRoleId", s.userRoleId().toString());
        o.put("UserRoleName", s.userRoleName());
        if (s.successorId().isPresent()) {
            o.put("SuccessorSubscriptionId", s.successorId().get().toString());
        } else {
            o.putNull("SuccessorSubscriptionId");
        }
        var pred = adapter.subscriptions().predecessor(s.id());
        if (pred.isPresent()) {
            o.put("PredecessorSubscriptionId", pred.get().id().toString());
        } else {
            o.putNull("PredecessorSubscriptionId");
        }
        o.set("Quota", quota(q.quota().asMap()));
        o.put("MigrationAllowed", q.migrationAllowed());
        o.put("BackupAllowed", q.backupAllowed());
        // GIO: the stamp by name, and the largest VM the plan and the stamp's generation allow.
        Optional<Stamp> stamp = adapter.driver().stamps().stream().filter(x -> x.id().equals(s.stampId())).findFirst();
        o.put("StampName", stamp.map(Stamp::name).orElse(null));
        Integer cpu = stamp.map(x -> x.generation().maxCpuPerVm()).orElse(null);
        Integer mem = stamp.map(x -> x.generation().maxMemoryMbPerVm()).orElse(null);
        putInt(o, "MaxCpuPerVm", min(cpu, q.maxCpuPerVm()));
        putInt(o, "MaxMemoryMBPerVm", min(mem, q.maxMemoryMbPerVm()));
        if (admin) {
            o.put("TenantId", s.tenantId().map(UUID::toString).orElse(null));
            o.put("Modified", time(s.modified()));
        }
        return o;
    }

    /** A subscription's quotas: effective, its own overrides, and what its VMs use. */
    ObjectNode subscriptionQuota(Subscription s) {
        EffectiveQuota q = adapter.quotas().effective(s.id());
        ObjectNode o = object();
        o.put(ADMIN_SUBSCRIPTION_ID, s.id().toString());
        o.set("Quota", quota(q.quota().asMap()));
        o.set("Overrides", quota(adapter.quotas().overrides(s.id())));
        o.set("Usage", usage(adapter.quotas().usage(s.id())));
        ArrayNode sq = o.putArray("ServiceQuotas");
        sq.add(object().put("ServiceName", SERVICE).set("Settings", array()
                .add(object().put("Key", "Clouds").put("Value", cloudsXml(s.cloudId(), s.stampId(), q.quota())))));
        return o;
    }

    // ---- users

    static ObjectNode user(Directory.User u) {
        ObjectNode o = object();
        o.put("Name", u.name());
        o.put("Email", u.email());
        o.put("State", u.state().code());
        o.put("CreatedDate", time(u.created()));
        o.put("SubscriptionCount", u.subscriptionCount());
        o.put("ActivationSyncState", 0);
        o.put("LoginDisabled", u.state() != io.gio.spf.accounts.UserState.ACTIVE);
        o.put("Role", switch (u.role()) {
            case ADMIN -> "Admin";
            case PROVIDER -> "Provider";
            case TENANT -> "Tenant";
        });
        o.put("TenantId", u.tenantId().map(UUID::toString).orElse(null));
        o.put("TenantName", u.tenantName().orElse(null));
        return o;
    }
}
