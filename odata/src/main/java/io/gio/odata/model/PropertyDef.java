package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

/**
 * A structural property as the OData 3 model declares it.
 *
 * @param name the property name
 * @param type the OData 3 type name as written in the model: {@code Edm.DateTime},
 *     {@code VMM.ErrorInfo}, {@code Collection(Edm.String)}, {@code Edm.Stream}
 * @param nullable whether the property may be null
 */
public record PropertyDef(String name, String type, boolean nullable) {
    private static final String COLLECTION_PREFIX = "Collection(";
    private static final String EDM_PREFIX = "Edm.";
    private static final String STREAM = "Edm.Stream";

    public PropertyDef {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("property name is blank");
        }
        if (type.startsWith(COLLECTION_PREFIX) != type.endsWith(")")
                || type.equals(COLLECTION_PREFIX + ")")) {
            throw new IllegalArgumentException("malformed type '" + type + "' of property " + name);
        }
    }

    public boolean isCollection() {
        return type.startsWith(COLLECTION_PREFIX);
    }

    /** The element type of a collection, or the type itself for a single value. */
    public String elementType() {
        return isCollection() ? type.substring(COLLECTION_PREFIX.length(), type.length() - 1) : type;
    }

    /** A single complex value (not a collection of them). */
    public boolean isComplex() {
        return !isCollection() && !type.startsWith(EDM_PREFIX);
    }

    /** A single primitive value; {@code Edm.Stream} (a named stream) is not counted as primitive. */
    public boolean isPrimitive() {
        return !isCollection() && type.startsWith(EDM_PREFIX) && !isStream();
    }

    /** A named stream ({@code Edm.Stream}); it has no value inside the entity. */
    public boolean isStream() {
        return type.equals(STREAM);
    }

    /** Whether the element type (of a collection, or the type itself) is a complex type. */
    public boolean hasComplexElements() {
        return !elementType().startsWith(EDM_PREFIX);
    }
}
