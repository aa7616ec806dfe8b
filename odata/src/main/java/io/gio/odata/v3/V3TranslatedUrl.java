package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An OData 3 request URL in the OData 4 form Olingo's URI parser accepts.
 *
 * @param path the resource path, percent-encoded (a leading '/' kept if the input had one)
 * @param query the remaining query options, percent-encoded with {@code %20} for spaces; empty
 *     when none remain
 * @param format the OData 3 {@code $format} value (decoded), removed from {@code query}
 * @param customOptions custom (non-$) query options, decoded, in request order, removed from
 *     {@code query}; when a name repeats the first value is kept
 */
public record V3TranslatedUrl(String path, String query, Optional<String> format, Map<String, String> customOptions) {
    public V3TranslatedUrl {
        requireNonNull(path, "path is null");
        requireNonNull(query, "query is null");
        requireNonNull(format, "format is null");
        customOptions = Collections.unmodifiableMap(
                new LinkedHashMap<>(requireNonNull(customOptions, "customOptions is null")));
    }
}
