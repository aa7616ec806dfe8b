package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A complex type: a name (unqualified, see {@link SchemaDef}) and its properties in model order. */
public record ComplexTypeDef(String name, List<PropertyDef> properties) {
    public ComplexTypeDef {
        requireNonNull(name, "name is null");
        properties = List.copyOf(requireNonNull(properties, "properties is null"));
        Names.requireUnique(properties.stream().map(PropertyDef::name).toList(), "property of " + name);
    }

    public Optional<PropertyDef> property(String propertyName) {
        return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
    }
}
