package io.gio.odata.v3;

import com.fasterxml.jackson.core.JsonFactory;
import io.gio.odata.NamedStreams;
import io.gio.odata.http.ODataHttpResponse;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import io.gio.odata.query.ResourceRequest;
import io.gio.odata.query.RowCompleter;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityReader;
import io.gio.spf.query.EntityRow;
import io.gio.odata.query.Paging;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/** OData 3 response bodies for reads, the service document, $metadata and errors. */
final class V3Responses {

    private static final String VERSION = "DataServiceVersion";

    private final VmmModel model;
    private final SpfAdapter adapter;
    private final V3JsonWriter writer;
    private final V3AtomWriter atom;
    private final byte[] metadataXml;
    private final NamedStreams streams;

    V3Responses(VmmModel model, SpfAdapter adapter) {
        this.model = model;
        this.adapter = adapter;
        this.writer = new V3JsonWriter(model, new JsonFactory());
        this.atom = new V3AtomWriter(model);
        this.metadataXml = V3MetadataWriter.toBytes(model);
        this.streams = new NamedStreams(adapter);
    }

    ODataHttpResponse serviceDocument(String root, V3MediaType media) {
        return ok(media, V3Payload.SERVICE_DOCUMENT, "3.0;", media.isJson()
                ? out -> writer.writeServiceDocument(out, root, media.jsonFormat())
                : out -> atom.writeServiceDocument(out, root));
    }

    ODataHttpResponse metadata() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/xml;charset=utf-8");
        h.put(VERSION, "3.0;");
        return new ODataHttpResponse(200, h, out -> out.write(metadataXml));
    }

    /** A read that is not paged: entities, properties, counts, and complete collections. */
    ODataHttpResponse read(EntityReader reader, ResourceRequest r, String root, V3MediaType media) {
        return read(reader, r, root, media, Paging.of(Optional.empty(), Optional.empty(), OptionalInt.empty()), n -> "");
    }

    /**
     * @param reader the reader of the request's scope
     * @param paging the page this request asked for
     * @param nextLink the URL of the page after this one, given how many entities this one holds
     */
    ODataHttpResponse read(EntityReader reader, ResourceRequest r, String root, V3MediaType media, Paging paging,
            IntFunction<String> nextLink) {
        EntityQuery q = r.query();
        String set = r.entitySet().getName();
        V3JsonContext ctx = new V3JsonContext(root, set, media.jsonFormat(), q.select());
        EntityQuery stored = new EntityQuery(q.entitySet(), q.via(), q.key(), q.filter(), q.orderBy(), q.top(), q.skip(),
                RowCompleter.withKeys(r.entityType(), q.select()), q.expand());
        switch (r.kind()) {
            case COLLECTION: {
                OptionalLong count = r.count() ? OptionalLong.of(reader.count(q)) : OptionalLong.empty();
                if (paging.pageSize().isPresent()) {
                    return page(reader, r, root, media, ctx, stored, count, paging, nextLink);
                }
                // Translate (and fail on bad input) before the status line goes out; stream afterwards.
                EntityReader.PreparedRead prepared = reader.prepare(withWindow(stored, paging.offset(),
                        q.top().isPresent() ? OptionalInt.of(paging.limit(q.top())) : OptionalInt.empty()));
                return ok(media, V3Payload.FEED, "3.0;", out -> reader.stream(prepared, rows -> {
                    try {
                        feed(out, media, ctx, root, r, completed(rows, r, q.select()), count, Optional.empty());
                        return null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            case ENTITY: {
                EntityRow row = one(reader, r, stored);
                return ok(media, V3Payload.ENTRY, "3.0;", media.isJson() ? out -> writer.writeEntry(out, ctx, row)
                        : out -> atom.writeEntry(out, root, set, q.select(), row));
            }
            case PROPERTY: {
                EntityRow row = one(reader, r, stored);
                String name = r.property().orElseThrow();
                PropertyDef p = type(r).property(name).orElseThrow();
                return ok(media, p.isCollection() ? V3Payload.COLLECTION : V3Payload.PROPERTY, "3.0;", media.isJson()
                        ? out -> writer.writeProperty(out, root, media.jsonFormat(), p, row.get(name))
                        : out -> atom.writeProperty(out, p, row.get(name)));
            }
            case PROPERTY_VALUE: {
                EntityRow row = one(reader, r, stored);
                Object v = row.get(r.property().orElseThrow());
                if (v == null) {
                    throw SpfException.notFound("The property " + r.property().get() + " has no value.");
                }
                return text(v instanceof java.time.Instant i ? V3Values.formatDateTime(i) : v.toString());
            }
            case STREAM: {
                NamedStreams.Content c = streams.open(reader, set, r.key(), r.property().orElseThrow());
                Map<String, String> h = new LinkedHashMap<>();
                h.put("Content-Type", c.contentType());
                h.put(VERSION, "3.0;");
                return new ODataHttpResponse(200, h, out -> out.write(c.bytes()));
            }
            case COUNT:
                return text(Long.toString(reader.count(q)));
            default:
                throw new IllegalStateException("unhandled " + r.kind());
        }
    }

    /** One page of a collection the client asked to page: at most a page's rows, then a next link. */
    private ODataHttpResponse page(EntityReader reader, ResourceRequest r, String root, V3MediaType media, V3JsonContext ctx,
            EntityQuery stored, OptionalLong count, Paging paging, IntFunction<String> nextLink) {
        int limit = paging.limit(r.query().top());
        List<EntityRow> rows = reader.list(withWindow(stored, paging.offset(), OptionalInt.of(limit + 1)));
        Optional<String> next = rows.size() > limit && paging.mayContinue(r.query().top())
                ? Optional.of(nextLink.apply(limit)) : Optional.empty();
        List<EntityRow> shown = rows.subList(0, Math.min(limit, rows.size()));
        ODataHttpResponse response = ok(media, V3Payload.FEED, "3.0;", out -> feed(out, media, ctx, root, r,
                completed(shown.iterator(), r, r.query().select()), count, next));
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        paging.preferenceApplied().ifPresent(p -> headers.put("Preference-Applied", p));
        return new ODataHttpResponse(response.status(), headers, response.body());
    }

    private void feed(OutputStream out, V3MediaType media, V3JsonContext ctx, String root, ResourceRequest r,
            Iterator<EntityRow> rows, OptionalLong count, Optional<String> next) throws IOException {
        if (media.isJson()) {
            writer.writeFeed(out, ctx, rows, count, next);
        } else {
            atom.writeFeed(out, root, r.entitySet().getName(), r.query().select(), rows, count, next);
        }
    }

    /** The query moved on by {@code offset} entities and cut to {@code top}. */
    private static EntityQuery withWindow(EntityQuery q, int offset, OptionalInt top) {
        return new EntityQuery(q.entitySet(), q.via(), q.key(), q.filter(), q.orderBy(), top, q.skip() + offset,
                q.select(), q.expand());
    }

    ODataHttpResponse error(int status, String code, String message, V3MediaType media) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", media.contentType(V3Payload.ERROR));
        h.put(VERSION, "3.0;");
        return new ODataHttpResponse(status, h, media.isJson()
                ? out -> writer.writeError(out, media.jsonFormat(), code, message)
                : out -> atom.writeError(out, code, message));
    }

    private EntityRow one(EntityReader reader, ResourceRequest r, EntityQuery q) {
        return reader.one(q).map(row -> RowCompleter.complete(row, r.entityType(), r.query().select(), r.query().expand()))
                .orElseThrow(() -> SpfException.notFound("The " + r.entitySet().getName() + " entity "
                        + (r.key().isEmpty() ? "" : "with key " + r.key() + " ") + "was not found."));
    }

    private EntityTypeDef type(ResourceRequest r) {
        return model.entityTypeOfSet(r.entitySet().getName()).orElseThrow();
    }

    private static Iterator<EntityRow> completed(Iterator<EntityRow> rows, ResourceRequest r, List<String> select) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public EntityRow next() {
                return RowCompleter.complete(rows.next(), r.entityType(), select, r.query().expand());
            }
        };
    }

    private static ODataHttpResponse ok(V3MediaType media, V3Payload payload, String version, ODataHttpResponse.Body body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", media.contentType(payload));
        h.put(VERSION, version);
        return new ODataHttpResponse(200, h, body);
    }

    private static ODataHttpResponse text(String value) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain;charset=utf-8");
        h.put(VERSION, "3.0;");
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new ODataHttpResponse(200, h, out -> out.write(bytes));
    }
}
