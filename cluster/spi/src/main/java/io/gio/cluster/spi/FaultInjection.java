package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Offered by simulated fabrics only: injects faults for tests and demonstrations. A fault takes
 * effect at once, as of the driver's clock, and ends by itself after its duration.
 */
public interface FaultInjection {

    /**
     * Injects a fault. NOT_FOUND when no link, volume, host or stamp (as the kind needs) has the
     * target name; INVALID_ARGUMENT for a duration that is not positive.
     */
    ActiveFault inject(FaultKind kind, String target, Duration duration);

    /** Ends every fault now. */
    void clear();

    /** The faults in force now, oldest first. */
    List<ActiveFault> active();

    /** A fault in force. */
    record ActiveFault(FaultKind kind, String target, Instant from, Instant until) {
        public ActiveFault {
            requireNonNull(kind, "kind is null");
            requireNonNull(target, "target is null");
            requireNonNull(from, "from is null");
            requireNonNull(until, "until is null");
        }
    }
}
