package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * What an administrator sets on a plan: its names and state, the stamp its subscriptions live
 * on, its quotas, the VM actions it allows, the templates, hardware profiles and VM networks its
 * subscriptions may use, whether migration to a newer generation is offered, the largest VM
 * (empty = the stamp's limit) and how many subscriptions one account may hold (empty = any).
 */
public record PlanSpec(
        String name,
        String displayName,
        PlanState state,
        UUID stampId,
        QuotaSettings quota,
        Set<String> actions,
        Set<UUID> templateIds,
        Set<UUID> hardwareProfileIds,
        Set<UUID> vmNetworkIds,
        boolean migrationAllowed,
        OptionalInt maxCpuPerVm,
        OptionalInt maxMemoryMbPerVm,
        OptionalLong maxSubscriptionsPerAccount) {

    public PlanSpec {
        requireNonNull(name, "name is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(state, "state is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(quota, "quota is null");
        actions = Set.copyOf(requireNonNull(actions, "actions is null"));
        templateIds = Set.copyOf(requireNonNull(templateIds, "templateIds is null"));
        hardwareProfileIds = Set.copyOf(requireNonNull(hardwareProfileIds, "hardwareProfileIds is null"));
        vmNetworkIds = Set.copyOf(requireNonNull(vmNetworkIds, "vmNetworkIds is null"));
        requireNonNull(maxCpuPerVm, "maxCpuPerVm is null");
        requireNonNull(maxMemoryMbPerVm, "maxMemoryMbPerVm is null");
        requireNonNull(maxSubscriptionsPerAccount, "maxSubscriptionsPerAccount is null");
    }

    /** A public plan with WAP's basic actions, nothing else allowed and no quota, to refine with the withers. */
    public static PlanSpec of(String name, UUID stampId) {
        return new PlanSpec(name, name, PlanState.PUBLIC, stampId, QuotaSettings.UNLIMITED, PlanActions.BASIC, Set.of(),
                Set.of(), Set.of(), false, OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty());
    }

    public PlanSpec withDisplayName(String v) {
        return new PlanSpec(name, v, state, stampId, quota, actions, templateIds, hardwareProfileIds, vmNetworkIds,
                migrationAllowed, maxCpuPerVm, maxMemoryMbPerVm, maxSubscriptionsPerAccount);
    }

    public PlanSpec withState(PlanState v) {
        return new PlanSpec(name, displayName, v, stampId, quota, actions, templateIds, hardwareProfileIds,
                vmNetworkIds, migrationAllowed, maxCpuPerVm, maxMemoryMbPerVm, maxSubscriptionsPerAccount);
    }

    public PlanSpec withQuota(QuotaSettings v) {
        return new PlanSpec(name, displayName, state, stampId, v, actions, templateIds, hardwareProfileIds,
                vmNetworkIds, migrationAllowed, maxCpuPerVm, maxMemoryMbPerVm, maxSubscriptionsPerAccount);
    }

    public PlanSpec withActions(Set<String> v) {
        return new PlanSpec(name, displayName, state, stampId, quota, v, templateIds, hardwareProfileIds,
                vmNetworkIds, migrationAllowed, maxCpuPerVm, maxMemoryMbPerVm, maxSubscriptionsPerAccount);
    }

    public PlanSpec withResources(Set<UUID> templates, Set<UUID> hardwareProfiles, Set<UUID> vmNetworks) {
        return new PlanSpec(name, displayName, state, stampId, quota, actions, templates, hardwareProfiles,
                vmNetworks, migrationAllowed, maxCpuPerVm, maxMemoryMbPerVm, maxSubscriptionsPerAccount);
    }

    public PlanSpec withVmLimits(boolean migration, OptionalInt maxCpu, OptionalInt maxMemoryMb) {
        return new PlanSpec(name, displayName, state, stampId, quota, actions, templateIds, hardwareProfileIds,
                vmNetworkIds, migration, maxCpu, maxMemoryMb, maxSubscriptionsPerAccount);
    }

    public PlanSpec withMaxSubscriptionsPerAccount(OptionalLong v) {
        return new PlanSpec(name, displayName, state, stampId, quota, actions, templateIds, hardwareProfileIds,
                vmNetworkIds, migrationAllowed, maxCpuPerVm, maxMemoryMbPerVm, v);
    }
}
