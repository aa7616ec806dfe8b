package io.gio.odata.v4;

import io.gio.odata.EntityUpdates;
import io.gio.odata.query.ResourceRequest;
import io.gio.odata.query.RowCompleter;
import io.gio.odata.query.UriResolver;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.EntityProcessor;
import org.apache.olingo.server.api.serializer.EntitySerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;

/** Single entities in OData 4: read, and updates (PATCH/PUT) that carry SPF's {@code Operation}. */
final class V4EntityProcessor implements EntityProcessor {

    private final V4Context ctx;
    private OData odata;
    private ServiceMetadata metadata;

    V4EntityProcessor(V4Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
        this.metadata = metadata;
    }

    @Override
    public void readEntity(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format)
            throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            EntityRow row = read(r);
            write(request, response, uri, format, r, row, HttpStatusCode.OK);
        });
    }

    @Override
    public void updateEntity(ODataRequest request, ODataResponse response, UriInfo uri, ContentType requestFormat,
            ContentType responseFormat) throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            if (r.query().via().isPresent()) {
                throw Failures.notAllowed("Updating through a navigation property");
            }
            Entity body = odata.createDeserializer(requestFormat, metadata)
                    .entity(request.getBody(), r.entityType()).getEntity();
            Map<String, Object> changes = OlingoValues.toMap(body.getProperties());
            EntityUpdates.Outcome outcome = ctx.updates().update(r.entitySet().getName(), r.key(), changes, async(uri),
                    ctx.principal(), ctx.scope());
            outcome.jobId().ifPresent(j -> response.setHeader("x-ms-request-id", j.toString()));
            String prefer = request.getHeader(HttpHeader.PREFER);
            if (prefer != null && prefer.contains("return=representation")) {
                write(request, response, uri, responseFormat, r, read(r), HttpStatusCode.OK);
                response.setHeader("Preference-Applied", "return=representation");
            } else {
                response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
            }
        });
    }

    @Override
    public void createEntity(ODataRequest request, ODataResponse response, UriInfo uri, ContentType requestFormat,
            ContentType responseFormat) throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            if (r.query().via().isPresent()) {
                throw Failures.notAllowed("Creating through a navigation property");
            }
            Entity body = odata.createDeserializer(requestFormat, metadata)
                    .entity(request.getBody(), r.entityType()).getEntity();
            EntityUpdates.Outcome outcome = ctx.updates().create(r.entitySet().getName(),
                    OlingoValues.toMap(body.getProperties()), async(uri), ctx.principal(), ctx.scope());
            outcome.jobId().ifPresent(j -> response.setHeader("x-ms-request-id", j.toString()));
            ResourceRequest created = ResourceRequest.entity(r, outcome.key());
            EntityRow row = read(created);
            EdmEntityType published = ctx.published(r.entityType());
        Entity e = new EntityConverter(odata.createUriHelper()).entity(row, r.entitySet(), published);
            // The id is relative to the service root; a relative Location would resolve against the host root.
            response.setHeader(HttpHeader.LOCATION, request.getRawBaseUri() + "/" + e.getId());
            String prefer = request.getHeader(HttpHeader.PREFER);
            if (prefer != null && prefer.contains("return=minimal")) {
                response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
                response.setHeader("Preference-Applied", "return=minimal");
                return;
            }
            write(request, response, uri, responseFormat, created, row, HttpStatusCode.CREATED);
        });
    }

    @Override
    public void deleteEntity(ODataRequest request, ODataResponse response, UriInfo uri) throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            if (r.query().via().isPresent()) {
                throw Failures.notAllowed("Deleting through a navigation property");
            }
            EntityUpdates.Outcome outcome = ctx.updates().delete(r.entitySet().getName(), r.key(), async(uri),
                    ctx.principal(), ctx.scope());
            outcome.jobId().ifPresent(j -> response.setHeader("x-ms-request-id", j.toString()));
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }

    /** SPF's {@code RunAsynchronously} custom query option. */
    static boolean async(UriInfo uri) {
        String flag = uri.getCustomQueryOptions().stream()
                .filter(o -> o.getName().equalsIgnoreCase("RunAsynchronously")).map(o -> o.getText())
                .findFirst().orElse("0");
        return "1".equals(flag) || "true".equalsIgnoreCase(flag);
    }

    private EntityRow read(ResourceRequest r) {
        EntityQuery q = r.query();
        EntityQuery sized = new EntityQuery(q.entitySet(), q.via(), q.key(), q.filter(), q.orderBy(), q.top(), q.skip(),
                RowCompleter.withKeys(r.entityType(), q.select()), q.expand());
        return ctx.reader().one(sized).map(row -> RowCompleter.complete(row, r.entityType(), q.select(), q.expand()))
                .orElseThrow(() -> SpfException.notFound("The " + r.entitySet().getName() + " entity "
                        + (r.key().isEmpty() ? "" : r.key() + " ") + "was not found."));
    }

    private void write(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format,
            ResourceRequest r, EntityRow row, HttpStatusCode status) throws Exception {
        String select = odata.createUriHelper().buildContextURLSelectList(r.entityType(), uri.getExpandOption(),
                uri.getSelectOption());
        ContextURL context = ContextUrls.with(request).entitySet(r.entitySet()).selectList(select)
                .suffix(ContextURL.Suffix.ENTITY).build();
        response.setStatusCode(status.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        if (V4JsonWriter.handles(format, uri.getExpandOption() != null)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            ctx.json().writeEntity(out, context, r.entityType(), r.query().select(), row);
            response.setContent(new ByteArrayInputStream(out.toByteArray()));
            return;
        }
        EdmEntityType published = ctx.published(r.entityType());
        Entity e = new EntityConverter(odata.createUriHelper()).entity(row, r.entitySet(), published);
        EntitySerializerOptions opts = EntitySerializerOptions.with().contextURL(context)
                .select(uri.getSelectOption()).expand(uri.getExpandOption()).build();
        response.setContent(odata.createSerializer(format).entity(ctx.published(), published, e, opts).getContent());
    }
}
