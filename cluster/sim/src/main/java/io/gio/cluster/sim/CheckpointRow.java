package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.FabricCheckpoint;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of sim_checkpoint.
 *
 * @param hardware the VM's processors and memory when it was taken, restored with it
 * @param deltaBytes settled bytes of its differencing disks, without the VM's live delta
 */
record CheckpointRow(
        UUID id,
        UUID vmId,
        String name,
        Optional<UUID> parentId,
        Instant created,
        PowerState capturedState,
        VmHardware hardware,
        long deltaBytes) {

    CheckpointRow {
        requireNonNull(id, "id is null");
        requireNonNull(vmId, "vmId is null");
        requireNonNull(name, "name is null");
        requireNonNull(parentId, "parentId is null");
        requireNonNull(created, "created is null");
        requireNonNull(capturedState, "capturedState is null");
        requireNonNull(hardware, "hardware is null");
    }

    /** As the SPI shows it; {@code liveDelta} is the VM's own delta when this one is current. */
    FabricCheckpoint asFabric(boolean current, long liveDelta) {
        return new FabricCheckpoint(id, vmId, name, parentId, created, capturedState, current,
                deltaBytes + (current ? liveDelta : 0));
    }
}
