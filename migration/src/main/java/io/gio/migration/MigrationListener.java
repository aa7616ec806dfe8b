package io.gio.migration;

/**
 * Told of each stored change of a migration's state or step, after it is stored, on the engine's
 * thread. The layer above mirrors migrations into its own view with it (jobs, the new VM in the
 * target cloud). Must not throw; must be quick.
 */
public interface MigrationListener {

    /** Milestones that change which VMs exist. */
    enum Milestone {
        /** The state or phase changed; nothing else. */
        CHANGED,
        /** The target VM exists on the target stamp (imported, STOPPED). */
        TARGET_IMPORTED,
        /** The target VM was deleted by a rollback. */
        TARGET_REMOVED,
        /** The retained source VM was deleted by the commit. */
        SOURCE_DELETED
    }

    void changed(Migration migration, Milestone milestone, String message);

    MigrationListener NONE = (m, k, msg) -> { };
}
