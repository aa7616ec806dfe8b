package io.gio.cluster.spi;

/** What a backup's contents can be trusted for. */
public enum BackupConsistency {
    /** Taken from a running guest without its cooperation: as after a power loss. */
    CRASH_CONSISTENT,
    /** Taken while the VM was stopped or saved: nothing was in flight. */
    CONSISTENT
}
