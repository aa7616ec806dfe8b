package io.gio.odata.v4;

import io.gio.odata.EntityUpdates;
import io.gio.odata.http.ODataHttpRequest;
import io.gio.odata.http.ODataHttpResponse;
import io.gio.spf.SpfAdapter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.apache.olingo.server.api.serializer.SerializerResult;
import org.apache.olingo.commons.api.format.ContentType;
import io.gio.odata.query.Nesting;
import io.gio.spf.SpfException;

/**
 * The OData 4 dialect: Olingo's servlet-free raw handler with this service's processors. The
 * service metadata is built once; a handler is put together per request (it is cheap).
 */
public final class V4Service {

    private final OData odata;
    private final ServiceMetadata metadata;
    private final ServiceMetadata published;
    private final SpfAdapter adapter;
    private final EntityUpdates updates;
    private final int pageSize;
    private final V4JsonWriter json = new V4JsonWriter();

    /**
     * @param metadata the model requests are parsed and served with ({@code VmmEdmProvider.forUriParsing})
     * @param published the model {@code $metadata} shows
     */
    public V4Service(OData odata, ServiceMetadata metadata, ServiceMetadata published, SpfAdapter adapter,
            EntityUpdates updates, int pageSize) {
        this.odata = odata;
        this.metadata = metadata;
        this.published = published;
        this.adapter = adapter;
        this.updates = updates;
        this.pageSize = pageSize;
    }

    public ODataHttpResponse handle(ODataHttpRequest req) {
        try {
            Nesting.requireShallow(req.rawQuery());
        } catch (SpfException e) {
            return error(400, e.code().name(), e.getMessage());
        }
        V4Context ctx = new V4Context(adapter, updates, req.principal(), req.scope(), pageSize, json, published);
        ODataHandler handler = odata.createRawHandler(metadata);
        handler.register(new V4CollectionProcessor(ctx));
        handler.register(new V4EntityProcessor(ctx));
        handler.register(new V4PropertyProcessor(ctx));
        handler.register(new V4ActionProcessor(ctx));
        handler.register(new V4MetadataProcessor(published));
        handler.register(new V4ErrorProcessor());
        ODataResponse res = handler.process(toOlingo(req));
        Map<String, String> headers = new LinkedHashMap<>();
        res.getAllHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        InputStream content = res.getContent();
        return new ODataHttpResponse(res.getStatusCode(), headers,
                content == null ? ODataHttpResponse.EMPTY : out -> {
                    try (InputStream in = content) {
                        in.transferTo(out);
                    }
                });
    }

    /** An error answered before Olingo sees the request, in Olingo's OData 4 JSON error format. */
    private ODataHttpResponse error(int status, String code, String message) {
        try {
            SerializerResult body = odata.createSerializer(ContentType.JSON)
                    .error(new ODataServerError().setStatusCode(status).setCode(code).setMessage(message));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", ContentType.JSON.toContentTypeString());
            headers.put("OData-Version", "4.0");
            InputStream content = body.getContent();
            return new ODataHttpResponse(status, headers, out -> {
                try (InputStream in = content) {
                    in.transferTo(out);
                }
            });
        } catch (SerializerException e) {
            throw new IllegalStateException("cannot write an OData 4 error", e);
        }
    }

    private static ODataRequest toOlingo(ODataHttpRequest req) {
        ODataRequest o = new ODataRequest();
        o.setMethod(method(req.method()));
        for (Map.Entry<String, List<String>> h : req.headers().entrySet()) {
            o.addHeader(h.getKey(), h.getValue());
        }
        o.setBody(new ByteArrayInputStream(req.body()));
        String base = req.serviceRoot().endsWith("/")
                ? req.serviceRoot().substring(0, req.serviceRoot().length() - 1) : req.serviceRoot();
        // Olingo does not read '+' as a space in query strings; clients that send it mean one.
        String query = req.rawQuery().replace("+", "%20");
        o.setRawBaseUri(base);
        o.setRawODataPath("/" + req.path());
        o.setRawQueryPath(query.isEmpty() ? null : query);
        o.setRawRequestUri(base + "/" + req.path() + (query.isEmpty() ? "" : "?" + query));
        o.setRawServiceResolutionUri(null);
        o.setProtocol("HTTP/1.1");
        return o;
    }

    private static HttpMethod method(String m) {
        try {
            return HttpMethod.valueOf(m.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return HttpMethod.GET;
        }
    }
}
