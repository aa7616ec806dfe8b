package io.gio.odata.v3;

/**
 * An OData 3 request URL (path, query option or literal) that cannot be understood. Callers
 * answer it with HTTP 400 Bad Request and the message.
 */
public final class V3SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public V3SyntaxException(String message) {
        super(message);
    }

    public V3SyntaxException(String message, Throwable cause) {
        super(message, cause);
    }
}
