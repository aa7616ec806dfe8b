package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import io.gio.odata.model.ActionDef;
import io.gio.odata.model.ComplexTypeDef;
import io.gio.odata.model.EntitySetDef;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.NavigationDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.SchemaDef;
import io.gio.odata.model.VmmModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The OData 3 {@code $metadata} document (EDMX 1.0, CSDL 3.0, original OData 3 type names),
 * with the Associations and AssociationSets OData 3 needs for every navigation property.
 * Rendered once in the constructor; thread-safe.
 */
public final class V3MetadataWriter {
    static final String EDMX = "http://schemas.microsoft.com/ado/2007/06/edmx";
    static final String METADATA = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    static final String EDM = "http://schemas.microsoft.com/ado/2009/11/edm";

    private final VmmModel model;
    private final byte[] document;

    public V3MetadataWriter(VmmModel model) {
        this.model = requireNonNull(model, "model is null");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "utf-8");
            render(xml);
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render the OData 3 metadata document", e);
        }
        this.document = out.toByteArray();
    }

    /** The document of {@code model} as UTF-8 bytes (renders it; keep the result). */
    public static byte[] toBytes(VmmModel model) {
        return new V3MetadataWriter(model).document.clone();
    }

    /** Writes the document (UTF-8); the stream is left open. */
    public void write(OutputStream out) throws IOException {
        out.write(document);
        out.flush();
    }

    private void render(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeStartDocument("utf-8", "1.0");
        xml.writeStartElement("edmx", "Edmx", EDMX);
        xml.writeNamespace("edmx", EDMX);
        xml.writeAttribute("Version", "1.0");
        xml.writeStartElement("edmx", "DataServices", EDMX);
        xml.writeNamespace("m", METADATA);
        xml.writeAttribute("m", METADATA, "DataServiceVersion", "3.0");
        xml.writeAttribute("m", METADATA, "MaxDataServiceVersion", "3.0");
        List<SchemaDef> schemas = model.schemas();
        for (int i = 0; i < schemas.size(); i++) {
            schema(xml, schemas.get(i), i == 0);
        }
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndDocument();
    }

    private void schema(XMLStreamWriter xml, SchemaDef schema, boolean main) throws XMLStreamException {
        xml.writeStartElement("Schema");
        xml.writeDefaultNamespace(EDM);
        xml.writeAttribute("Namespace", schema.namespace());
        for (EntityTypeDef type : schema.entityTypes()) {
            entityType(xml, type);
        }
        for (ComplexTypeDef type : schema.complexTypes()) {
            xml.writeStartElement("ComplexType");
            xml.writeAttribute("Name", type.name());
            for (PropertyDef p : type.properties()) {
                property(xml, p);
            }
            xml.writeEndElement();
        }
        for (EntityTypeDef type : schema.entityTypes()) {
            for (NavigationDef nav : type.navigations()) {
                association(xml, type, nav);
            }
        }
        if (main) {
            container(xml);
        }
        xml.writeEndElement();
    }

    private void entityType(XMLStreamWriter xml, EntityTypeDef type) throws XMLStreamException {
        xml.writeStartElement("EntityType");
        xml.writeAttribute("Name", type.name());
        xml.writeStartElement("Key");
        for (String key : type.key()) {
            xml.writeEmptyElement("PropertyRef");
            xml.writeAttribute("Name", key);
        }
        xml.writeEndElement();
        for (PropertyDef p : type.properties()) {
            property(xml, p);
        }
        for (NavigationDef nav : type.navigations()) {
            xml.writeEmptyElement("NavigationProperty");
            xml.writeAttribute("Name", nav.name());
            xml.writeAttribute("Relationship", qualifiedAssociation(type, nav));
            xml.writeAttribute("FromRole", sourceRole(type));
            xml.writeAttribute("ToRole", targetRole(type, nav));
        }
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, PropertyDef p) throws XMLStreamException {
        xml.writeEmptyElement("Property");
        xml.writeAttribute("Name", p.name());
        xml.writeAttribute("Type", p.type());
        xml.writeAttribute("Nullable", Boolean.toString(p.nullable()));
    }

    private void association(XMLStreamWriter xml, EntityTypeDef type, NavigationDef nav) throws XMLStreamException {
        xml.writeStartElement("Association");
        xml.writeAttribute("Name", associationName(type, nav));
        xml.writeEmptyElement("End");
        xml.writeAttribute("Type", model.qualifiedName(type));
        xml.writeAttribute("Role", sourceRole(type));
        xml.writeAttribute("Multiplicity", "*");
        xml.writeEmptyElement("End");
        xml.writeAttribute("Type", model.qualifiedTarget(type, nav));
        xml.writeAttribute("Role", targetRole(type, nav));
        xml.writeAttribute("Multiplicity", nav.collection() ? "*" : "0..1");
        xml.writeEndElement();
    }

    private void container(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeStartElement("EntityContainer");
        xml.writeAttribute("Name", model.containerName());
        xml.writeAttribute("m", METADATA, "IsDefaultEntityContainer", "true");
        for (EntitySetDef set : model.entitySets()) {
            xml.writeEmptyElement("EntitySet");
            xml.writeAttribute("Name", set.name());
            xml.writeAttribute("EntityType", set.entityType());
        }
        for (EntitySetDef set : model.entitySets()) {
            EntityTypeDef type = model.entityTypeOfSet(set.name()).orElseThrow();
            for (NavigationDef nav : type.navigations()) {
                var target = model.entitySetOfType(model.qualifiedTarget(type, nav));
                if (target.isEmpty()) {
                    continue;
                }
                xml.writeStartElement("AssociationSet");
                xml.writeAttribute("Name", associationName(type, nav));
                xml.writeAttribute("Association", qualifiedAssociation(type, nav));
                xml.writeEmptyElement("End");
                xml.writeAttribute("Role", sourceRole(type));
                xml.writeAttribute("EntitySet", set.name());
                xml.writeEmptyElement("End");
                xml.writeAttribute("Role", targetRole(type, nav));
                xml.writeAttribute("EntitySet", target.get().name());
                xml.writeEndElement();
            }
        }
        for (ActionDef action : model.actions()) {
            if (model.entityType(action.bindingType()).isEmpty()) {
                continue;
            }
            // an OData 3 action: a bindable, side-effecting function import without a return type
            xml.writeStartElement("FunctionImport");
            xml.writeAttribute("Name", action.name());
            xml.writeAttribute("IsSideEffecting", "true");
            xml.writeAttribute("IsBindable", "true");
            xml.writeAttribute("m", METADATA, "IsAlwaysBindable", "true");
            parameter(xml, action.bindingParameter(), action.bindingType(), false);
            for (PropertyDef p : action.parameters()) {
                parameter(xml, p.name(), p.type(), p.nullable());
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void parameter(XMLStreamWriter xml, String name, String type, boolean nullable)
            throws XMLStreamException {
        xml.writeEmptyElement("Parameter");
        xml.writeAttribute("Name", name);
        xml.writeAttribute("Type", type);
        xml.writeAttribute("Mode", "In");
        if (!nullable) {
            xml.writeAttribute("Nullable", "false");
        }
    }

    private static String associationName(EntityTypeDef type, NavigationDef nav) {
        return type.name() + "_" + nav.name();
    }

    private String qualifiedAssociation(EntityTypeDef type, NavigationDef nav) {
        String qualifiedType = model.qualifiedName(type);
        return qualifiedType.substring(0, qualifiedType.length() - type.name().length()) + associationName(type, nav);
    }

    private static String sourceRole(EntityTypeDef type) {
        return type.name();
    }

    /** The navigation name, made distinct from the source role when a type navigates to a same-named one. */
    private static String targetRole(EntityTypeDef type, NavigationDef nav) {
        return nav.name().equals(type.name()) ? nav.name() + "Target" : nav.name();
    }
}
