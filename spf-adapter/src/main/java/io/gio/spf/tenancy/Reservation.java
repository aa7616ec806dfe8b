package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/** Resources held for a change in progress; release it when the change is done or has failed. */
public record Reservation(UUID id, UUID subscriptionId, Optional<UUID> vmId, Usage delta) {

    public Reservation {
        requireNonNull(id, "id is null");
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(delta, "delta is null");
    }
}
