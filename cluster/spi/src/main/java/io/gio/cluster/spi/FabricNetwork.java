package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A logical network of a stamp: what VM networks are carved from. */
public record FabricNetwork(UUID id, UUID stampId, String name, boolean networkVirtualization, String subnet) {
    public FabricNetwork {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(name, "name is null");
        requireNonNull(subnet, "subnet is null");
    }
}
