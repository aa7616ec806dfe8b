package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/** The administrator's filters on the subscription list; empty ones match everything. */
public record SubscriptionFilter(Optional<String> accountName, Optional<UUID> planId,
        Optional<SubscriptionState> state, Optional<String> nameContains) {

    public static final SubscriptionFilter ALL = new SubscriptionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public SubscriptionFilter {
        requireNonNull(accountName, "accountName is null");
        requireNonNull(planId, "planId is null");
        requireNonNull(state, "state is null");
        requireNonNull(nameContains, "nameContains is null");
    }

    public SubscriptionFilter withAccount(String v) {
        return new SubscriptionFilter(Optional.of(v), planId, state, nameContains);
    }

    public SubscriptionFilter withPlan(UUID v) {
        return new SubscriptionFilter(accountName, Optional.of(v), state, nameContains);
    }

    public SubscriptionFilter withState(SubscriptionState v) {
        return new SubscriptionFilter(accountName, planId, Optional.of(v), nameContains);
    }

    public SubscriptionFilter withNameContaining(String v) {
        return new SubscriptionFilter(accountName, planId, state, Optional.of(v));
    }
}
