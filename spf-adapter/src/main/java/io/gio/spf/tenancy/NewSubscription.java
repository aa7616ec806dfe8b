package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/**
 * A subscription to create: its name, the account that owns it and the plan. Without a cloud,
 * a new user role ({@code <account>_<subscription id>}, as WAP names them) and a cloud are made
 * on the plan's stamp; an existing cloud is bound with its user role unless one is given. The ID
 * is random unless given (WAP subscription IDs are GUIDs).
 */
public record NewSubscription(Optional<UUID> id, String name, String accountName, UUID planId,
        Optional<UUID> cloudId, Optional<UUID> userRoleId) {

    public NewSubscription {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(accountName, "accountName is null");
        requireNonNull(planId, "planId is null");
        requireNonNull(cloudId, "cloudId is null");
        requireNonNull(userRoleId, "userRoleId is null");
    }

    /** A subscription with a new cloud and user role. */
    public static NewSubscription of(String name, String accountName, UUID planId) {
        return new NewSubscription(Optional.empty(), name, accountName, planId, Optional.empty(), Optional.empty());
    }
}
