package io.gio.spf.accounts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/** An authenticated caller. */
public record Principal(String name, Role role, Optional<UUID> tenantId) {
    public Principal {
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(tenantId, "tenantId is null");
    }

    /**
     * ADMIN: the administrator, everywhere. TENANT: a WAP tenant user, on its subscriptions.
     * PROVIDER: an SPF provider account (SPF's {@code SPF_Provider} group), as WAP's VM Clouds
     * resource provider uses one: HTTP Basic on the SPF VMM service, nothing else.
     */
    public enum Role { ADMIN, TENANT, PROVIDER }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean isProvider() {
        return role == Role.PROVIDER;
    }
}
