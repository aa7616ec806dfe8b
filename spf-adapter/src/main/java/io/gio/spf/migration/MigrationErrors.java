package io.gio.spf.migration;

import io.gio.migration.MigrationException;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;

/** The engine's refusals as the adapter's: NOT_FOUND 404, INVALID 400, CONFLICT 409, UNAVAILABLE 503. */
final class MigrationErrors {
    private MigrationErrors() {}

    static SpfException of(MigrationException e) {
        SpfErrorCode code = switch (e.reason()) {
            case NOT_FOUND -> SpfErrorCode.NOT_FOUND;
            case INVALID -> SpfErrorCode.BAD_REQUEST;
            case CONFLICT -> SpfErrorCode.CONFLICT;
            case UNAVAILABLE -> SpfErrorCode.UNAVAILABLE;
        };
        return new SpfException(code, sentence(e.getMessage()), e);
    }

    /** The engine's message as a sentence: capitalised, ending with a full stop. */
    static String sentence(String message) {
        String m = message == null || message.isBlank() ? "The migration was refused" : message.trim();
        m = Character.toUpperCase(m.charAt(0)) + m.substring(1);
        return m.endsWith(".") ? m : m + ".";
    }
}
