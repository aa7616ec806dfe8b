package io.gio.spf.demo;

import io.gio.cluster.spi.Stamp;
import io.gio.spf.tenancy.AddOnKind;
import io.gio.spf.tenancy.AddOnSpec;
import io.gio.spf.tenancy.AddOns;
import io.gio.spf.tenancy.NewSubscription;
import io.gio.spf.tenancy.PlanActions;
import io.gio.spf.tenancy.PlanSpec;
import io.gio.spf.tenancy.PlanState;
import io.gio.spf.tenancy.Plans;
import io.gio.spf.tenancy.QuotaLimits;
import io.gio.spf.tenancy.QuotaSettings;
import io.gio.spf.tenancy.Subscriptions;
import io.gio.spf.tenancy.Usage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The demo's WAP model: the add-ons (the Active Directory, SQL Server, RDS and XenApp packs, and
 * Backup), plan {@code V1 Standard} on GIO-V1 and plan {@code V2 Premium} on GIO-V2 (higher
 * limits, migration allowed), and for each demo tenant a V1 subscription bound to its GIO-V1
 * cloud, linked to its successor, a V2 subscription bound to its GIO-V2 cloud.
 */
public final class DemoTenancy {

    public static final String V1_PLAN = "V1 Standard";
    public static final String V2_PLAN = "V2 Premium";
    static final String BACKUP = "Backup";

    /** A pack and the templates it unlocks (the Windows Server 2008 R2 images the packs were built on). */
    private record Pack(String name, String description, Usage increment) {}

    private static final List<Pack> PACKS = List.of(
            new Pack("Active Directory Pack", "Domain controllers on Windows Server", new Usage(2, 4, 8192, 200)),
            new Pack("SQL Server Pack", "SQL Server database servers", new Usage(2, 8, 32768, 1000)),
            new Pack("RDS Pack", "Remote Desktop Services session hosts", new Usage(4, 16, 65536, 500)),
            new Pack("XenApp Pack", "Citrix XenApp application servers", new Usage(4, 16, 65536, 500)));

    /** The add-ons each demo tenant's subscriptions hold. */
    private static final Map<String, List<String>> HELD = Map.of(
            "Contoso", List.of(BACKUP, "Active Directory Pack", "SQL Server Pack"),
            "Fabrikam", List.of("RDS Pack"));

    private final Plans plans;
    private final AddOns addOns;
    private final Subscriptions subscriptions;

    public DemoTenancy(Plans plans, AddOns addOns, Subscriptions subscriptions) {
        this.plans = plans;
        this.addOns = addOns;
        this.subscriptions = subscriptions;
    }

    public static UUID planId(String name) {
        return DemoCatalog.id("plan", name);
    }

    public static UUID addOnId(String name) {
        return DemoCatalog.id("addon", name);
    }

    /** The ID of a demo tenant's subscription on plan V1 Standard ({@code v2 = false}) or V2 Premium. */
    public static UUID subscriptionId(String tenant, boolean v2) {
        return DemoCatalog.id("subscription", tenant, v2 ? "v2" : "v1");
    }

    void seed(Stamp old, Stamp target) {
        Set<UUID> packTemplates = Set.of(DemoCatalog.templateId(old, "ws2008r2"),
                DemoCatalog.templateId(target, "ws2008r2"));
        for (Pack p : PACKS) {
            addOns.create(addOnId(p.name()), new AddOnSpec(p.name(), p.name(), AddOnKind.PACK,
                    Optional.of(p.description()), p.increment(), packTemplates));
        }
        addOns.create(addOnId(BACKUP), new AddOnSpec(BACKUP, "System backup", AddOnKind.BACKUP,
                Optional.of("Full backups of the VMs' disks (GIO.VMBackups), the paid option"), Usage.NONE, Set.of()));

        Set<String> v1Actions = new HashSet<>(PlanActions.BASIC);
        v1Actions.addAll(List.of("Checkpoint", "Save", "RemoteConnect", "AuthorVMNetwork"));
        plans.create(planId(V1_PLAN), PlanSpec.of(V1_PLAN, old.id())
                .withDisplayName("V1 Standard (Hyper-V 2.0)")
                .withQuota(new QuotaSettings(QuotaLimits.of(200L, 400L, 1_048_576L, 16_384L), QuotaLimits.UNLIMITED))
                .withActions(v1Actions)
                .withResources(Set.of(DemoCatalog.templateId(old, "ws2012r2"), DemoCatalog.templateId(old, "centos7")),
                        profiles(old), Set.of())
                .withVmLimits(false, OptionalInt.of(old.generation().maxCpuPerVm()), OptionalInt.empty())
                .withMaxSubscriptionsPerAccount(OptionalLong.empty()));

        Set<String> v2Actions = new HashSet<>(PlanActions.BASIC);
        v2Actions.addAll(List.of("Checkpoint", "Save", "Store", "RemoteConnect", "AuthorVMNetwork"));
        plans.create(planId(V2_PLAN), PlanSpec.of(V2_PLAN, target.id())
                .withDisplayName("V2 Premium (Windows Server 2012 R2)")
                .withState(PlanState.PUBLIC)
                .withQuota(new QuotaSettings(QuotaLimits.of(500L, 2_000L, 4_194_304L, 65_536L), QuotaLimits.UNLIMITED))
                .withActions(v2Actions)
                .withResources(Set.of(DemoCatalog.templateId(target, "ws2012r2"),
                        DemoCatalog.templateId(target, "centos7")), profiles(target), Set.of())
                .withVmLimits(true, OptionalInt.of(target.generation().maxCpuPerVm()), OptionalInt.empty()));
        for (String plan : List.of(V1_PLAN, V2_PLAN)) {
            for (Pack p : PACKS) {
                plans.attachAddOn(planId(plan), addOnId(p.name()));
            }
            plans.attachAddOn(planId(plan), addOnId(BACKUP));
        }

        for (DemoTenant t : DemoTenant.ALL) {
            UUID v1 = subscriptionId(t.name(), false);
            UUID v2 = subscriptionId(t.name(), true);
            subscriptions.create(new NewSubscription(Optional.of(v1), t.name() + " " + V1_PLAN, t.user(),
                    planId(V1_PLAN), Optional.of(DemoCatalog.id("cloud", t.name())),
                    Optional.of(DemoCatalog.id("role", t.name()))));
            subscriptions.create(new NewSubscription(Optional.of(v2), t.name() + " " + V2_PLAN, t.user(),
                    planId(V2_PLAN), Optional.of(DemoCatalog.id("cloud-v2", t.name())),
                    Optional.of(DemoCatalog.id("role-v2", t.name()))));
            subscriptions.linkSuccessor(v1, v2);
            for (String addOn : HELD.getOrDefault(t.name(), List.of())) {
                subscriptions.addAddOn(v1, addOnId(addOn));
                subscriptions.addAddOn(v2, addOnId(addOn));
            }
        }
    }

    private static Set<UUID> profiles(Stamp stamp) {
        Set<UUID> ids = new HashSet<>();
        for (DemoCatalog.Profile p : DemoCatalog.PROFILES) {
            if (p.cpu() <= stamp.generation().maxCpuPerVm()) {
                ids.add(DemoCatalog.profileId(stamp, p.key()));
            }
        }
        return ids;
    }
}
