package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An add-on: a pack (Active Directory, SQL Server, RDS, XenApp) that unlocks its templates and
 * adds to the plan's quotas, or the paid backup option.
 */
public record AddOnSpec(String name, String displayName, AddOnKind kind, Optional<String> description,
        Usage quotaIncrement, Set<UUID> templateIds) {

    public AddOnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(description, "description is null");
        requireNonNull(quotaIncrement, "quotaIncrement is null");
        templateIds = Set.copyOf(requireNonNull(templateIds, "templateIds is null"));
    }
}
