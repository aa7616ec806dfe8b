package io.gio.migration;

import java.time.Instant;
import java.util.UUID;

/** One entry of a migration's timeline: what happened, when, and the state it left. */
public record MigrationEvent(UUID migrationId, int seq, Instant at, MigrationState state, String message) {}
