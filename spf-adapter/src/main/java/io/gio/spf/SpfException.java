package io.gio.spf;

import static java.util.Objects.requireNonNull;

/** The one exception type of the SPF adapter. Messages are safe to show to the caller. */
public class SpfException extends RuntimeException {

    private final SpfErrorCode code;

    public SpfException(SpfErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public SpfException(SpfErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public SpfErrorCode code() {
        return code;
    }

    public static SpfException notFound(String message) {
        return new SpfException(SpfErrorCode.NOT_FOUND, message);
    }

    public static SpfException badRequest(String message) {
        return new SpfException(SpfErrorCode.BAD_REQUEST, message);
    }
}
