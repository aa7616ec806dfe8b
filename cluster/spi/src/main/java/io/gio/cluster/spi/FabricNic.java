package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/** A virtual network adapter of a VM. */
public record FabricNic(UUID id, String macAddress, UUID networkId, List<String> ipv4Addresses) {
    public FabricNic {
        requireNonNull(id, "id is null");
        requireNonNull(macAddress, "macAddress is null");
        requireNonNull(networkId, "networkId is null");
        ipv4Addresses = List.copyOf(requireNonNull(ipv4Addresses, "ipv4Addresses is null"));
    }
}
