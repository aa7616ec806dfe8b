package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

/**
 * A navigation property.
 *
 * @param name the property name
 * @param targetType the target entity type, unqualified when it lives in the same schema as the
 *     source type (as the model JSON writes it), qualified otherwise
 * @param collection whether the navigation leads to many entities
 */
public record NavigationDef(String name, String targetType, boolean collection) {
    public NavigationDef {
        requireNonNull(name, "name is null");
        requireNonNull(targetType, "targetType is null");
        if (name.isBlank() || targetType.isBlank()) {
            throw new IllegalArgumentException("navigation name or target is blank");
        }
    }
}
