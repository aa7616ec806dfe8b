package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where a feed or entry comes from, for the links and metadata URLs of a JSON response.
 *
 * @param serviceRoot the absolute service root; a trailing '/' is added when missing
 * @param entitySet the entity set the entities belong to (for a navigation, the target's set)
 * @param format the JSON flavour
 * @param select the {@code $select} items as the client wrote them (structural properties,
 *     navigation names, {@code *}); empty means everything in the rows. Rows must still carry
 *     the key values, which links are built from even when they are not selected.
 */
public record V3JsonContext(String serviceRoot, String entitySet, V3JsonFormat format, List<String> select) {
    public V3JsonContext {
        requireNonNull(serviceRoot, "serviceRoot is null");
        requireNonNull(entitySet, "entitySet is null");
        requireNonNull(format, "format is null");
        select = List.copyOf(requireNonNull(select, "select is null"));
        if (!serviceRoot.endsWith("/")) {
            serviceRoot = serviceRoot + "/";
        }
    }

    public V3JsonContext(String serviceRoot, String entitySet, V3JsonFormat format) {
        this(serviceRoot, entitySet, format, List.of());
    }

    boolean selects(String member) {
        return select.isEmpty() || select.contains(member) || select.contains("*");
    }

    /** Whether a navigation link is asked for ({@code *} covers structural properties only). */
    boolean selectsNavigation(String navigation) {
        return select.isEmpty() || select.contains(navigation);
    }

    /** The {@code &$select=...} suffix of a JSON light metadata URL, or "". */
    String selectSuffix() {
        return select.isEmpty() ? "" : "&$select=" + String.join(",", select);
    }
}
