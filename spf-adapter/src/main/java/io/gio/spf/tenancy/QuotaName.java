package io.gio.spf.tenancy;

import io.gio.spf.SpfException;
import java.util.Arrays;

/**
 * The VM Clouds quotas of a plan or subscription, named as VMM's user-role quota members and
 * WAP's plan XML name them. Role quotas bound the subscription as a whole, member quotas each
 * user in it.
 */
public enum QuotaName {
    ROLE_VM_COUNT("RoleVMCount", "role_vm_count"),
    MEMBER_VM_COUNT("MemberVMCount", "member_vm_count"),
    ROLE_CPU_COUNT("RoleCPUCount", "role_cpu_count"),
    MEMBER_CPU_COUNT("MemberCPUCount", "member_cpu_count"),
    ROLE_MEMORY_MB("RoleMemoryMB", "role_memory_mb"),
    MEMBER_MEMORY_MB("MemberMemoryMB", "member_memory_mb"),
    ROLE_STORAGE_GB("RoleStorageGB", "role_storage_gb"),
    MEMBER_STORAGE_GB("MemberStorageGB", "member_storage_gb");

    private final String wireName;
    private final String column;

    QuotaName(String wireName, String column) {
        this.wireName = wireName;
        this.column = column;
    }

    /** The name WAP and VMM use, e.g. {@code RoleVMCount}. */
    public String wireName() {
        return wireName;
    }

    String column() {
        return column;
    }

    public boolean isMember() {
        return name().startsWith("MEMBER_");
    }

    /** The quota with a WAP/VMM name; a 400 naming the known ones otherwise. */
    public static QuotaName ofWireName(String name) {
        return Arrays.stream(values()).filter(q -> q.wireName.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> SpfException.badRequest("Unknown quota '" + name + "'; known quotas are "
                        + String.join(", ", Arrays.stream(values()).map(QuotaName::wireName).toList()) + "."));
    }
}
