package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

/**
 * A navigation property: the target set's rows whose {@code targetColumn} equals the parent
 * row's {@code parentColumn} (both SQL over alias {@code t} of their own table).
 */
public record NavMapping(String targetSet, String parentColumn, String targetColumn, boolean collection) {
    public NavMapping {
        requireNonNull(targetSet, "targetSet is null");
        requireNonNull(parentColumn, "parentColumn is null");
        requireNonNull(targetColumn, "targetColumn is null");
    }
}
