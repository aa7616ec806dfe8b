package io.gio.cluster.spi;

/** Lifecycle of a fabric operation. */
public enum OperationState {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean isFinal() {
        return this != RUNNING;
    }
}
