package io.gio.odata.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An entity type.
 *
 * @param name the unqualified name; the namespace comes from the {@link SchemaDef} holding it
 * @param key the key property names in key order
 * @param properties the structural properties in model order (named streams included, typed
 *     {@code Edm.Stream})
 * @param navigations the navigation properties in model order
 * @param entitySet the name of the entity set holding entities of this type
 * @param namedStreams the names of the named-stream properties
 */
public record EntityTypeDef(
        String name,
        List<String> key,
        List<PropertyDef> properties,
        List<NavigationDef> navigations,
        String entitySet,
        List<String> namedStreams) {

    public EntityTypeDef {
        requireNonNull(name, "name is null");
        key = List.copyOf(requireNonNull(key, "key is null"));
        properties = List.copyOf(requireNonNull(properties, "properties is null"));
        navigations = List.copyOf(requireNonNull(navigations, "navigations is null"));
        requireNonNull(entitySet, "entitySet is null");
        namedStreams = List.copyOf(requireNonNull(namedStreams, "namedStreams is null"));
        if (key.isEmpty()) {
            throw new IllegalArgumentException("entity type " + name + " has no key");
        }
        List<String> memberNames = new ArrayList<>();
        properties.forEach(p -> memberNames.add(p.name()));
        navigations.forEach(n -> memberNames.add(n.name()));
        Names.requireUnique(memberNames, "member of " + name);
        for (String k : key) {
            PropertyDef p = findProperty(properties, k)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "key " + k + " of " + name + " is not a property"));
            if (!p.isPrimitive() || p.nullable()) {
                throw new IllegalArgumentException(
                        "key " + k + " of " + name + " must be a non-nullable primitive");
            }
        }
        for (String s : namedStreams) {
            if (!findProperty(properties, s).map(PropertyDef::isStream).orElse(false)) {
                throw new IllegalArgumentException(
                        "named stream " + s + " of " + name + " is not an Edm.Stream property");
            }
        }
    }

    public Optional<PropertyDef> property(String propertyName) {
        return findProperty(properties, propertyName);
    }

    public Optional<NavigationDef> navigation(String navigationName) {
        return navigations.stream().filter(n -> n.name().equals(navigationName)).findFirst();
    }

    /** The key properties in key order. */
    public List<PropertyDef> keyProperties() {
        return key.stream().map(k -> findProperty(properties, k).orElseThrow()).toList();
    }

    private static Optional<PropertyDef> findProperty(List<PropertyDef> properties, String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
