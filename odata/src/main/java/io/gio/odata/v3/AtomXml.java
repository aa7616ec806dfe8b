package io.gio.odata.v3;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Namespaces and the small building blocks of OData 3 Atom documents shared by the feed, entry
 * and value writers. All text and attribute values go through {@link #text} / {@link #attribute},
 * which make any Java string safe for XML 1.0 (see {@link #legal}).
 */
final class AtomXml {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String APP = "http://www.w3.org/2007/app";
    static final String DATA = "http://schemas.microsoft.com/ado/2007/08/dataservices";
    static final String METADATA = V3MetadataWriter.METADATA;
    static final String GEORSS = "http://www.georss.org/georss";
    static final String GML = "http://www.opengis.net/gml";
    static final String SCHEME = DATA + "/scheme";
    static final String RELATED = DATA + "/related/";
    static final String MEDIA_RESOURCE = DATA + "/mediaresource/";
    static final String EDIT_MEDIA = DATA + "/edit-media/";
    static final String FEED_TYPE = "application/atom+xml;type=feed";
    static final String ENTRY_TYPE = "application/atom+xml;type=entry";
    /** What replaces a character XML 1.0 cannot carry. */
    static final char REPLACEMENT = '\uFFFD';

    private AtomXml() {
    }

    /**
     * The attributes of a top-level feed or entry, as WCF Data Services writes them:
     * {@code xml:base} and the Atom, data, metadata, GeoRSS and GML namespaces.
     */
    static void rootAttributes(XMLStreamWriter xml, String serviceRoot) throws XMLStreamException {
        xml.writeAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "base", legal(serviceRoot));
        xml.writeDefaultNamespace(ATOM);
        xml.writeNamespace("d", DATA);
        xml.writeNamespace("m", METADATA);
        xml.writeNamespace("georss", GEORSS);
        xml.writeNamespace("gml", GML);
    }

    /** The {@code <updated>} value: UTC, whole seconds, as WCF DS writes it. */
    static String updated(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code <id>}, {@code <title type="text">}, {@code <updated>} and the self link of a feed. */
    static void feedMetadata(XMLStreamWriter xml, String id, String title, String selfHref, String updated)
            throws XMLStreamException {
        element(xml, "id", id);
        xml.writeStartElement(ATOM, "title");
        xml.writeAttribute("type", "text");
        text(xml, title);
        xml.writeEndElement();
        element(xml, "updated", updated);
        xml.writeEmptyElement(ATOM, "link");
        xml.writeAttribute("rel", "self");
        attribute(xml, "title", title);
        attribute(xml, "href", selfHref);
    }

    /** {@code <author><name /></author>}: entries always, feeds only when they have no entry. */
    static void emptyAuthor(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeStartElement(ATOM, "author");
        xml.writeEmptyElement(ATOM, "name");
        xml.writeEndElement();
    }

    /** An Atom element holding text only. */
    static void element(XMLStreamWriter xml, String localName, String value) throws XMLStreamException {
        xml.writeStartElement(ATOM, localName);
        text(xml, value);
        xml.writeEndElement();
    }

    /** An unprefixed attribute with a value made legal for XML 1.0. */
    static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, legal(value));
    }

    /**
     * Writes character data. The StAX writer escapes {@code < & >}; on top of that characters XML
     * 1.0 forbids are replaced ({@link #legal}) and a carriage return is written as {@code &#xD;}
     * so that a parser's line-end normalisation does not turn it into a line feed.
     */
    static void text(XMLStreamWriter xml, String value) throws XMLStreamException {
        String safe = legal(value);
        int from = 0;
        for (int cr = safe.indexOf('\r'); cr >= 0; cr = safe.indexOf('\r', from)) {
            if (cr > from) {
                xml.writeCharacters(safe.substring(from, cr));
            }
            xml.writeEntityRef("#xD");
            from = cr + 1;
        }
        if (from < safe.length() || safe.isEmpty()) {
            xml.writeCharacters(safe.substring(from));
        }
    }

    /**
     * The string with every character XML 1.0 cannot represent replaced by U+FFFD: C0 controls
     * other than tab, line feed and carriage return, unpaired surrogates, U+FFFE and U+FFFF.
     * Such characters cannot be escaped either ({@code &#x1;} is not well-formed XML 1.0), so
     * replacing them is the only way to keep the document parseable; the value is then lossy.
     */
    static String legal(String value) {
        int bad = firstIllegal(value);
        if (bad < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, bad);
        for (int i = bad; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(isLegalBmp(c) ? c : REPLACEMENT);
            }
        }
        return out.toString();
    }

    private static int firstIllegal(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (!isLegalBmp(c)) {
                return i;
            }
        }
        return -1;
    }

    /** XML 1.0 Char production for a single UTF-16 unit; surrogates are legal only in pairs. */
    private static boolean isLegalBmp(char c) {
        return c >= 0x20 && c <= 0xD7FF || c == 0x9 || c == 0xA || c == 0xD || c >= 0xE000 && c <= 0xFFFD;
    }
}
