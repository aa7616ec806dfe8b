package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

/**
 * An entity set of the entity container.
 *
 * @param name the set name, e.g. {@code VirtualMachines}
 * @param entityType the qualified entity type name, e.g. {@code VMM.VirtualMachine}
 */
public record EntitySetDef(String name, String entityType) {
    public EntitySetDef {
        requireNonNull(name, "name is null");
        requireNonNull(entityType, "entityType is null");
        if (name.isBlank() || entityType.indexOf('.') <= 0) {
            throw new IllegalArgumentException(
                    "entity set '" + name + "' needs a name and a qualified type, got '" + entityType + "'");
        }
    }
}
