package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * What a subscription may use: its plan's quotas raised by its add-ons and replaced by its own
 * overrides, the plan's actions, the plan's templates plus those its packs unlock, the plan's
 * hardware profiles and VM networks, whether it may migrate, the largest VM, and whether it has
 * the backup option.
 */
public record EffectiveQuota(
        QuotaSettings quota,
        Set<String> actions,
        Set<UUID> templateIds,
        Set<UUID> hardwareProfileIds,
        Set<UUID> vmNetworkIds,
        boolean migrationAllowed,
        boolean backupAllowed,
        OptionalInt maxCpuPerVm,
        OptionalInt maxMemoryMbPerVm) {

    public EffectiveQuota {
        requireNonNull(quota, "quota is null");
        actions = Set.copyOf(actions);
        templateIds = Set.copyOf(templateIds);
        hardwareProfileIds = Set.copyOf(hardwareProfileIds);
        vmNetworkIds = Set.copyOf(vmNetworkIds);
        requireNonNull(maxCpuPerVm, "maxCpuPerVm is null");
        requireNonNull(maxMemoryMbPerVm, "maxMemoryMbPerVm is null");
    }
}
