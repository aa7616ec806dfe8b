package io.gio.odata.v3;

/** What a response body holds; Atom/XML content types depend on it. */
public enum V3Payload {
    FEED, ENTRY, PROPERTY, COLLECTION, SERVICE_DOCUMENT, METADATA, ERROR
}
