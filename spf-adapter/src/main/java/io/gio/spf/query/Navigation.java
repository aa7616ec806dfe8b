package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** The entity a query navigates from: {@code VirtualMachines(ID=..,StampId=..)/VirtualHardDisks}. */
public record Navigation(String parentSet, Map<String, Object> parentKey, String property) {
    public Navigation {
        requireNonNull(parentSet, "parentSet is null");
        parentKey = Map.copyOf(requireNonNull(parentKey, "parentKey is null"));
        requireNonNull(property, "property is null");
    }
}
