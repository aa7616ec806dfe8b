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
import java.util.Optional;

/** Writes one entity as an OData 3 JSON light object (minimal, full or no metadata). */
final class LightEntityWriter {
    private final VmmModel model;
    private final StructuredValueWriter values;

    LightEntityWriter(VmmModel model) {
        this.model = model;
        this.values = new StructuredValueWriter(model, false);
    }

    /**
     * Writes the entity object.
     *
     * @param metadataUrl written first as {@code odata.metadata} (top-level single entities)
     * @param nested true inside an expansion: the context's $select does not apply there
     */
    void write(JsonGenerator g, V3JsonContext ctx, EntitySetDef set, EntityRow row, Optional<String> metadataUrl,
            boolean nested) throws IOException {
        EntityTypeDef type = EntityShape.type(model, set);
        boolean full = ctx.format() == V3JsonFormat.FULL;
        g.writeStartObject();
        if (metadataUrl.isPresent()) {
            g.writeStringField("odata.metadata", metadataUrl.get());
        }
        String editLink = full ? set.name() + V3KeyPredicate.of(type, row) : "";
        if (full) {
            g.writeStringField("odata.type", model.qualifiedName(type));
            g.writeStringField("odata.id", ctx.serviceRoot() + editLink);
            g.writeStringField("odata.editLink", editLink);
        }
        int consumed = 0;
        for (PropertyDef p : type.properties()) {
            boolean present = row.values().containsKey(p.name());
            consumed += present ? 1 : 0;
            if (!nested && !ctx.selects(p.name())) {
                continue;
            }
            if (p.isStream()) {
                writeStream(g, ctx, p, present ? row.get(p.name()) : null, editLink);
            } else if (present) {
                Object value = row.get(p.name());
                if (full && value != null && V3Values.needsTypeAnnotation(p)) {
                    g.writeStringField(p.name() + "@odata.type", p.type());
                }
                g.writeFieldName(p.name());
                values.write(g, p, value);
            }
        }
        int expandedConsumed = 0;
        for (NavigationDef nav : type.navigations()) {
            List<EntityRow> expanded = row.expanded().get(nav.name());
            expandedConsumed += expanded == null ? 0 : 1;
            if (full && (expanded != null || nested || ctx.selectsNavigation(nav.name()))) {
                g.writeStringField(nav.name() + "@odata.navigationLinkUrl", editLink + "/" + nav.name());
                g.writeStringField(nav.name() + "@odata.associationLinkUrl", editLink + "/$links/" + nav.name());
            }
            if (expanded != null) {
                writeExpanded(g, ctx, type, nav, expanded);
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
            g.writeStartArray();
            for (EntityRow nestedRow : rows) {
                write(g, ctx, target, nestedRow, Optional.empty(), true);
            }
            g.writeEndArray();
        } else if (rows.isEmpty()) {
            g.writeNull();
        } else if (rows.size() == 1) {
            write(g, ctx, target, rows.get(0), Optional.empty(), true);
        } else {
            throw new IllegalArgumentException("single-valued navigation " + nav.name() + " expanded to "
                    + rows.size() + " rows");
        }
    }

    /** A named stream has no value; the row may give its content type as a String. */
    private static void writeStream(JsonGenerator g, V3JsonContext ctx, PropertyDef p, Object contentType,
            String editLink) throws IOException {
        if (contentType != null) {
            V3Values.require(p, contentType, String.class);
        }
        if (ctx.format() == V3JsonFormat.FULL) {
            g.writeStringField(p.name() + "@odata.mediaReadLink", editLink + "/" + p.name());
            g.writeStringField(p.name() + "@odata.mediaEditLink", editLink + "/" + p.name());
        }
        if (contentType != null && ctx.format() != V3JsonFormat.NONE) {
            g.writeStringField(p.name() + "@odata.mediaContentType", (String) contentType);
        }
    }
}
