package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored subscription: owned by an account (and its tenant), on a plan, bound to one cloud and
 * one user role on the plan's stamp; optionally linked to the subscription that succeeds it.
 */
public record Subscription(
        UUID id,
        String name,
        String accountName,
        Optional<UUID> tenantId,
        UUID planId,
        String planName,
        UUID stampId,
        SubscriptionState state,
        UUID cloudId,
        UUID userRoleId,
        String userRoleName,
        Optional<UUID> successorId,
        List<UUID> addOnIds,
        Instant created,
        Instant modified) {

    public Subscription {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(accountName, "accountName is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(planId, "planId is null");
        requireNonNull(planName, "planName is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(state, "state is null");
        requireNonNull(cloudId, "cloudId is null");
        requireNonNull(userRoleId, "userRoleId is null");
        requireNonNull(userRoleName, "userRoleName is null");
        requireNonNull(successorId, "successorId is null");
        addOnIds = List.copyOf(requireNonNull(addOnIds, "addOnIds is null"));
        requireNonNull(created, "created is null");
        requireNonNull(modified, "modified is null");
    }

    /**
     * Whether the caller may open this subscription: the administrator any, a tenant user the ones
     * its account holds (account names compare as e-mail addresses do, ignoring case).
     */
    public boolean heldBy(io.gio.spf.accounts.Principal caller) {
        return caller.isAdmin() || accountName.equalsIgnoreCase(caller.name());
    }
}
