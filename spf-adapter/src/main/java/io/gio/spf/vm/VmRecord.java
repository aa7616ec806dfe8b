package io.gio.spf.vm;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/** The identity and placement of a VM, as commands need them. */
public record VmRecord(UUID id, UUID stampId, String name, Optional<UUID> cloudId, String status) {
    public VmRecord {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(name, "name is null");
        requireNonNull(cloudId, "cloudId is null");
        requireNonNull(status, "status is null");
    }
}
