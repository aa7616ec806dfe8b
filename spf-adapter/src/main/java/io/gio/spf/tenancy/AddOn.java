package io.gio.spf.tenancy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** A stored add-on. */
public record AddOn(UUID id, AddOnSpec spec, Instant created) {

    public AddOn {
        requireNonNull(id, "id is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(created, "created is null");
    }

    public String name() {
        return spec.name();
    }
}
