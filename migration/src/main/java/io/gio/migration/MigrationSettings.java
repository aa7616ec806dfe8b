package io.gio.migration;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The operator's settings.
 *
 * @param linkBudgets bits per second migrations may use on a link, by link ID; a link without an
 *     entry may use its whole bandwidth (less the tenants' guaranteed minimums, always)
 * @param maxPerSourceVolume migrations copying from one source volume at once
 * @param maxPerLink migrations copying over one link at once
 * @param retention how long a completed migration keeps its source VM for a rollback
 */
public record MigrationSettings(
        Map<UUID, Long> linkBudgets, int maxPerSourceVolume, int maxPerLink, Duration retention) {

    public static final int DEFAULT_MAX_PER_SOURCE_VOLUME = 4;
    public static final int DEFAULT_MAX_PER_LINK = 32;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public MigrationSettings {
        linkBudgets = Map.copyOf(requireNonNull(linkBudgets, "linkBudgets is null"));
        requireNonNull(retention, "retention is null");
        if (maxPerSourceVolume < 1 || maxPerLink < 1) {
            throw new IllegalArgumentException("concurrency caps must be at least 1");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        linkBudgets.values().forEach(v -> {
            if (v <= 0) {
                throw new IllegalArgumentException("a link budget must be positive");
            }
        });
    }

    public static MigrationSettings defaults() {
        return new MigrationSettings(Map.of(), DEFAULT_MAX_PER_SOURCE_VOLUME, DEFAULT_MAX_PER_LINK, DEFAULT_RETENTION);
    }

    public OptionalLong linkBudget(UUID linkId) {
        Long v = linkBudgets.get(linkId);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
