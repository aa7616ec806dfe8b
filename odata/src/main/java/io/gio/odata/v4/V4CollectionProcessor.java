package io.gio.odata.v4;

import io.gio.odata.query.Paging;
import io.gio.odata.query.ResourceRequest;
import io.gio.odata.query.RowCompleter;
import io.gio.odata.query.UriResolver;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.CountEntityCollectionProcessor;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.queryoption.SkipTokenOption;

/**
 * Collections in OData 4. Server-driven paging: at most {@code pageSize} entities per response
 * (fewer when the client prefers {@code odata.maxpagesize}), with an {@code @odata.nextLink}
 * carrying {@code $skiptoken} when more remain.
 */
final class V4CollectionProcessor implements CountEntityCollectionProcessor {

    private final V4Context ctx;
    private OData odata;

    V4CollectionProcessor(V4Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
    }

    @Override
    public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uri, ContentType format)
            throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            EntityQuery q = r.query();
            Paging paging = Paging.of(Optional.ofNullable(uri.getSkipTokenOption()).map(SkipTokenOption::getValue),
                    Optional.ofNullable(request.getHeader("Prefer")), OptionalInt.of(ctx.pageSize()));
            int page = paging.limit(q.top());
            EntityQuery pageQuery = new EntityQuery(q.entitySet(), q.via(), q.key(), q.filter(), q.orderBy(),
                    OptionalInt.of(page + 1), q.skip() + paging.offset(), RowCompleter.withKeys(r.entityType(), q.select()),
                    q.expand());
            List<EntityRow> rows = ctx.reader().list(pageQuery);
            List<EntityRow> shown = rows.stream().limit(page)
                    .map(row -> RowCompleter.complete(row, r.entityType(), q.select(), q.expand())).toList();
            OptionalLong count = r.count() ? OptionalLong.of(ctx.reader().count(q)) : OptionalLong.empty();
            URI next = rows.size() > page && paging.mayContinue(q.top())
                    ? URI.create(paging.nextLink(request.getRawBaseUri() + request.getRawODataPath(),
                            Optional.ofNullable(request.getRawQueryPath()).orElse(""), page))
                    : null;
            paging.preferenceApplied().ifPresent(p -> response.setHeader("Preference-Applied", p));
            String select = odata.createUriHelper().buildContextURLSelectList(r.entityType(), uri.getExpandOption(),
                    uri.getSelectOption());
            ContextURL context = ContextUrls.with(request).entitySet(r.entitySet()).selectList(select).build();
            if (V4JsonWriter.handles(format, uri.getExpandOption() != null)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(4096 * (shown.size() + 1));
                ctx.json().writeCollection(out, context, r.entityType(), q.select(), shown, count, next);
                response.setContent(new ByteArrayInputStream(out.toByteArray()));
                response.setStatusCode(HttpStatusCode.OK.getStatusCode());
                response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
                return;
            }
            EntityConverter conv = new EntityConverter(odata.createUriHelper());
            EntityCollection c = new EntityCollection();
            EdmEntityType published = ctx.published(r.entityType());
            shown.forEach(row -> c.getEntities().add(conv.entity(row, r.entitySet(), published)));
            count.ifPresent(n -> c.setCount((int) Math.min(Integer.MAX_VALUE, n)));
            c.setNext(next);
            EntityCollectionSerializerOptions opts = EntityCollectionSerializerOptions.with()
                    .contextURL(context).id(request.getRawBaseUri() + "/" + r.entitySet().getName())
                    .count(uri.getCountOption()).select(uri.getSelectOption()).expand(uri.getExpandOption()).build();
            response.setContent(odata.createSerializer(format)
                    .entityCollection(ctx.published(), published, c, opts).getContent());
            response.setStatusCode(HttpStatusCode.OK.getStatusCode());
            response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        });
    }

    @Override
    public void countEntityCollection(ODataRequest request, ODataResponse response, UriInfo uri)
            throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            long n = ctx.reader().count(r.query());
            response.setContent(new java.io.ByteArrayInputStream(Long.toString(n).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            response.setStatusCode(HttpStatusCode.OK.getStatusCode());
            response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.TEXT_PLAIN.toContentTypeString());
        });
    }
}
