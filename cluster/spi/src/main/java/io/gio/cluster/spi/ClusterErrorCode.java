package io.gio.cluster.spi;

/** Why a driver call failed. The gateway maps each code to its API's error once. */
public enum ClusterErrorCode {
    /** The object (VM, stamp, operation, ...) does not exist on the fabric. */
    NOT_FOUND,
    /** The request is malformed or names something the fabric cannot understand. */
    INVALID_ARGUMENT,
    /** The object's current state does not allow the action (e.g. Resume of a running VM). */
    INVALID_STATE,
    /** The fabric or its generation lacks the capability (e.g. VHDX on Hyper-V 2.0). */
    UNSUPPORTED,
    /** Not enough capacity: CPU, memory, storage, bandwidth. */
    CAPACITY,
    /** The fabric failed; retrying later may succeed. */
    FABRIC_FAILURE
}
