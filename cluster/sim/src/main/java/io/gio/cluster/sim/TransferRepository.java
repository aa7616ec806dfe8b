package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.TransferKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * sim_transfer with the written counters each transfer started from (sim_transfer_written), and
 * their lazy settlement: a running transfer whose end has come is SUCCEEDED as of its end for the
 * first reader; nothing else happens then (its bytes were counted on the target volume when it
 * started), so concurrent readers may race harmlessly.
 */
final class TransferRepository {

    private static final RowMapper<TransferRow> TRANSFER = (rs, ctx) -> new TransferRow(SimRows.uuid(rs, "id"),
            SimRows.uuid(rs, "vm_id"), kind(rs.getString("kind")),
            Optional.ofNullable(rs.getObject("previous_id", UUID.class)), kind(rs.getString("chain_kind")),
            Optional.ofNullable(rs.getObject("link_id", UUID.class)), SimRows.uuid(rs, "target_volume_id"),
            SimCodes.diskFormat(rs.getString("target_format")), SimCodes.operationState(rs.getString("state")),
            rs.getLong("bytes_total"), rs.getLong("max_rate"), rs.getLong("rate"), SimRows.instant(rs, "rate_since"),
            rs.getLong("bytes_at_rate_since"), SimRows.instant(rs, "copy_ends"), finish(rs.getString("finish")),
            rs.getLong("finish_rate"), SimRows.instant(rs, "started"), SimRows.instant(rs, "ends"),
            Optional.ofNullable(SimRows.instantOrNull(rs, "ended")),
            TransferRow.error(rs.getString("error_code"), rs.getString("error_message")),
            rs.getString("content_digest"), rs.getBoolean("reserved"),
            Optional.ofNullable(rs.getObject("imported_vm_id", UUID.class)));

    Optional<TransferRow> find(Handle h, UUID id) {
        return h.createQuery("SELECT * FROM sim_transfer WHERE id = :id").bind("id", id).map(TRANSFER).findOne();
    }

    TransferRow require(Handle h, UUID id) {
        return find(h, id).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "transfer " + id + " does not exist"));
    }

    /** Writes a starting transfer and the written counters it starts from, by VM. */
    void insert(Handle h, TransferRow row, Map<UUID, Long> written) {
        h.createUpdate("INSERT INTO sim_transfer (id, vm_id, kind, previous_id, chain_kind, link_id, target_volume_id,"
                        + " target_format, state, bytes_total, max_rate, rate, rate_since, bytes_at_rate_since, copy_ends,"
                        + " finish, finish_rate, started, ends, content_digest, reserved)"
                        + " VALUES (:id, :vm, :kind, :previous, :chain, :link, :volume, :format, :state, :total, :max,"
                        + " :rate, :since, :at, :copyEnds, :finish, :finishRate, :started, :ends, :digest, :reserved)")
                .bind("id", row.id()).bind("vm", row.vmId()).bind("kind", row.kind().name())
                .bindByType("previous", row.previousId().orElse(null), UUID.class)
                .bind("chain", row.chainKind().name()).bindByType("link", row.linkId().orElse(null), UUID.class)
                .bind("volume", row.targetVolumeId()).bind("format", row.targetFormat().name())
                .bind("state", row.state().name()).bind("total", row.bytesTotal()).bind("max", row.maxRate())
                .bind("rate", row.rate()).bind("since", SimRows.timestamp(row.rateSince()))
                .bind("at", row.bytesAtRateSince()).bind("copyEnds", SimRows.timestamp(row.copyEnds()))
                .bind("finish", row.finish().name()).bind("finishRate", row.finishRate())
                .bind("started", SimRows.timestamp(row.started())).bind("ends", SimRows.timestamp(row.ends()))
                .bind("digest", row.contentDigest()).bind("reserved", row.reserved()).execute();
        if (written.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO sim_transfer_written (transfer_id, vm_id, written_bytes)"
                + " VALUES (:transfer, :vm, :written)");
        written.forEach((vm, bytes) -> batch.bind("transfer", row.id()).bind("vm", vm).bind("written", bytes).add());
        batch.execute();
    }

    /** The written counters the transfer started from, by VM. */
    Map<UUID, Long> written(Handle h, UUID transferId) {
        return h.createQuery("SELECT vm_id, written_bytes FROM sim_transfer_written WHERE transfer_id = :id")
                .bind("id", transferId)
                .map((rs, ctx) -> Map.entry(SimRows.uuid(rs, "vm_id"), rs.getLong("written_bytes")))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The transfer as of now, settled if its end has come. */
    TransferRow settle(Handle h, TransferRow row, Instant now) {
        if (!row.isDue(now)) {
            return row;
        }
        h.createUpdate("UPDATE sim_transfer SET state = 'SUCCEEDED', ended = ends WHERE id = :id AND state = 'RUNNING'")
                .bind("id", row.id()).execute();
        return require(h, row.id());
    }

    /**
     * Ends a transfer that still runs at {@code at} FAILED, keeping what it had copied; false when it
     * had ended (or was due) by then.
     */
    boolean fail(Handle h, TransferRow row, Instant at, ClusterException error) {
        return h.createUpdate("UPDATE sim_transfer SET state = 'FAILED', ended = :at, ends = :at, rate_since = :at,"
                        + " bytes_at_rate_since = :done, error_code = :code, error_message = :message"
                        + " WHERE id = :id AND state = 'RUNNING' AND ends > :at")
                .bind("at", SimRows.timestamp(at)).bind("done", row.doneAt(at))
                .bind("code", error.code().name()).bind("message", error.getMessage()).bind("id", row.id())
                .execute() == 1;
    }

    /** Stores a new rate from {@code now} on, with the copy's and the transfer's new ends. */
    void throttle(Handle h, TransferRow row, long rate, Instant now, Instant copyEnds, Instant ends) {
        h.createUpdate("UPDATE sim_transfer SET rate = :rate, rate_since = :now, bytes_at_rate_since = :done,"
                        + " copy_ends = :copyEnds, ends = :ends WHERE id = :id AND state = 'RUNNING'")
                .bind("rate", rate).bind("now", SimRows.timestamp(now)).bind("done", row.doneAt(now))
                .bind("copyEnds", SimRows.timestamp(copyEnds)).bind("ends", SimRows.timestamp(ends))
                .bind("id", row.id()).execute();
    }

    /** Stops counting the transfer's bytes on its volume; false when it was discarded or imported. */
    boolean release(Handle h, UUID transferId) {
        return h.createUpdate("UPDATE sim_transfer SET reserved = FALSE"
                        + " WHERE id = :id AND reserved AND imported_vm_id IS NULL")
                .bind("id", transferId).execute() == 1;
    }

    /** Gives the chain's data to an imported VM; the number of transfers that were still free. */
    int markImported(Handle h, Collection<UUID> transferIds, UUID vmId) {
        return h.createUpdate("UPDATE sim_transfer SET imported_vm_id = :vm, reserved = FALSE"
                        + " WHERE id IN (<ids>) AND reserved AND imported_vm_id IS NULL")
                .bind("vm", vmId).bindList("ids", List.copyOf(transferIds)).execute();
    }

    /** The chain that ends with {@code last}: last first, back to the chain's first transfer. */
    List<TransferRow> chain(Handle h, TransferRow last) {
        List<TransferRow> chain = new ArrayList<>(List.of(last));
        Set<UUID> seen = new HashSet<>(Set.of(last.id()));
        Optional<UUID> previous = last.previousId();
        while (previous.isPresent() && seen.add(previous.get())) {
            TransferRow row = require(h, previous.get());
            chain.add(row);
            previous = row.previousId();
        }
        return chain;
    }

    /** Transfers still running at {@code at} over a link. */
    List<TransferRow> runningOverLink(Handle h, UUID linkId, Instant at) {
        return running(h, "link_id = :target", linkId, at);
    }

    /** Transfers still running at {@code at} to a volume. */
    List<TransferRow> runningToVolume(Handle h, UUID volumeId, Instant at) {
        return running(h, "target_volume_id = :target", volumeId, at);
    }

    /** Transfers of a VM still running at {@code at}. */
    List<TransferRow> runningOf(Handle h, UUID vmId, Instant at) {
        return running(h, "vm_id = :target", vmId, at);
    }

    /** LIVE transfers still running at {@code at} of the VMs of a host. */
    List<TransferRow> runningLiveOnHost(Handle h, UUID hostId, Instant at) {
        return running(h, "kind = 'LIVE' AND vm_id IN (SELECT id FROM sim_vm WHERE host_id = :target)", hostId, at);
    }

    private static List<TransferRow> running(Handle h, String where, UUID target, Instant at) {
        return h.createQuery("SELECT * FROM sim_transfer WHERE " + where + " AND state = 'RUNNING' AND ends > :at"
                        + " ORDER BY started, id")
                .bind("target", target).bind("at", SimRows.timestamp(at)).map(TRANSFER).list();
    }

    private static TransferKind kind(String stored) {
        return Arrays.stream(TransferKind.values()).filter(k -> k.name().equals(stored)).findFirst()
                .orElseThrow(() -> corrupt("transfer kind", stored));
    }

    private static TransferRow.Finish finish(String stored) {
        return Arrays.stream(TransferRow.Finish.values()).filter(f -> f.name().equals(stored)).findFirst()
                .orElseThrow(() -> corrupt("transfer finish", stored));
    }

    private static ClusterException corrupt(String what, String stored) {
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "the simulated fabric stores an unknown " + what + " '" + stored + "'");
    }
}
