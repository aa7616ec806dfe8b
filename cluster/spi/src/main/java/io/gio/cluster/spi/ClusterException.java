package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

/** The one exception type of the driver layer. Messages are meant for the tenant. */
public class ClusterException extends RuntimeException {

    private final ClusterErrorCode code;

    public ClusterException(ClusterErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public ClusterException(ClusterErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ClusterErrorCode code() {
        return code;
    }
}
