package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Small DOM helpers for libvirt's XML documents (namespace-aware, no external entities). */
final class Xml {

    private Xml() {
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | org.xml.sax.SAXException | java.io.IOException e) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "libvirt returned XML that cannot be read: "
                    + e.getMessage(), e);
        }
    }

    static String write(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }

    /** Child elements with a (local) name, in document order. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && name.equals(localName(e))) {
                out.add(e);
            }
        }
        return out;
    }

    static Optional<Element> child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The child, created (appended) when missing. */
    static Element ensure(Element parent, String name) {
        return child(parent, name).orElseGet(() -> {
            Element e = parent.getOwnerDocument().createElement(name);
            parent.appendChild(e);
            return e;
        });
    }

    /** The element at a path of child names, e.g. {@code text(root, "source", "path")}. */
    static Optional<Element> at(Element from, String... path) {
        Element e = from;
        for (String name : path) {
            Optional<Element> next = child(e, name);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            e = next.get();
        }
        return Optional.of(e);
    }

    static Optional<String> text(Element from, String... path) {
        return at(from, path).map(e -> e.getTextContent().trim());
    }

    static Optional<String> attr(Element e, String name) {
        if (e == null || !e.hasAttribute(name)) {
            return Optional.empty();
        }
        return Optional.of(e.getAttribute(name));
    }

    static void remove(Element e) {
        if (e != null && e.getParentNode() != null) {
            e.getParentNode().removeChild(e);
        }
    }

    /** A copy of an element as a document of its own. */
    static Document isolate(Element e) {
        Document doc = parse("<x/>");
        doc.replaceChild(doc.importNode(e, true), doc.getDocumentElement());
        return doc;
    }

    /** Escapes text for an attribute or element written by hand. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}
