package io.gio.spf.query;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that decides what a WAP subscription sees of each entity set (WAP's scope:
 * subscription, its user role, its cloud, its plan, on its stamp). Each rule is SQL over the
 * set's row (alias {@code t}) with {@link Scope} tokens; {@link EntityReader} adds it to every
 * query it runs for a subscription: lists, counts, key reads, the parent of a navigation, and the
 * targets of {@code $expand}. A set without a rule here is empty for subscriptions.
 *
 * <ul>
 * <li>{@code VirtualMachines}, {@code VMScreenshots}: the VMs in the subscription's cloud.</li>
 * <li>A VM's parts ({@code VMCheckPoints}, {@code VirtualNetworkAdapters}, {@code VirtualDiskDrives},
 *     {@code VirtualDVDDrives}, {@code VirtualSCSIAdapters}, {@code VMBackups},
 *     {@code VirtualNetworkAdapterQoS}, {@code VirtualHardDiskQoS}): those of such VMs.</li>
 * <li>{@code VirtualHardDisks}: the disks of such VMs, and the library disks on the subscription's
 *     stamp that back a template it may use.</li>
 * <li>{@code Clouds}: its own cloud. {@code LogicalNetworks}: those on its stamp.</li>
 * <li>{@code VMTemplates}: on its stamp, named by its plan or unlocked by one of its add-ons.
 *     {@code HardwareProfiles}: on its stamp and named by its plan.</li>
 * <li>{@code VMNetworks}: on its stamp, and owned by its user role, granted to it, or named by its
 *     plan.</li>
 * <li>{@code Jobs}: on its stamp, and run by its account, or targeting one of its VMs or VM
 *     networks.</li>
 * <li>{@code Migrations}, {@code MigrationEvents}: migrations out of or into its cloud.</li>
 * </ul>
 */
final class TenantVisibility {

    private TenantVisibility() {}

    static final String SCOPE_VMS = "(SELECT sv.id FROM vmm_vm sv WHERE sv.cloud_id = :scope_cloud)";

    static final String OWN_VM = "t.cloud_id = :scope_cloud";

    static final String PART_OF_OWN_VM = "t.vm_id IN " + SCOPE_VMS;

    /** A migration (or its event) out of or into the subscription's cloud. */
    static final String MIGRATION_OF_OWN_CLOUD = "t.source_cloud_id = :scope_cloud OR t.target_cloud_id = :scope_cloud";

    static final String ALLOWED_TEMPLATES = "(SELECT pt.template_id FROM gio_plan_template pt WHERE pt.plan_id = :scope_plan"
            + " UNION SELECT atp.template_id FROM gio_addon_template atp JOIN gio_subscription_addon sa"
            + " ON sa.addon_id = atp.addon_id WHERE sa.subscription_id = :scope_sub)";

    static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("VirtualMachines", OWN_VM),
            Map.entry("VMScreenshots", OWN_VM),
            Map.entry("VMCheckPoints", PART_OF_OWN_VM),
            Map.entry("VirtualNetworkAdapters", PART_OF_OWN_VM),
            Map.entry("VirtualDiskDrives", PART_OF_OWN_VM),
            Map.entry("VirtualDVDDrives", PART_OF_OWN_VM),
            Map.entry("VirtualSCSIAdapters", PART_OF_OWN_VM),
            Map.entry("VMBackups", PART_OF_OWN_VM),
            Map.entry("VirtualNetworkAdapterQoS", PART_OF_OWN_VM),
            Map.entry("VirtualHardDiskQoS", PART_OF_OWN_VM),
            Map.entry("VirtualHardDisks", "(" + PART_OF_OWN_VM + ") OR (t.vm_id IS NULL AND t.library"
                    + " AND t.stamp_id = :scope_stamp AND t.id IN (SELECT tv.vhd_id FROM vmm_template tv"
                    + " WHERE tv.stamp_id = :scope_stamp AND tv.id IN " + ALLOWED_TEMPLATES + "))"),
            Map.entry("Migrations", MIGRATION_OF_OWN_CLOUD),
            Map.entry("MigrationEvents", MIGRATION_OF_OWN_CLOUD),
            Map.entry("Clouds", "t.id = :scope_cloud"),
            Map.entry("UserRoles", "t.id = :scope_role"),
            Map.entry("LogicalNetworks", "t.stamp_id = :scope_stamp"),
            Map.entry("VMTemplates", "t.stamp_id = :scope_stamp AND t.id IN " + ALLOWED_TEMPLATES),
            Map.entry("HardwareProfiles", "t.stamp_id = :scope_stamp AND t.id IN (SELECT ph.hardware_profile_id"
                    + " FROM gio_plan_hardware_profile ph WHERE ph.plan_id = :scope_plan)"),
            Map.entry("VMNetworks", "t.stamp_id = :scope_stamp AND (t.owner_role_id = :scope_role"
                    + " OR POSITION(:scope_grant_id IN t.granted_json) > 0"
                    + " OR POSITION(:scope_grant_name IN t.granted_json) > 0"
                    + " OR t.id IN (SELECT pn.vm_network_id FROM gio_plan_vm_network pn WHERE pn.plan_id = :scope_plan))"),
            Map.entry("Jobs", "t.stamp_id = :scope_stamp AND (t.owner = :scope_account OR t.target_object_id IN "
                    + SCOPE_VMS + " OR t.target_object_id IN (SELECT sn.id FROM vmm_vm_network sn"
                    + " WHERE sn.owner_role_id = :scope_role))"));

    /** The mappings with each set's rule attached; sets without one stay invisible to subscriptions. */
    static Map<String, SetMapping> apply(Map<String, SetMapping> mappings) {
        Map<String, SetMapping> out = new LinkedHashMap<>();
        mappings.forEach((set, m) -> {
            String rule = RULES.get(set);
            out.put(set, rule == null ? m : m.withTenantVisibility(rule));
        });
        return out;
    }
}
