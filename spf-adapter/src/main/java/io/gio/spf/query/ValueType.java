package io.gio.spf.query;

/** How a stored column is read into an {@link EntityRow} value. */
public enum ValueType {
    GUID,
    STRING,
    BOOLEAN,
    /** Edm.Byte, read as Short. */
    BYTE,
    INT16,
    INT32,
    INT64,
    /** Edm.Double, read as Double. */
    DOUBLE,
    DATETIME,
    /** A collection of strings stored comma-separated. */
    STRING_LIST,
    /** A complex value or collection stored as JSON text. */
    JSON
}
