package io.gio.odata.v3;

import io.gio.odata.model.ComplexTypeDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes property values as OData 3 XML ({@code <d:Name m:type="Edm.Int32">5</d:Name>}), the
 * form used inside {@code <m:properties>} and for a single property document. Values are checked
 * against the EDM type with the same rules (and messages) as the JSON writers.
 */
final class AtomValueWriter {
    private static final String STRING = "Edm.String";

    private final VmmModel model;

    AtomValueWriter(VmmModel model) {
        this.model = model;
    }

    /**
     * Writes {@code <d:Name ..>value</d:Name>}; null as {@code m:null="true"} without a type.
     * Not for named streams ({@code Edm.Stream} has no value; {@link #text} rejects it).
     *
     * @param declareNamespaces whether the element declares the d and m prefixes itself (a
     *     top-level property document)
     */
    void property(XMLStreamWriter xml, PropertyDef p, Object value, boolean declareNamespaces)
            throws XMLStreamException {
        if (value == null) {
            xml.writeEmptyElement("d", p.name(), AtomXml.DATA);
            namespaces(xml, declareNamespaces);
            xml.writeAttribute("m", AtomXml.METADATA, "null", "true");
            return;
        }
        xml.writeStartElement("d", p.name(), AtomXml.DATA);
        namespaces(xml, declareNamespaces);
        if (!p.type().equals(STRING)) {
            xml.writeAttribute("m", AtomXml.METADATA, "type", p.type());
        }
        if (p.isCollection()) {
            collection(xml, p, V3Values.require(p, value, List.class));
        } else if (p.isComplex()) {
            complexMembers(xml, p, p.type(), V3Values.require(p, value, Map.class));
        } else {
            AtomXml.text(xml, text(p, p.type(), value));
        }
        xml.writeEndElement();
    }

    /** {@code <d:element>} per item; the item type is the one the collection's m:type names. */
    private void collection(XMLStreamWriter xml, PropertyDef p, List<?> items) throws XMLStreamException {
        for (Object item : items) {
            if (item == null) {
                xml.writeEmptyElement("d", "element", AtomXml.DATA);
                xml.writeAttribute("m", AtomXml.METADATA, "null", "true");
                continue;
            }
            xml.writeStartElement("d", "element", AtomXml.DATA);
            if (p.hasComplexElements()) {
                complexMembers(xml, p, p.elementType(), V3Values.require(p, item, Map.class));
            } else {
                AtomXml.text(xml, text(p, p.elementType(), item));
            }
            xml.writeEndElement();
        }
    }

    /** The members present in the map, in model order; a member the type lacks is an error. */
    private void complexMembers(XMLStreamWriter xml, PropertyDef p, String typeName, Map<?, ?> map)
            throws XMLStreamException {
        ComplexTypeDef type = model.complexType(typeName).orElseThrow(() -> new IllegalArgumentException(
                "property " + p.name() + " refers to unknown complex type " + typeName));
        int written = 0;
        for (PropertyDef member : type.properties()) {
            if (map.containsKey(member.name())) {
                property(xml, member, map.get(member.name()), false);
                written++;
            }
        }
        if (written != map.size()) {
            Object unknown = map.keySet().stream().filter(k -> type.property(String.valueOf(k)).isEmpty())
                    .map(String::valueOf).findFirst().orElse("?");
            throw new IllegalArgumentException("property " + p.name() + ": complex type " + model.qualifiedName(type)
                    + " has no property " + unknown);
        }
    }

    /**
     * The XML text of a primitive value: the JSON light lexical forms without quotes (DateTime
     * {@code 2019-04-30T17:42:41.213Z}, Int64/Decimal digits, Double {@code INF}/{@code NaN}),
     * Boolean {@code true}/{@code false}.
     */
    static String text(PropertyDef p, String edmType, Object value) {
        return switch (edmType) {
            case STRING -> V3Values.require(p, value, String.class);
            case "Edm.Boolean" -> V3Values.require(p, value, Boolean.class).toString();
            case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64" ->
                    Long.toString(V3Values.integral(p, value));
            case "Edm.Decimal" -> V3Values.decimal(p, value).toPlainString();
            case "Edm.Double" -> V3Values.floating(V3Values.require(p, value, Number.class).doubleValue(), false);
            case "Edm.Single" -> V3Values.floating(V3Values.require(p, value, Number.class).floatValue(), true);
            case "Edm.Guid" -> V3Values.require(p, value, UUID.class).toString();
            case "Edm.DateTime", "Edm.DateTimeOffset" ->
                    V3Values.formatDateTime(V3Values.require(p, value, Instant.class));
            case "Edm.Time" -> V3Values.require(p, value, Duration.class).toString();
            case "Edm.Binary" -> Base64.getEncoder().encodeToString(V3Values.require(p, value, byte[].class));
            default -> throw new IllegalArgumentException(
                    "property " + p.name() + " has type " + edmType + ", which has no XML value");
        };
    }

    private static void namespaces(XMLStreamWriter xml, boolean declare) throws XMLStreamException {
        if (declare) {
            xml.writeNamespace("d", AtomXml.DATA);
            xml.writeNamespace("m", AtomXml.METADATA);
        }
    }
}
