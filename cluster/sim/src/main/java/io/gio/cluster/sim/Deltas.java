package io.gio.cluster.sim;

import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The VM's own differencing disk ("Now"), on top of its current checkpoint. It grows at the sum of
 * its disks' dirty rates while the VM is RUNNING, up to their virtual size. Its size is stored as
 * of {@code now_delta_at}; whoever changes the VM's state or current checkpoint settles it first,
 * at the instant of the change, so growth between changes is computed from the clock alone.
 * A VM without checkpoints writes to its base disks and has no delta.
 */
final class Deltas {

    private final GuestWrites writes;

    Deltas(GuestWrites writes) {
        this.writes = writes;
    }

    /** The stored delta and what it grows with. */
    record Now(Optional<UUID> current, PowerState state, long bytes, Optional<Instant> since, long rate, long cap) {

        /** Its size at {@code instant}. */
        long at(Instant instant) {
            if (current.isEmpty() || state != PowerState.RUNNING || since.isEmpty() || !instant.isAfter(since.get())) {
                return bytes;
            }
            Duration elapsed = Duration.between(since.get(), instant);
            long seconds = elapsed.getSeconds();
            if (rate > 0 && seconds > (cap - bytes) / rate) {
                return Math.max(bytes, cap);
            }
            long grown = bytes + rate * seconds + rate * elapsed.getNano() / 1_000_000_000L;
            return Math.max(bytes, Math.min(cap, grown));
        }
    }

    Now read(Handle h, UUID vmId) {
        return h.createQuery("SELECT v.state, v.current_checkpoint_id, v.now_delta_bytes, v.now_delta_at,"
                        + " (SELECT COALESCE(SUM(d.dirty_bytes_per_second), 0) FROM sim_disk d WHERE d.vm_id = v.id) AS rate,"
                        + " (SELECT COALESCE(SUM(d.max_bytes), 0) FROM sim_disk d WHERE d.vm_id = v.id) AS cap"
                        + " FROM sim_vm v WHERE v.id = :id")
                .bind("id", vmId)
                .map((rs, ctx) -> new Now(Optional.ofNullable(rs.getObject("current_checkpoint_id", UUID.class)),
                        SimCodes.powerState(rs.getString("state")), rs.getLong("now_delta_bytes"),
                        Optional.ofNullable(SimRows.instantOrNull(rs, "now_delta_at")),
                        rs.getLong("rate"), rs.getLong("cap")))
                .one();
    }

    /**
     * Stores the delta, and the VM's written counter ({@link GuestWrites}), as of {@code instant}.
     * Call before the VM's state changes.
     */
    void settle(Handle h, UUID vmId, Instant instant) {
        writes.settle(h, vmId, instant);
        Now now = read(h, vmId);
        if (now.current().isEmpty()) {
            return;
        }
        Instant since = now.since().filter(s -> s.isAfter(instant)).orElse(instant);
        store(h, vmId, now.current(), now.at(instant), since);
    }

    /** Makes {@code current} the VM's current checkpoint, with a delta of {@code bytes} as of {@code instant}. */
    void store(Handle h, UUID vmId, Optional<UUID> current, long bytes, Instant instant) {
        h.createUpdate("UPDATE sim_vm SET current_checkpoint_id = :current, now_delta_bytes = :bytes,"
                        + " now_delta_at = :at WHERE id = :id")
                .bindByType("current", current.orElse(null), UUID.class)
                .bind("bytes", current.isPresent() ? bytes : 0).bind("at", SimRows.timestamp(instant))
                .bind("id", vmId).execute();
    }
}
