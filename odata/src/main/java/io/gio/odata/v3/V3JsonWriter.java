package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gio.odata.model.EntitySetDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Streams OData 3 JSON responses: JSON light (minimal, full, no metadata) and verbose JSON.
 * Thread-safe; one instance per process. Every method writes one complete document to the
 * stream, flushes it and leaves it open. Rows that do not fit the model (unknown property,
 * wrong Java type for the EDM type, missing key value where a link needs it) raise
 * {@link IllegalArgumentException}: a programming error, the response is then broken.
 */
public final class V3JsonWriter {
    private final VmmModel model;
    private final JsonFactory factory;
    private final LightEntityWriter light;
    private final VerboseEntityWriter verbose;
    private final StructuredValueWriter lightValues;
    private final StructuredValueWriter verboseValues;

    public V3JsonWriter(VmmModel model, JsonFactory factory) {
        this.model = requireNonNull(model, "model is null");
        this.factory = requireNonNull(factory, "factory is null");
        this.light = new LightEntityWriter(model);
        this.verbose = new VerboseEntityWriter(model);
        this.lightValues = new StructuredValueWriter(model, false);
        this.verboseValues = new StructuredValueWriter(model, true);
    }

    /**
     * Writes a feed: {@code {"odata.metadata":..,"odata.count":"n","value":[..],"odata.nextLink":..}}
     * or, verbose, {@code {"d":{"__count":"n","results":[..],"__next":..}}}.
     *
     * @param count the inline count ({@code $inlinecount=allpages}), written as a string
     * @param nextLink the absolute URL of the next page
     */
    public void writeFeed(OutputStream out, V3JsonContext ctx, Iterator<EntityRow> rows, OptionalLong count,
            Optional<String> nextLink) throws IOException {
        requireNonNull(rows, "rows is null");
        requireNonNull(count, "count is null");
        requireNonNull(nextLink, "nextLink is null");
        EntitySetDef set = EntityShape.set(model, ctx.entitySet());
        try (JsonGenerator g = generator(out)) {
            boolean isVerbose = ctx.format() == V3JsonFormat.VERBOSE;
            g.writeStartObject();
            if (isVerbose) {
                g.writeObjectFieldStart("d");
            } else if (ctx.format() != V3JsonFormat.NONE) {
                g.writeStringField("odata.metadata",
                        ctx.serviceRoot() + "$metadata#" + set.name() + ctx.selectSuffix());
            }
            if (count.isPresent()) {
                g.writeStringField(isVerbose ? "__count" : "odata.count", Long.toString(count.getAsLong()));
            }
            g.writeArrayFieldStart(isVerbose ? "results" : "value");
            while (rows.hasNext()) {
                EntityRow row = rows.next();
                if (isVerbose) {
                    verbose.write(g, ctx, set, row, false);
                } else {
                    light.write(g, ctx, set, row, Optional.empty(), false);
                }
            }
            g.writeEndArray();
            if (nextLink.isPresent()) {
                g.writeStringField(isVerbose ? "__next" : "odata.nextLink", nextLink.get());
            }
            if (isVerbose) {
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    /**
     * Writes a single entity: a flat object starting with
     * {@code "odata.metadata":"<root>$metadata#<Set>/@Element"}, or verbose {@code {"d":{..}}}.
     */
    public void writeEntry(OutputStream out, V3JsonContext ctx, EntityRow row) throws IOException {
        requireNonNull(row, "row is null");
        EntitySetDef set = EntityShape.set(model, ctx.entitySet());
        try (JsonGenerator g = generator(out)) {
            if (ctx.format() == V3JsonFormat.VERBOSE) {
                g.writeStartObject();
                g.writeFieldName("d");
                verbose.write(g, ctx, set, row, false);
                g.writeEndObject();
            } else {
                Optional<String> metadataUrl = ctx.format() == V3JsonFormat.NONE ? Optional.empty()
                        : Optional.of(ctx.serviceRoot() + "$metadata#" + set.name() + "/@Element" + ctx.selectSuffix());
                light.write(g, ctx, set, row, metadataUrl, false);
            }
        }
    }

    /**
     * Writes the value of one property ({@code /Set(key)/Property}): primitive as
     * {@code {"odata.metadata":"<root>$metadata#Edm.String","value":..}}, complex as a flat object,
     * collection as {@code "value":[..]}; null as {@code "odata.null":true}. Verbose:
     * {@code {"d":{"<Name>":..}}}.
     */
    public void writeProperty(OutputStream out, String serviceRoot, V3JsonFormat format, PropertyDef property,
            Object value) throws IOException {
        requireNonNull(serviceRoot, "serviceRoot is null");
        requireNonNull(format, "format is null");
        requireNonNull(property, "property is null");
        if (property.isStream()) {
            throw new IllegalArgumentException("named stream " + property.name() + " has no JSON value");
        }
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            if (format == V3JsonFormat.VERBOSE) {
                g.writeObjectFieldStart("d");
                g.writeFieldName(property.name());
                verboseValues.write(g, property, value);
                g.writeEndObject();
            } else {
                if (format != V3JsonFormat.NONE) {
                    g.writeStringField("odata.metadata", root(serviceRoot) + "$metadata#" + property.type());
                }
                if (value == null) {
                    g.writeBooleanField("odata.null", true);
                } else if (property.isComplex()) {
                    lightValues.complexMembers(g, property, lightValues.complexType(property, property.type()),
                            V3Values.require(property, value, Map.class));
                } else {
                    g.writeFieldName("value");
                    lightValues.write(g, property, value);
                }
            }
            g.writeEndObject();
        }
    }

    /**
     * Writes the service document: {@code {"odata.metadata":"<root>$metadata","value":[{"name":..,"url":..}]}}
     * or verbose {@code {"d":{"EntitySets":[..]}}}.
     */
    public void writeServiceDocument(OutputStream out, String serviceRoot, V3JsonFormat format) throws IOException {
        requireNonNull(serviceRoot, "serviceRoot is null");
        requireNonNull(format, "format is null");
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            if (format == V3JsonFormat.VERBOSE) {
                g.writeObjectFieldStart("d");
                g.writeArrayFieldStart("EntitySets");
                for (EntitySetDef set : model.entitySets()) {
                    g.writeString(set.name());
                }
                g.writeEndArray();
                g.writeEndObject();
            } else {
                if (format != V3JsonFormat.NONE) {
                    g.writeStringField("odata.metadata", root(serviceRoot) + "$metadata");
                }
                g.writeArrayFieldStart("value");
                for (EntitySetDef set : model.entitySets()) {
                    g.writeStartObject();
                    g.writeStringField("name", set.name());
                    g.writeStringField("url", set.name());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /**
     * Writes an error: {@code {"odata.error":{"code":..,"message":{"lang":"en-US","value":..}}}},
     * verbose {@code {"error":{..}}}.
     */
    public void writeError(OutputStream out, V3JsonFormat format, String code, String message) throws IOException {
        requireNonNull(format, "format is null");
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart(format == V3JsonFormat.VERBOSE ? "error" : "odata.error");
            g.writeStringField("code", code);
            g.writeObjectFieldStart("message");
            g.writeStringField("lang", "en-US");
            g.writeStringField("value", message);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private JsonGenerator generator(OutputStream out) throws IOException {
        requireNonNull(out, "out is null");
        JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8);
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        return g;
    }

    private static String root(String serviceRoot) {
        return serviceRoot.endsWith("/") ? serviceRoot : serviceRoot + "/";
    }
}
