package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FaultInjection;
import io.gio.cluster.spi.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Faults of the simulated fabric: rows of sim_fault in force from the instant they are injected
 * until that instant plus their duration (to the microsecond, at least one), as of the driver's
 * clock; they expire by themselves and {@link #clear} ends them early. What a fault breaks at once
 * is {@link FaultEffects}', what it prevents while in force {@link FaultRules}'.
 *
 * <p>Targets are names: a link's for LINK_DOWN, a volume's for VOLUME_FULL, a host's for
 * HOST_CRASH, a stamp's or else a host's for BOOT_FAILURE. A duration that is not positive is
 * refused first (INVALID_ARGUMENT), then an unknown name (NOT_FOUND). Faults may overlap; each is
 * listed.
 */
final class SimFaults implements FaultInjection {

    private final SimStore store;
    private final Supplier<Instant> clock;
    private final FaultRepository faults;
    private final FaultEffects effects;

    SimFaults(SimStore store, Supplier<Instant> clock, FaultRepository faults, FaultEffects effects) {
        this.store = store;
        this.clock = clock;
        this.faults = faults;
        this.effects = effects;
    }

    @Override
    public ActiveFault inject(FaultKind kind, String target, Duration duration) {
        requireNonNull(kind, "kind is null");
        requireNonNull(target, "target is null");
        requireNonNull(duration, "duration is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "a fault lasts a positive duration, not " + duration);
        }
        Instant now = clock.get();
        Instant until = now.plus(duration).truncatedTo(ChronoUnit.MICROS);
        Instant end = until.isAfter(now) ? until : now.plus(1, ChronoUnit.MICROS);
        return store.write(h -> {
            UUID targetId = resolve(h, kind, target);
            faults.insert(h, kind, target, targetId, now, end);
            effects.inject(h, kind, targetId, target, now);
            return new ActiveFault(kind, target, now, end);
        });
    }

    @Override
    public void clear() {
        Instant now = clock.get();
        store.write(h -> {
            faults.clear(h, now);
            return null;
        });
    }

    @Override
    public List<ActiveFault> active() {
        Instant now = clock.get();
        return store.read(h -> faults.active(h, now));
    }

    private static UUID resolve(Handle h, FaultKind kind, String target) {
        Optional<UUID> id = switch (kind) {
            case LINK_DOWN -> byName(h, "sim_link", target);
            case VOLUME_FULL -> byName(h, "sim_volume", target);
            case HOST_CRASH -> byName(h, "sim_host", target);
            case BOOT_FAILURE -> byName(h, "sim_stamp", target).or(() -> byName(h, "sim_host", target));
        };
        String what = switch (kind) {
            case LINK_DOWN -> "link";
            case VOLUME_FULL -> "volume";
            case HOST_CRASH -> "host";
            case BOOT_FAILURE -> "stamp or host";
        };
        return id.orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "no " + what + " is named '" + target + "'"));
    }

    private static Optional<UUID> byName(Handle h, String table, String name) {
        return h.createQuery("SELECT id FROM " + table + " WHERE name = :name ORDER BY id")
                .bind("name", name).mapTo(UUID.class).findFirst();
    }
}
