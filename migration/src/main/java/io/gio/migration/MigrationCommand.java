package io.gio.migration;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a tenant can ask of a migration, SPF style ({@code Operation} in a PUT or MERGE):
 * <ul>
 * <li>{@code CUTOVER}: in Confirm mode, once the pre-copy has converged (AwaitingCutover);</li>
 * <li>{@code CANCEL}: before the cut-over starts (Scheduled, Precopying, AwaitingCutover);</li>
 * <li>{@code ROLLBACK}: once Completed, until Commit or the retention period ends;</li>
 * <li>{@code COMMIT}: once Completed; deletes the retained source VM.</li>
 * </ul>
 */
public enum MigrationCommand {
    CUTOVER("Cutover"),
    CANCEL("Cancel"),
    ROLLBACK("Rollback"),
    COMMIT("Commit");

    private final String wireName;

    MigrationCommand(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MigrationCommand> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
