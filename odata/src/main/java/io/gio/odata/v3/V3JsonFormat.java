package io.gio.odata.v3;

/** The OData 3 JSON flavours: JSON light at three metadata levels, and verbose JSON. */
public enum V3JsonFormat {
    /** {@code odata=minimalmetadata}, what {@code application/json} gets. */
    MINIMAL,
    /** {@code odata=fullmetadata}: adds type, id, edit and navigation links. */
    FULL,
    /** {@code odata=nometadata}: no {@code odata.metadata} and no annotations. */
    NONE,
    /** {@code odata=verbose}: the {@code {"d":...}} format with {@code __metadata}. */
    VERBOSE
}
