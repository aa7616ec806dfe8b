package io.gio.migration;

import java.util.Arrays;
import java.util.Optional;

/** Where a migration is. The wire name is what the API shows in {@code State}. */
public enum MigrationState {
    SCHEDULED("Scheduled"),
    PRECOPYING("Precopying"),
    AWAITING_CUTOVER("AwaitingCutover"),
    CUTTING_OVER("CuttingOver"),
    VERIFYING("Verifying"),
    COMPLETED("Completed"),
    COMMITTED("Committed"),
    ROLLING_BACK("RollingBack"),
    ROLLED_BACK("RolledBack"),
    FAILED("Failed"),
    CANCELLED("Cancelled");

    private final String wireName;

    MigrationState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Nothing more happens to a migration in a final state. */
    public boolean isFinal() {
        return this == COMMITTED || this == ROLLED_BACK || this == FAILED || this == CANCELLED;
    }

    /** Whether the source VM is still tied to this migration (no other may start). */
    public boolean holdsVm() {
        return !isFinal();
    }

    public static Optional<MigrationState> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
