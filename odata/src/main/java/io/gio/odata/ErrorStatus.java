package io.gio.odata;

import io.gio.spf.SpfErrorCode;

/** The one mapping of adapter error codes to HTTP status codes. */
public final class ErrorStatus {
    private ErrorStatus() {}

    public static int of(SpfErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case INTERNAL -> 500;
            case UNAVAILABLE -> 503;
            case NOT_IMPLEMENTED -> 501;
        };
    }
}
