package io.gio.odata.v3;

import com.fasterxml.jackson.core.JsonGenerator;
import io.gio.odata.model.EntitySetDef;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.NavigationDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;
import java.io.IOException;
import java.util.List;

/** Writes one entity in OData 3 verbose JSON ({@code __metadata}, {@code __deferred}). */
final class VerboseEntityWriter {
    private final VmmModel model;
    private final StructuredValueWriter values;

    VerboseEntityWriter(VmmModel model) {
        this.model = model;
        this.values = new StructuredValueWriter(model, true);
    }

    void write(JsonGenerator g, V3JsonContext ctx, EntitySetDef set, EntityRow row, boolean nested) throws IOException {
        EntityTypeDef type = EntityShape.type(model, set);
        String uri = ctx.serviceRoot() + set.name() + V3KeyPredicate.of(type, row);
        g.writeStartObject();
        g.writeObjectFieldStart("__metadata");
        g.writeStringField("id", uri);
        g.writeStringField("uri", uri);
        g.writeStringField("type", model.qualifiedName(type));
        g.writeEndObject();
        int consumed = 0;
        for (PropertyDef p : type.properties()) {
            boolean present = row.values().containsKey(p.name());
            consumed += present ? 1 : 0;
            if (!nested && !ctx.selects(p.name())) {
                continue;
            }
            if (p.isStream()) {
                writeStream(g, p, present ? row.get(p.name()) : null, uri);
            } else if (present) {
                g.writeFieldName(p.name());
                values.write(g, p, row.get(p.name()));
            }
        }
        int expandedConsumed = 0;
        for (NavigationDef nav : type.navigations()) {
            List<EntityRow> expanded = row.expanded().get(nav.name());
            if (expanded != null) {
                expandedConsumed++;
                writeExpanded(g, ctx, type, nav, expanded);
            } else if (nested || ctx.selectsNavigation(nav.name())) {
                g.writeObjectFieldStart(nav.name());
                g.writeObjectFieldStart("__deferred");
                g.writeStringField("uri", uri + "/" + nav.name());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        if (consumed != row.values().size() || expandedConsumed != row.expanded().size()) {
            EntityShape.check(model, type, row);
        }
        g.writeEndObject();
    }

    private void writeExpanded(JsonGenerator g, V3JsonContext ctx, EntityTypeDef type, NavigationDef nav,
            List<EntityRow> rows) throws IOException {
        EntitySetDef target = EntityShape.targetSet(model, type, nav);
        g.writeFieldName(nav.name());
        if (nav.collection()) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (EntityRow nestedRow : rows) {
                write(g, ctx, target, nestedRow, true);
            }
            g.writeEndArray();
            g.writeEndObject();
        } else if (rows.isEmpty()) {
            g.writeNull();
        } else if (rows.size() == 1) {
            write(g, ctx, target, rows.get(0), true);
        } else {
            throw new IllegalArgumentException("single-valued navigation " + nav.name() + " expanded to "
                    + rows.size() + " rows");
        }
    }

    private static void writeStream(JsonGenerator g, PropertyDef p, Object contentType, String uri) throws IOException {
        if (contentType != null) {
            V3Values.require(p, contentType, String.class);
        }
        g.writeObjectFieldStart(p.name());
        g.writeObjectFieldStart("__mediaresource");
        g.writeStringField("edit_media", uri + "/" + p.name());
        g.writeStringField("media_src", uri + "/" + p.name());
        if (contentType != null) {
            g.writeStringField("content_type", (String) contentType);
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
