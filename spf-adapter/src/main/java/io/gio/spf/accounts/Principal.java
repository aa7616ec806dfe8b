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

    public enum Role { ADMIN, TENANT }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
