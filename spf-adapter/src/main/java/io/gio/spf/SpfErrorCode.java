package io.gio.spf;

/** Why an SPF operation was refused. The OData layer maps each code to one HTTP status, once. */
public enum SpfErrorCode {
    /** Malformed or invalid input (400). */
    BAD_REQUEST,
    /** The caller may not do this (403). */
    FORBIDDEN,
    /** The object does not exist, or the caller may not see it (404). */
    NOT_FOUND,
    /** The object's state forbids it, or it already exists (409). */
    CONFLICT,
    /** The method is not allowed on this resource (405). */
    METHOD_NOT_ALLOWED,
    /** None of the response formats the client accepts can be produced (406). */
    NOT_ACCEPTABLE,
    /** A part of the protocol this service does not implement, such as {@code $search} (501). */
    NOT_IMPLEMENTED,
    /** A bug or a store failure (500). */
    INTERNAL,
    /** Busy for now; the same request may succeed if tried again (503). */
    UNAVAILABLE
}
