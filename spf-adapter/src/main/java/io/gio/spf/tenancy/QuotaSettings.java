package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/** VM Clouds quotas as WAP's plans hold them: for the subscription's role as a whole and per member. */
public record QuotaSettings(QuotaLimits role, QuotaLimits member) {

    public static final QuotaSettings UNLIMITED = new QuotaSettings(QuotaLimits.UNLIMITED, QuotaLimits.UNLIMITED);

    public QuotaSettings {
        requireNonNull(role, "role is null");
        requireNonNull(member, "member is null");
    }

    public OptionalLong get(QuotaName q) {
        return switch (q) {
            case ROLE_VM_COUNT -> role.vms();
            case MEMBER_VM_COUNT -> member.vms();
            case ROLE_CPU_COUNT -> role.cores();
            case MEMBER_CPU_COUNT -> member.cores();
            case ROLE_MEMORY_MB -> role.memoryMb();
            case MEMBER_MEMORY_MB -> member.memoryMb();
            case ROLE_STORAGE_GB -> role.storageGb();
            case MEMBER_STORAGE_GB -> member.storageGb();
        };
    }

    /** Every quota by name, in WAP's order. */
    public Map<QuotaName, OptionalLong> asMap() {
        Map<QuotaName, OptionalLong> m = new EnumMap<>(QuotaName.class);
        for (QuotaName q : QuotaName.values()) {
            m.put(q, get(q));
        }
        return m;
    }

    /** These settings with some quotas replaced (an empty value makes that quota unlimited). */
    public QuotaSettings with(Map<QuotaName, OptionalLong> replaced) {
        Map<QuotaName, OptionalLong> m = asMap();
        m.putAll(replaced);
        return new QuotaSettings(
                new QuotaLimits(m.get(QuotaName.ROLE_VM_COUNT), m.get(QuotaName.ROLE_CPU_COUNT),
                        m.get(QuotaName.ROLE_MEMORY_MB), m.get(QuotaName.ROLE_STORAGE_GB)),
                new QuotaLimits(m.get(QuotaName.MEMBER_VM_COUNT), m.get(QuotaName.MEMBER_CPU_COUNT),
                        m.get(QuotaName.MEMBER_MEMORY_MB), m.get(QuotaName.MEMBER_STORAGE_GB)));
    }

    public QuotaSettings plus(Usage increment) {
        return new QuotaSettings(role.plus(increment), member.plus(increment));
    }
}
