package io.gio.odata.v3;

import io.gio.odata.model.EntitySetDef;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.NavigationDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one entity as an Atom {@code <entry>} in the order WCF Data Services 5.x uses: id,
 * category, edit link, navigation links (with {@code <m:inline>} when expanded), empty title,
 * updated, empty author, named-stream links, then {@code <content type="application/xml">}
 * holding {@code <m:properties>}.
 */
final class AtomEntryWriter {
    /** Where an entry sits: it decides the root attributes and whether $select applies. */
    enum Position {
        /** The document element: xml:base and namespaces; $select applies. */
        DOCUMENT,
        /** An entry of a top-level feed; $select applies. */
        FEED,
        /** Inside {@code <m:inline>}: $select does not apply, every member of the row is written. */
        INLINE
    }

    private final VmmModel model;
    private final AtomValueWriter values;

    AtomEntryWriter(VmmModel model) {
        this.model = model;
        this.values = new AtomValueWriter(model);
    }

    /**
     * Writes the entry.
     *
     * @param ctx the service root and $select (its JSON format is not used)
     * @param updated the {@code <updated>} text shared by the whole document
     */
    void write(XMLStreamWriter xml, V3JsonContext ctx, EntitySetDef set, EntityRow row, Position position,
            String updated) throws XMLStreamException {
        EntityTypeDef type = EntityShape.type(model, set);
        boolean inline = position == Position.INLINE;
        String editLink = set.name() + V3KeyPredicate.of(type, row);
        xml.writeStartElement("", "entry", AtomXml.ATOM);
        if (position == Position.DOCUMENT) {
            AtomXml.rootAttributes(xml, ctx.serviceRoot());
        }
        AtomXml.element(xml, "id", ctx.serviceRoot() + editLink);
        xml.writeEmptyElement(AtomXml.ATOM, "category");
        xml.writeAttribute("term", model.qualifiedName(type));
        xml.writeAttribute("scheme", AtomXml.SCHEME);
        xml.writeEmptyElement(AtomXml.ATOM, "link");
        xml.writeAttribute("rel", "edit");
        xml.writeAttribute("title", type.name());
        AtomXml.attribute(xml, "href", editLink);
        int expandedConsumed = 0;
        for (NavigationDef nav : type.navigations()) {
            List<EntityRow> expanded = row.expanded().get(nav.name());
            expandedConsumed += expanded == null ? 0 : 1;
            if (expanded != null || inline || ctx.selectsNavigation(nav.name())) {
                navigationLink(xml, ctx, type, nav, editLink, expanded, updated);
            }
        }
        xml.writeEmptyElement(AtomXml.ATOM, "title");
        AtomXml.element(xml, "updated", updated);
        AtomXml.emptyAuthor(xml);
        for (PropertyDef p : type.properties()) {
            if (p.isStream() && (inline || ctx.selects(p.name()))) {
                Object contentType = row.get(p.name());
                String mediaType = contentType == null ? null : V3Values.require(p, contentType, String.class);
                streamLink(xml, AtomXml.MEDIA_RESOURCE, p, mediaType, editLink);
                streamLink(xml, AtomXml.EDIT_MEDIA, p, mediaType, editLink);
            }
        }
        int consumed = properties(xml, ctx, type, row, inline);
        if (consumed != row.values().size() || expandedConsumed != row.expanded().size()) {
            EntityShape.check(model, type, row);
        }
        xml.writeEndElement();
    }

    /** Writes {@code <content><m:properties>}; returns how many row values belong to the type. */
    private int properties(XMLStreamWriter xml, V3JsonContext ctx, EntityTypeDef type, EntityRow row, boolean inline)
            throws XMLStreamException {
        xml.writeStartElement(AtomXml.ATOM, "content");
        xml.writeAttribute("type", "application/xml");
        xml.writeStartElement("m", "properties", AtomXml.METADATA);
        int consumed = 0;
        for (PropertyDef p : type.properties()) {
            boolean present = row.values().containsKey(p.name());
            consumed += present ? 1 : 0;
            if (present && !p.isStream() && (inline || ctx.selects(p.name()))) {
                values.property(xml, p, row.get(p.name()), false);
            }
        }
        xml.writeEndElement();
        xml.writeEndElement();
        return consumed;
    }

    private void navigationLink(XMLStreamWriter xml, V3JsonContext ctx, EntityTypeDef type, NavigationDef nav,
            String editLink, List<EntityRow> expanded, String updated) throws XMLStreamException {
        String href = editLink + "/" + nav.name();
        if (expanded == null) {
            xml.writeEmptyElement(AtomXml.ATOM, "link");
        } else {
            xml.writeStartElement(AtomXml.ATOM, "link");
        }
        xml.writeAttribute("rel", AtomXml.RELATED + nav.name());
        xml.writeAttribute("type", nav.collection() ? AtomXml.FEED_TYPE : AtomXml.ENTRY_TYPE);
        xml.writeAttribute("title", nav.name());
        AtomXml.attribute(xml, "href", href);
        if (expanded == null) {
            return;
        }
        EntitySetDef target = EntityShape.targetSet(model, type, nav);
        xml.writeStartElement("m", "inline", AtomXml.METADATA);
        if (nav.collection()) {
            xml.writeStartElement("", "feed", AtomXml.ATOM);
            AtomXml.feedMetadata(xml, ctx.serviceRoot() + href, nav.name(), href, updated);
            for (EntityRow nested : expanded) {
                write(xml, ctx, target, nested, Position.INLINE, updated);
            }
            if (expanded.isEmpty()) {
                AtomXml.emptyAuthor(xml);
            }
            xml.writeEndElement();
        } else if (expanded.size() == 1) {
            write(xml, ctx, target, expanded.get(0), Position.INLINE, updated);
        } else if (!expanded.isEmpty()) {
            throw new IllegalArgumentException("single-valued navigation " + nav.name() + " expanded to "
                    + expanded.size() + " rows");
        }
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** A named-stream link; {@code type} only when the row gives the stream's content type. */
    private static void streamLink(XMLStreamWriter xml, String relPrefix, PropertyDef p, String contentType,
            String editLink) throws XMLStreamException {
        xml.writeEmptyElement(AtomXml.ATOM, "link");
        xml.writeAttribute("rel", relPrefix + p.name());
        if (contentType != null) {
            AtomXml.attribute(xml, "type", contentType);
        }
        xml.writeAttribute("title", p.name());
        AtomXml.attribute(xml, "href", editLink + "/" + p.name());
    }
}
