package io.gio.odata.v4;

import java.net.URI;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.server.api.ODataRequest;

/**
 * Absolute context URLs ({@code http://host/.../Microsoft.Management.Odata.svc/$metadata#...}), as the
 * OData 3 dialect writes them. Clients resolve the payload's relative URLs (ids, media links) against
 * the context URL; Olingo's client does not resolve a relative context URL against the request URL,
 * and .NET's ODataLib refuses one.
 */
final class ContextUrls {
    private ContextUrls() {}

    static ContextURL.Builder with(ODataRequest request) {
        return ContextURL.with().serviceRoot(URI.create(request.getRawBaseUri() + "/"));
    }
}
