package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A network link between two stamps that migration traffic can use. */
public record Link(UUID id, UUID fromStampId, UUID toStampId, String name, long bandwidthBitsPerSecond) {
    public Link {
        requireNonNull(id, "id is null");
        requireNonNull(fromStampId, "fromStampId is null");
        requireNonNull(toStampId, "toStampId is null");
        requireNonNull(name, "name is null");
    }
}
