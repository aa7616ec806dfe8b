package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored plan: its settings, the add-ons it offers and how many subscriptions it has. */
public record Plan(UUID id, PlanSpec spec, List<UUID> addOnIds, long subscriptionCount, Instant created,
        Instant modified) {

    public Plan {
        requireNonNull(id, "id is null");
        requireNonNull(spec, "spec is null");
        addOnIds = List.copyOf(requireNonNull(addOnIds, "addOnIds is null"));
        requireNonNull(created, "created is null");
        requireNonNull(modified, "modified is null");
    }

    public String name() {
        return spec.name();
    }
}
