package io.gio.migration;

import java.util.Arrays;
import java.util.Optional;

/** Whether the cut-over follows the pre-copy at once, or waits for the tenant's {@code Cutover}. */
public enum CutoverMode {
    AUTOMATIC("Automatic"),
    CONFIRM("Confirm");

    private final String wireName;

    CutoverMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CutoverMode> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
