package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import io.gio.odata.model.EntitySetDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Streams OData 3 AtomPub/XML responses the way WCF Data Services 5.x writes them: feeds,
 * entries, the service document, single properties and errors; the XML counterpart of
 * {@link V3JsonWriter}. Uses the JDK's StAX writer (not whatever StAX provider is on the class
 * path), UTF-8, no DOM. Thread-safe; one instance per process. Every method writes one complete
 * document, flushes it and leaves the stream open.
 *
 * <p>Strings are made safe for XML 1.0: {@code < & >} are escaped, a carriage return is written
 * as {@code &#xD;} (so it survives parsing), and characters XML 1.0 cannot carry at all (C0
 * controls other than tab/LF/CR, unpaired surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD.
 *
 * <p>Rows that do not fit the model raise {@link IllegalArgumentException} as in the JSON writer.
 */
public final class V3AtomWriter {
    private static final String UTF_8 = "utf-8";

    private final VmmModel model;
    private final Clock clock;
    private final AtomEntryWriter entries;
    private final AtomValueWriter values;

    /** A writer stamping {@code <updated>} with the system UTC clock. */
    public V3AtomWriter(VmmModel model) {
        this(model, Clock.systemUTC());
    }

    /** A writer stamping {@code <updated>} with {@code clock} (read once per document). */
    public V3AtomWriter(VmmModel model, Clock clock) {
        this.model = requireNonNull(model, "model is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.entries = new AtomEntryWriter(model);
        this.values = new AtomValueWriter(model);
    }

    /**
     * Writes a feed: {@code <feed xml:base=..>}, {@code <m:count>} when given (first, as WCF DS
     * does), id, title, updated, self link, one {@code <entry>} per row (pulled one at a time),
     * {@code <author>} when there is no entry, then the next link when given.
     *
     * @param serviceRoot the absolute service root; a trailing '/' is added when missing
     * @param entitySet the set the rows belong to
     * @param select the {@code $select} items as the client wrote them; empty means everything
     *     in the rows. Rows must still carry their keys, which ids and links are built from.
     * @param count the inline count ({@code $inlinecount=allpages})
     * @param nextLink the absolute URL of the next page
     */
    public void writeFeed(OutputStream out, String serviceRoot, String entitySet, List<String> select,
            Iterator<EntityRow> rows, OptionalLong count, Optional<String> nextLink) throws IOException {
        V3JsonContext ctx = context(serviceRoot, entitySet, select);
        requireNonNull(rows, "rows is null");
        requireNonNull(count, "count is null");
        requireNonNull(nextLink, "nextLink is null");
        EntitySetDef set = EntityShape.set(model, entitySet);
        String updated = AtomXml.updated(clock.instant());
        document(out, xml -> {
            xml.writeStartElement("", "feed", AtomXml.ATOM);
            AtomXml.rootAttributes(xml, ctx.serviceRoot());
            if (count.isPresent()) {
                xml.writeStartElement("m", "count", AtomXml.METADATA);
                xml.writeCharacters(Long.toString(count.getAsLong()));
                xml.writeEndElement();
            }
            AtomXml.feedMetadata(xml, ctx.serviceRoot() + set.name(), set.name(), set.name(), updated);
            boolean any = false;
            while (rows.hasNext()) {
                entries.write(xml, ctx, set, rows.next(), AtomEntryWriter.Position.FEED, updated);
                any = true;
            }
            if (!any) {
                AtomXml.emptyAuthor(xml);
            }
            if (nextLink.isPresent()) {
                xml.writeEmptyElement(AtomXml.ATOM, "link");
                xml.writeAttribute("rel", "next");
                AtomXml.attribute(xml, "href", nextLink.get());
            }
            xml.writeEndElement();
        });
    }

    /**
     * Writes a single entity as an {@code <entry>} document (xml:base and namespaces on the entry);
     * what a create (POST) without an Accept header gets back.
     */
    public void writeEntry(OutputStream out, String serviceRoot, String entitySet, List<String> select, EntityRow row)
            throws IOException {
        V3JsonContext ctx = context(serviceRoot, entitySet, select);
        requireNonNull(row, "row is null");
        EntitySetDef set = EntityShape.set(model, entitySet);
        String updated = AtomXml.updated(clock.instant());
        document(out, xml -> entries.write(xml, ctx, set, row, AtomEntryWriter.Position.DOCUMENT, updated));
    }

    /**
     * Writes the AtomPub service document: one {@code <collection href="Set">} with an
     * {@code <atom:title>} per entity set, in model order, in the {@code Default} workspace.
     */
    public void writeServiceDocument(OutputStream out, String serviceRoot) throws IOException {
        requireNonNull(serviceRoot, "serviceRoot is null");
        String root = serviceRoot.endsWith("/") ? serviceRoot : serviceRoot + "/";
        document(out, xml -> {
            xml.writeStartElement("", "service", AtomXml.APP);
            xml.writeAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "base", AtomXml.legal(root));
            xml.writeDefaultNamespace(AtomXml.APP);
            xml.writeNamespace("atom", AtomXml.ATOM);
            xml.writeStartElement(AtomXml.APP, "workspace");
            atomTitle(xml, "Default");
            for (EntitySetDef set : model.entitySets()) {
                xml.writeStartElement(AtomXml.APP, "collection");
                AtomXml.attribute(xml, "href", set.name());
                atomTitle(xml, set.name());
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    /**
     * Writes one property ({@code /Set(key)/Property}) as
     * {@code <d:Name xmlns:d=.. xmlns:m=.. m:type="Edm.Int32">5</d:Name>}: no m:type for strings,
     * {@code m:null="true"} for null, complex members and {@code <d:element>} items as children.
     */
    public void writeProperty(OutputStream out, PropertyDef property, Object value) throws IOException {
        requireNonNull(property, "property is null");
        if (property.isStream()) {
            throw new IllegalArgumentException("named stream " + property.name() + " has no XML value");
        }
        document(out, xml -> values.property(xml, property, value, true));
    }

    /**
     * Writes an error: {@code <m:error><m:code>..</m:code><m:message xml:lang="en-US">..</m:message></m:error>}.
     */
    public void writeError(OutputStream out, String code, String message) throws IOException {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        document(out, xml -> {
            xml.writeStartElement("m", "error", AtomXml.METADATA);
            xml.writeNamespace("m", AtomXml.METADATA);
            xml.writeStartElement("m", "code", AtomXml.METADATA);
            AtomXml.text(xml, code);
            xml.writeEndElement();
            xml.writeStartElement("m", "message", AtomXml.METADATA);
            xml.writeAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "lang", "en-US");
            AtomXml.text(xml, message);
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    private static V3JsonContext context(String serviceRoot, String entitySet, List<String> select) {
        requireNonNull(serviceRoot, "serviceRoot is null");
        requireNonNull(entitySet, "entitySet is null");
        requireNonNull(select, "select is null");
        return new V3JsonContext(serviceRoot, entitySet, V3JsonFormat.MINIMAL, select);
    }

    private static void atomTitle(XMLStreamWriter xml, String title) throws XMLStreamException {
        xml.writeStartElement("atom", "title", AtomXml.ATOM);
        AtomXml.text(xml, title);
        xml.writeEndElement();
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    /** Writes the XML declaration, the body and the end of the document; flushes, leaves {@code out} open. */
    private static void document(OutputStream out, Body body) throws IOException {
        requireNonNull(out, "out is null");
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, UTF_8);
            xml.writeStartDocument(UTF_8, "1.0");
            body.write(xml);
            xml.writeEndDocument();
            xml.close();
            out.flush();
        } catch (XMLStreamException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot write the Atom document", e);
        }
    }
}
