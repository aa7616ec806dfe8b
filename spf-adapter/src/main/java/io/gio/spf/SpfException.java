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

    /**
     * A refusal by the fabric, for a call the client waits for (not a job): the fabric's message
     * is kept, its code mapped once here.
     */
    public static SpfException fromFabric(io.gio.cluster.spi.ClusterException e) {
        SpfErrorCode code = switch (e.code()) {
            case NOT_FOUND -> SpfErrorCode.NOT_FOUND;
            case INVALID_ARGUMENT, UNSUPPORTED, CAPACITY -> SpfErrorCode.BAD_REQUEST;
            case INVALID_STATE -> SpfErrorCode.CONFLICT;
            case FABRIC_FAILURE -> SpfErrorCode.INTERNAL;
        };
        return new SpfException(code, e.getMessage(), e);
    }
}
