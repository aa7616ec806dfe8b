package io.gio.migration;

import static java.util.Objects.requireNonNull;

/** A refused migration request; the message says why, in words a tenant understands. */
public final class MigrationException extends RuntimeException {

    /** Why: the API maps NOT_FOUND to 404, INVALID to 400, CONFLICT to 409, UNAVAILABLE to 503. */
    public enum Reason { NOT_FOUND, INVALID, CONFLICT, UNAVAILABLE }

    private final Reason reason;

    public MigrationException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }
}
