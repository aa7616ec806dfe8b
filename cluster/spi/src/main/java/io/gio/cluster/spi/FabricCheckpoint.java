package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A checkpoint (Hyper-V snapshot) of a VM, as of the time it was read.
 *
 * @param parentId the checkpoint the VM descended from when this one was taken; empty for a root
 * @param created the instant the VM was captured
 * @param capturedState the power state the VM had then, and returns to on restore
 * @param current whether the VM's present state descends from this checkpoint directly (the one
 *     a new checkpoint would take as parent)
 * @param deltaBytes bytes in the differencing disks started at this checkpoint: what the VM wrote
 *     after it, up to the checkpoints taken from it; for the current checkpoint this includes
 *     what the VM has written since, and grows while the VM runs. Deleting the checkpoint merges
 *     these bytes, which is why that takes time
 */
public record FabricCheckpoint(
        UUID id,
        UUID vmId,
        String name,
        Optional<UUID> parentId,
        Instant created,
        PowerState capturedState,
        boolean current,
        long deltaBytes) {
    public FabricCheckpoint {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(name, "name is null");
        requireNonNull(parentId, "parentId is null");
        requireNonNull(created, "created is null");
        requireNonNull(capturedState, "capturedState is null");
        if (deltaBytes < 0) {
            throw new IllegalArgumentException("deltaBytes must not be negative");
        }
    }
}
