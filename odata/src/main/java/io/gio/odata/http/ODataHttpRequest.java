package io.gio.odata.http;

import static java.util.Objects.requireNonNull;

import io.gio.spf.accounts.Principal;
import io.gio.spf.query.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request to the VMM OData service, independent of the server framework.
 *
 * @param serviceRoot absolute URL of the service root, ending with {@code /}
 * @param path the raw (percent-encoded) path below the service root, without a leading {@code /}
 * @param rawQuery the raw query string without {@code ?}, or empty
 * @param scope what the request may see and change: unrestricted for the SPF administrator, one
 *     subscription on the WAP tenant paths
 */
public record ODataHttpRequest(
        String method,
        String serviceRoot,
        String path,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] body,
        Principal principal,
        Scope scope) {

    public ODataHttpRequest {
        requireNonNull(method, "method is null");
        requireNonNull(serviceRoot, "serviceRoot is null");
        requireNonNull(path, "path is null");
        requireNonNull(rawQuery, "rawQuery is null");
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requireNonNull(headers, "headers is null").forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(h);
        requireNonNull(body, "body is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(scope, "scope is null");
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(String.join(",", v));
    }
}
