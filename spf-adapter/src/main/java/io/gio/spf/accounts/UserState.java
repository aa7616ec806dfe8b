package io.gio.spf.accounts;

import io.gio.spf.SpfException;
import java.util.Locale;

/**
 * WAP's user state (User common object: 1 Active, 2 Suspended; {@code DeletePending} while the user
 * is removed with its subscriptions). Only an active account may sign in or use a token. WAP's 0
 * (pending validation) has no counterpart: the gateway is its own authentication site and has
 * nothing to validate.
 */
public enum UserState {
    ACTIVE("Active", 1),
    SUSPENDED("Suspended", 2),
    DELETE_PENDING("DeletePending", 3);

    private final String wireName;
    private final int code;

    UserState(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    /** The stored name, also WAP's enum name ({@code Active}, {@code Suspended}, {@code DeletePending}). */
    public String wireName() {
        return wireName;
    }

    /** WAP's number for it. */
    public int code() {
        return code;
    }

    /** The state stored under a name; unknown names (none are written) read as suspended, failing closed. */
    static UserState ofStored(String name) {
        for (UserState s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        return SUSPENDED;
    }

    /** A state an administrator may set: {@code 1}/{@code Active} or {@code 2}/{@code Suspended}; a 400 otherwise. */
    public static UserState settable(String value) {
        String v = value == null ? "" : value.trim();
        for (UserState s : new UserState[] {ACTIVE, SUSPENDED}) {
            if (v.equals(Integer.toString(s.code)) || v.equalsIgnoreCase(s.wireName)) {
                return s;
            }
        }
        if (v.equals("3") || v.toLowerCase(Locale.ROOT).equals("deletepending")) {
            throw SpfException.badRequest("State DeletePending is set by deleting the user (DELETE /users/{name}).");
        }
        if (v.equals("0") || v.toLowerCase(Locale.ROOT).equals("pendingvalidation")) {
            throw SpfException.badRequest("State 0 (PendingValidation) is not supported: the gateway's accounts need"
                    + " no validation. Use 1 (Active) or 2 (Suspended).");
        }
        throw SpfException.badRequest("State must be 1 (Active) or 2 (Suspended), got '" + value + "'.");
    }
}
