package io.gio.migration;

/**
 * The step a migration is at within its state. Every step is resumable: it is stored before its
 * side effect, and doing it again after a crash finds the effect done (calls are idempotent by
 * deterministic IDs, or observed on the fabric) and goes on.
 */
enum Step {
    /** Waiting for admission (Scheduled) or for the tenant (AwaitingCutover, Completed). */
    WAIT,
    /** A transfer of the pre-copy (or the final one during the cut-over) is running. */
    COPY,
    /** The source VM is being stopped. */
    STOP,
    /** The target VM is being imported. */
    IMPORT,
    /** The target's content is compared with what was copied. */
    DIGEST,
    /** The target VM is being started. */
    START,
    /** The commit deletes the retained source VM. */
    COMMIT,
    /** Rollback: the target VM is turned off. */
    TARGET_OFF,
    /** Rollback: the target VM is deleted. */
    TARGET_DELETE,
    /** Rollback: the transfers' data is discarded. */
    DISCARD,
    /** Rollback: the source VM goes back to its previous power state. */
    SOURCE_RESTORE
}
