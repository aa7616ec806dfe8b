package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FaultInjection.ActiveFault;
import io.gio.cluster.spi.FaultKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * sim_fault: faults in force from an instant until another, as of the clock. Rows stay after they
 * expire, so whoever settles an operation late judges it by the faults in force when it ended.
 */
final class FaultRepository {

    private static final String IN_FORCE = " active_from <= :at AND active_until > :at";

    void insert(Handle h, FaultKind kind, String target, UUID targetId, Instant from, Instant until) {
        h.createUpdate("INSERT INTO sim_fault (kind, target, target_id, active_from, active_until)"
                        + " VALUES (:kind, :target, :id, :from, :until)")
                .bind("kind", kind.name()).bind("target", target).bind("id", targetId)
                .bind("from", SimRows.timestamp(from)).bind("until", SimRows.timestamp(until)).execute();
    }

    /** The faults in force at {@code at}, oldest first. */
    List<ActiveFault> active(Handle h, Instant at) {
        return h.createQuery("SELECT * FROM sim_fault WHERE" + IN_FORCE + " ORDER BY active_from, seq")
                .bind("at", SimRows.timestamp(at))
                .map((rs, ctx) -> new ActiveFault(faultKind(rs.getString("kind")), rs.getString("target"),
                        SimRows.instant(rs, "active_from"), SimRows.instant(rs, "active_until")))
                .list();
    }

    /** Ends every fault in force (or to come) at {@code at}. */
    void clear(Handle h, Instant at) {
        h.createUpdate("UPDATE sim_fault SET active_until = :at WHERE active_until > :at")
                .bind("at", SimRows.timestamp(at)).execute();
    }

    /** When the latest fault of the kind on one of the targets in force at {@code at} ends, if one is. */
    Optional<Instant> inForce(Handle h, FaultKind kind, Set<UUID> targetIds, Instant at) {
        if (targetIds.isEmpty()) {
            return Optional.empty();
        }
        return h.createQuery("SELECT MAX(active_until) AS latest_until FROM sim_fault WHERE kind = :kind"
                        + " AND target_id IN (<targets>) AND" + IN_FORCE)
                .bind("kind", kind.name()).bindList("targets", List.copyOf(targetIds))
                .bind("at", SimRows.timestamp(at))
                .map((rs, ctx) -> Optional.ofNullable(SimRows.instantOrNull(rs, "latest_until"))).one();
    }

    /** Whether a fault of the kind on the target is in force at {@code at}. */
    boolean isInForce(Handle h, FaultKind kind, UUID targetId, Instant at) {
        return inForce(h, kind, Set.of(targetId), at).isPresent();
    }

    /** The targets of the faults of a kind in force at {@code at}. */
    Set<UUID> targets(Handle h, FaultKind kind, Instant at) {
        return Set.copyOf(h.createQuery("SELECT DISTINCT target_id FROM sim_fault WHERE kind = :kind AND" + IN_FORCE)
                .bind("kind", kind.name()).bind("at", SimRows.timestamp(at)).mapTo(UUID.class).list());
    }

    private static FaultKind faultKind(String stored) {
        for (FaultKind kind : FaultKind.values()) {
            if (kind.name().equals(stored)) {
                return kind;
            }
        }
        throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "the simulated fabric stores an unknown fault kind '" + stored + "'");
    }
}
