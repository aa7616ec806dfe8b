package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A network adapter to create for a new VM, connected to a logical network of the stamp. */
public record NicSpec(UUID id, UUID networkId) {
    public NicSpec {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
    }
}
