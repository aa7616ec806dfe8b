package io.gio.odata.v4;

import io.gio.odata.NamedStreams;
import io.gio.odata.query.ResourceRequest;
import io.gio.odata.query.RowCompleter;
import io.gio.odata.query.UriResolver;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.edm.EdmComplexType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ComplexCollectionProcessor;
import org.apache.olingo.server.api.processor.ComplexProcessor;
import org.apache.olingo.server.api.processor.PrimitiveCollectionProcessor;
import org.apache.olingo.server.api.processor.PrimitiveValueProcessor;
import org.apache.olingo.server.api.serializer.ComplexSerializerOptions;
import org.apache.olingo.server.api.serializer.PrimitiveSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;

/** Individual properties in OData 4 (read only): primitive, {@code $value}, complex and collections. */
final class V4PropertyProcessor implements PrimitiveValueProcessor, ComplexProcessor, PrimitiveCollectionProcessor,
        ComplexCollectionProcessor {

    private final V4Context ctx;
    private OData odata;

    V4PropertyProcessor(V4Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
    }

    private record Found(ResourceRequest request, EdmProperty edm, Property property) {}

    private Found find(UriInfo uri) {
        ResourceRequest r = UriResolver.resolve(uri);
        String name = r.property().orElseThrow();
        EntityQuery q = r.query();
        EntityRow row = ctx.reader().one(new EntityQuery(q.entitySet(), q.via(), q.key(), q.filter(),
                        q.orderBy(), q.top(), q.skip(), List.of(), List.of()))
                .map(x -> RowCompleter.complete(x, r.entityType(), List.of()))
                .orElseThrow(() -> SpfException.notFound("The " + r.entitySet().getName() + " entity was not found."));
        EdmProperty edm = ctx.published(r.entityType()).getStructuralProperty(name);
        return new Found(r, edm, EntityConverter.property(edm, row.get(name)));
    }

    private ContextURL context(ODataRequest request, Found f) {
        return ContextUrls.with(request).entitySet(f.request().entitySet()).keyPath(keyPath(f.request()))
                .navOrPropertyPath(f.edm().getName()).build();
    }

    private String keyPath(ResourceRequest r) {
        StringBuilder sb = new StringBuilder();
        r.key().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    @Override
    public void readPrimitive(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format)
            throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            if (r.kind() == ResourceRequest.Kind.STREAM) {
                NamedStreams.Content c = new NamedStreams(ctx.adapter()).open(ctx.reader(), r.entitySet().getName(), r.key(),
                        r.property().orElseThrow());
                response.setContent(new ByteArrayInputStream(c.bytes()));
                response.setStatusCode(HttpStatusCode.OK.getStatusCode());
                response.setHeader(HttpHeader.CONTENT_TYPE, c.contentType());
                return;
            }
            Found f = find(uri);
            response.setContent(odata.createSerializer(format).primitive(ctx.published(), (EdmPrimitiveType) f.edm().getType(),
                    f.property(), PrimitiveSerializerOptions.with().contextURL(context(request, f)).build()).getContent());
            ok(response, format);
        });
    }

    @Override
    public void readPrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format)
            throws ODataApplicationException {
        Failures.guard(() -> {
            Found f = find(uri);
            if (f.property().getValue() == null) {
                response.setStatusCode(204);
                return;
            }
            EdmPrimitiveType t = (EdmPrimitiveType) f.edm().getType();
            String text = t.valueToString(f.property().getValue(), f.edm().isNullable(), f.edm().getMaxLength(),
                    f.edm().getPrecision(), f.edm().getScale(), f.edm().isUnicode());
            response.setContent(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            ok(response, ContentType.TEXT_PLAIN);
        });
    }

    @Override
    public void readComplex(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format)
            throws ODataApplicationException {
        Failures.guard(() -> {
            Found f = find(uri);
            if (f.property().getValue() == null) {
                response.setStatusCode(204);
                return;
            }
            response.setContent(odata.createSerializer(format).complex(ctx.published(), (EdmComplexType) f.edm().getType(),
                    f.property(), ComplexSerializerOptions.with().contextURL(context(request, f)).build()).getContent());
            ok(response, format);
        });
    }

    @Override
    public void readPrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format)
            throws ODataApplicationException {
        Failures.guard(() -> {
            Found f = find(uri);
            response.setContent(odata.createSerializer(format).primitiveCollection(ctx.published(),
                    (EdmPrimitiveType) f.edm().getType(), f.property(),
                    PrimitiveSerializerOptions.with().contextURL(context(request, f)).build()).getContent());
            ok(response, format);
        });
    }

    @Override
    public void readComplexCollection(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format)
            throws ODataApplicationException {
        Failures.guard(() -> {
            Found f = find(uri);
            response.setContent(odata.createSerializer(format).complexCollection(ctx.published(),
                    (EdmComplexType) f.edm().getType(), f.property(),
                    ComplexSerializerOptions.with().contextURL(context(request, f)).build()).getContent());
            ok(response, format);
        });
    }

    private static void ok(ODataResponse response, ContentType format) {
        response.setStatusCode(200);
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }

    @Override
    public void updatePrimitive(ODataRequest q, ODataResponse r, UriInfo u, ContentType a, ContentType b)
            throws ODataApplicationException {
        throw Failures.notAllowed("Updating a property");
    }

    @Override
    public void deletePrimitive(ODataRequest q, ODataResponse r, UriInfo u) throws ODataApplicationException {
        throw Failures.notAllowed("Deleting a property");
    }

    @Override
    public void updatePrimitiveValue(ODataRequest q, ODataResponse r, UriInfo u, ContentType a, ContentType b)
            throws ODataApplicationException {
        throw Failures.notAllowed("Updating a property");
    }

    @Override
    public void deletePrimitiveValue(ODataRequest q, ODataResponse r, UriInfo u) throws ODataApplicationException {
        throw Failures.notAllowed("Deleting a property");
    }

    @Override
    public void updateComplex(ODataRequest q, ODataResponse r, UriInfo u, ContentType a, ContentType b)
            throws ODataApplicationException {
        throw Failures.notAllowed("Updating a property");
    }

    @Override
    public void deleteComplex(ODataRequest q, ODataResponse r, UriInfo u) throws ODataApplicationException {
        throw Failures.notAllowed("Deleting a property");
    }

    @Override
    public void updatePrimitiveCollection(ODataRequest q, ODataResponse r, UriInfo u, ContentType a, ContentType b)
            throws ODataApplicationException {
        throw Failures.notAllowed("Updating a property");
    }

    @Override
    public void deletePrimitiveCollection(ODataRequest q, ODataResponse r, UriInfo u) throws ODataApplicationException {
        throw Failures.notAllowed("Deleting a property");
    }

    @Override
    public void updateComplexCollection(ODataRequest q, ODataResponse r, UriInfo u, ContentType a, ContentType b)
            throws ODataApplicationException {
        throw Failures.notAllowed("Updating a property");
    }

    @Override
    public void deleteComplexCollection(ODataRequest q, ODataResponse r, UriInfo u) throws ODataApplicationException {
        throw Failures.notAllowed("Deleting a property");
    }
}
