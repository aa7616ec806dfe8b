package io.gio.cluster.sim;

import org.jdbi.v3.core.Handle;

/**
 * What settling an operation does to its VM besides leaving it in the operation's end state,
 * e.g. applying the values of a reconfiguration. Runs in the settling transaction, as of
 * {@link OperationRow#ends()}, once per operation.
 */
@FunctionalInterface
interface SettleEffect {

    SettleEffect NONE = (h, op) -> { };

    void apply(Handle h, OperationRow op);
}
