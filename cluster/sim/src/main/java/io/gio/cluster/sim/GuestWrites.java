package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.PowerState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * What guests write, and the content of VMs' disks. Each VM has a monotonic counter of the bytes
 * its guest has written: it grows at the sum of its disks' dirty rates while the VM is RUNNING, and
 * is stored as of an instant by whoever changes the VM's state (through {@link Deltas#settle}), so
 * growth between changes is computed from the clock alone. A VM not observed since it was seeded
 * (or since V5) starts counting at its first settlement.
 *
 * <p>The content digest (SHA-256, hex) of a VM is its base content advanced by what was written
 * since: the base is its disks' identity (the VM's and its disks' IDs) for a VM created here, the
 * chain's content for an imported VM, the captured content after a checkpoint or backup restore.
 * It changes whenever the guest writes and never otherwise, so a VM that does not run keeps it.
 */
final class GuestWrites {

    /** A VM's stored counter and what it grows with; {@code maxBytes} and {@code usedBytes} of its disks. */
    record Counter(UUID vmId, PowerState state, long bytes, Optional<Instant> since, long rate, long maxBytes,
            long usedBytes) {

        /** The counter at {@code instant}. */
        long at(Instant instant) {
            if (state != PowerState.RUNNING || since.isEmpty() || !instant.isAfter(since.get()) || rate == 0) {
                return bytes;
            }
            Duration elapsed = Duration.between(since.get(), instant);
            return bytes + rate * elapsed.getSeconds() + scaled(rate, elapsed.getNano());
        }
    }

    private static final String COUNTER_COLUMNS = "v.id, v.state, v.written_bytes, v.written_at,"
            + " (SELECT COALESCE(SUM(d.dirty_bytes_per_second), 0) FROM sim_disk d WHERE d.vm_id = v.id) AS rate,"
            + " (SELECT COALESCE(SUM(d.max_bytes), 0) FROM sim_disk d WHERE d.vm_id = v.id) AS cap,"
            + " (SELECT COALESCE(SUM(d.used_bytes), 0) FROM sim_disk d WHERE d.vm_id = v.id) AS used";

    Optional<Counter> read(Handle h, UUID vmId) {
        return h.createQuery("SELECT " + COUNTER_COLUMNS + " FROM sim_vm v WHERE v.id = :id")
                .bind("id", vmId).map((rs, ctx) -> new Counter(SimRows.uuid(rs, "id"),
                        SimCodes.powerState(rs.getString("state")), rs.getLong("written_bytes"),
                        Optional.ofNullable(SimRows.instantOrNull(rs, "written_at")), rs.getLong("rate"),
                        rs.getLong("cap"), rs.getLong("used")))
                .findOne();
    }

    /** The VM's counter; NOT_FOUND when it does not exist. */
    Counter require(Handle h, UUID vmId) {
        return read(h, vmId).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "VM " + vmId + " does not exist"));
    }

    /** Stores the counter as of {@code instant}. Call before the VM's state changes. */
    void settle(Handle h, UUID vmId, Instant instant) {
        read(h, vmId).ifPresent(counter -> {
            if (counter.since().isEmpty() || instant.isAfter(counter.since().get())) {
                h.createUpdate("UPDATE sim_vm SET written_bytes = :bytes, written_at = :at WHERE id = :id")
                        .bind("bytes", counter.at(instant)).bind("at", SimRows.timestamp(instant))
                        .bind("id", vmId).execute();
            }
        });
    }

    /**
     * The counters, as of {@code instant}, of every VM with a disk on one of the volumes. VMs not
     * observed yet start counting now. Settle their due operations first.
     */
    List<Counter> onVolumes(Handle h, Collection<UUID> volumeIds, Instant instant) {
        if (volumeIds.isEmpty()) {
            return List.of();
        }
        String onVolumes = " WHERE v.id IN (SELECT vm_id FROM sim_disk WHERE volume_id IN (<volumes>))";
        h.createUpdate("UPDATE sim_vm SET written_at = :at WHERE written_at IS NULL"
                        + " AND id IN (SELECT vm_id FROM sim_disk WHERE volume_id IN (<volumes>))")
                .bind("at", SimRows.timestamp(instant)).bindList("volumes", List.copyOf(volumeIds)).execute();
        return h.createQuery("SELECT " + COUNTER_COLUMNS + " FROM sim_vm v" + onVolumes + " ORDER BY v.id")
                .bindList("volumes", List.copyOf(volumeIds))
                .map((rs, ctx) -> new Counter(SimRows.uuid(rs, "id"), SimCodes.powerState(rs.getString("state")),
                        rs.getLong("written_bytes"), Optional.ofNullable(SimRows.instantOrNull(rs, "written_at")),
                        rs.getLong("rate"), rs.getLong("cap"), rs.getLong("used")))
                .list().stream().map(c -> new Counter(c.vmId(), c.state(), c.at(instant), Optional.of(instant),
                        c.rate(), c.maxBytes(), c.usedBytes()))
                .toList();
    }

    /** The VM's content digest as of {@code instant}; settle the VM first. */
    String digest(Handle h, UUID vmId, Instant instant) {
        Counter counter = require(h, vmId);
        record Base(Optional<String> digest, long written) {}
        Base base = h.createQuery("SELECT content_base, content_base_written FROM sim_vm WHERE id = :id")
                .bind("id", vmId)
                .map((rs, ctx) -> new Base(Optional.ofNullable(rs.getString("content_base")),
                        rs.getLong("content_base_written")))
                .one();
        String from = base.digest().orElseGet(() -> identity(h, vmId));
        long since = counter.at(instant) - base.written();
        return since == 0 ? from : sha256(from + "+" + since);
    }

    /**
     * Gives the VM new content as of its settled counter: {@code digest}, after {@code writtenBytes}
     * written (a restore rewrites the disks; an import starts from the chain's content).
     */
    void setContent(Handle h, UUID vmId, String digest, long writtenBytes) {
        h.createUpdate("UPDATE sim_vm SET written_bytes = written_bytes + :written, content_base = :digest,"
                        + " content_base_written = written_bytes + :written WHERE id = :id")
                .bind("written", writtenBytes).bind("digest", digest).bind("id", vmId).execute();
    }

    /**
     * The VM's disks get content captured earlier (by a checkpoint or a backup) as of {@code at}: a
     * restore rewrites them, so their used bytes count as written. {@code captured} is empty for a
     * capture older than V5: the content is then new, named after {@code what}.
     */
    void restore(Handle h, UUID vmId, Optional<String> captured, String what, Instant at) {
        settle(h, vmId, at);
        String content = captured.orElseGet(() -> sha256(digest(h, vmId, at) + "|restored:" + what));
        setContent(h, vmId, content, require(h, vmId).usedBytes());
    }

    /** The content of a VM created on this fabric: its own and its disks' identity. */
    private static String identity(Handle h, UUID vmId) {
        List<UUID> disks = h.createQuery("SELECT id FROM sim_disk WHERE vm_id = :vm ORDER BY ordinal")
                .bind("vm", vmId).mapTo(UUID.class).list();
        return sha256("gio-sim:vm:" + vmId + ":disks:"
                + disks.stream().map(UUID::toString).collect(Collectors.joining(",")));
    }

    static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** {@code rate * nanos / 10^9} without overflow, rounded down. */
    static long scaled(long rate, long nanos) {
        long perSecond = 1_000_000_000L;
        return rate / perSecond * nanos + rate % perSecond * nanos / perSecond;
    }
}
