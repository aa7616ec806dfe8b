package io.gio.cluster.spi;

/**
 * Observed power state of a VM on the fabric. Transitional states last while an operation runs.
 * Drivers translate their native states into these in one mapper, with {@link #UNKNOWN} as the
 * explicit fallback.
 */
public enum PowerState {
    CREATING,
    STOPPED,
    STARTING,
    RUNNING,
    STOPPING,
    PAUSING,
    PAUSED,
    RESUMING,
    RESETTING,
    SAVING,
    SAVED,
    DELETING,
    /** A checkpoint is being applied; the VM ends in the power state the checkpoint captured. */
    RESTORING_CHECKPOINT,
    CREATION_FAILED,
    UNKNOWN;

    public boolean isTransitional() {
        return switch (this) {
            case CREATING, STARTING, STOPPING, PAUSING, RESUMING, RESETTING, SAVING, DELETING, RESTORING_CHECKPOINT ->
                    true;
            default -> false;
        };
    }
}
