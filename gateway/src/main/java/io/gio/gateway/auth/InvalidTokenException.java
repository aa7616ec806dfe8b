package io.gio.gateway.auth;

/** A bearer token that was refused. The reason is for the DEBUG log only, never for the caller. */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
