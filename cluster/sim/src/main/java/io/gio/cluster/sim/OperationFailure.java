package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.PowerState;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Why an operation ends FAILED, and the state its VM is left in.
 *
 * @param vmState e.g. STOPPED for a start that failed to boot, CREATION_FAILED for a creation or
 *     import whose host crashed
 */
record OperationFailure(ClusterException error, PowerState vmState) {

    OperationFailure {
        requireNonNull(error, "error is null");
        requireNonNull(vmState, "vmState is null");
    }

    /** Decides, when an operation is due, whether it fails instead (a fault in force when it ends). */
    @FunctionalInterface
    interface Rule {
        Rule NONE = (h, op) -> Optional.empty();

        Optional<OperationFailure> judge(Handle h, OperationRow op);
    }
}
