package io.gio.odata.v3;

import io.gio.odata.model.ComplexTypeDef;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.SpfException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads an OData 3 Atom entry (what the WCF Data Services client sends unless told to use JSON)
 * into the same changes as {@link V3Body}: the {@code m:properties} of the entry (inside
 * {@code content}, or beside it for a media link entry), each {@code d:Name} element a property,
 * typed by the model ({@code m:type} is not needed), {@code m:null="true"} meaning "not supplied",
 * complex values as nested {@code d:} elements and collections as {@code d:element} items.
 * Unknown properties are ignored, as in JSON; a value its type cannot hold is a 400 naming it.
 * The parser reads no DTD and resolves no external entity.
 */
final class V3AtomBody {

    private V3AtomBody() {
    }

    static Map<String, Object> changes(byte[] body, EntityTypeDef type, VmmModel model) {
        Element root = parse(body);
        if (!AtomXml.ATOM.equals(root.getNamespaceURI()) || !"entry".equals(root.getLocalName())) {
            throw SpfException.badRequest("The request body must be an Atom entry (<entry xmlns=\"" + AtomXml.ATOM
                    + "\">) or JSON.");
        }
        Optional<Element> properties = find(root, AtomXml.METADATA, "properties");
        Map<String, Object> out = new LinkedHashMap<>();
        properties.ifPresent(p -> elements(p).forEach(e -> {
            if (!AtomXml.DATA.equals(e.getNamespaceURI())) {
                return;
            }
            type.property(e.getLocalName()).filter(d -> !isNull(e)).ifPresent(d -> {
                Object v = value(e, d.type(), d.name(), model);
                if (v != null) {
                    out.put(d.name(), v);
                }
            });
        }));
        return out;
    }

    /** The value of an element of an EDM type, in the shapes JSON gives ({@link V3Body}). */
    private static Object value(Element e, String edmType, String name, VmmModel model) {
        if (edmType.startsWith("Collection(")) {
            String item = edmType.substring("Collection(".length(), edmType.length() - 1);
            List<Object> items = new ArrayList<>();
            for (Element x : elements(e)) {
                if (AtomXml.DATA.equals(x.getNamespaceURI()) && "element".equals(x.getLocalName()) && !isNull(x)) {
                    items.add(value(x, item, name, model));
                }
            }
            return items;
        }
        if (!edmType.startsWith("Edm.")) {
            ComplexTypeDef complex = model.complexType(edmType).orElseThrow(() -> SpfException.badRequest(
                    "The property " + name + " has the unknown type " + edmType + "."));
            Map<String, Object> members = new LinkedHashMap<>();
            for (Element x : elements(e)) {
                complex.property(x.getLocalName()).filter(p -> AtomXml.DATA.equals(x.getNamespaceURI()) && !isNull(x))
                        .ifPresent(p -> members.put(p.name(), value(x, p.type(), name + "/" + p.name(), model)));
            }
            return members;
        }
        String text = e.getTextContent();
        return switch (edmType) {
            case "Edm.Boolean" -> switch (text.trim()) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> throw bad(name, edmType, text);
            };
            case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64" -> number(text, name, edmType,
                    BigDecimal::longValueExact);
            case "Edm.Decimal", "Edm.Double", "Edm.Single" -> number(text, name, edmType, Function.identity());
            default -> text; // strings, GUIDs, dates, times, binary: their text, checked where they are used
        };
    }

    private static <T> T number(String text, String name, String edmType, Function<BigDecimal, T> as) {
        try {
            return as.apply(new BigDecimal(text.trim()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(name, edmType, text);
        }
    }

    private static SpfException bad(String name, String edmType, String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return SpfException.badRequest("The value of " + name + " must be an " + edmType + " value, not '" + shown + "'.");
    }

    private static boolean isNull(Element e) {
        return "true".equals(e.getAttributeNS(AtomXml.METADATA, "null"));
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first descendant element with this name (an entry's properties: in its content, or beside it). */
    private static Optional<Element> find(Element from, String namespace, String name) {
        for (Element e : elements(from)) {
            if (namespace.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return Optional.of(e);
            }
            Optional<Element> inner = find(e, namespace, name);
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }

    private static Element parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // errors are thrown, not printed
            return b.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException e) {
            throw SpfException.badRequest("The request body is not valid XML: " + e.getMessage());
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("cannot read XML", e);
        }
    }
}
