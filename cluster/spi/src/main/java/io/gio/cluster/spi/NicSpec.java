package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/**
 * A network adapter to create, for a new VM ({@link VmSpec#nics()}) or for an existing one
 * ({@link ClusterDriver#addNic}), connected to a logical network of the VM's stamp.
 *
 * @param macAddress a static MAC address, written as six upper-case hexadecimal pairs separated
 *     by colons ({@code 00:1D:D8:B7:1C:00}), unicast (the lowest bit of the first octet clear)
 *     and not all zeros; drivers refuse any other value with INVALID_ARGUMENT. Empty for a
 *     dynamic address, which the fabric assigns.
 */
public record NicSpec(UUID id, UUID networkId, Optional<String> macAddress) {
    public NicSpec {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(macAddress, "macAddress is null");
    }

    /** An adapter with a dynamic MAC address. */
    public NicSpec(UUID id, UUID networkId) {
        this(id, networkId, Optional.empty());
    }
}
