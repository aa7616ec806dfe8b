package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A stamp: one management domain (a VMM server and its clusters) of one generation. */
public record Stamp(UUID id, String name, Generation generation) {
    public Stamp {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(generation, "generation is null");
    }
}
