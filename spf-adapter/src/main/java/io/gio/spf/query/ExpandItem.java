package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An expanded navigation property; {@code select} empty means every property. */
public record ExpandItem(String property, List<String> select) {
    public ExpandItem {
        requireNonNull(property, "property is null");
        select = List.copyOf(requireNonNull(select, "select is null"));
    }
}
