package io.gio.odata.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.odata.model.VmmModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class V3MetadataWriterTest {
    private static final VmmModel MODEL = VmmModel.load();
    private static Document doc;
    private static String text;

    @BeforeAll
    static void render() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new V3MetadataWriter(MODEL).write(out);
        text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void edmxEnvelope() {
        Element root = doc.getDocumentElement();
        assertEquals(V3MetadataWriter.EDMX, root.getNamespaceURI());
        assertEquals("Edmx", root.getLocalName());
        assertEquals("1.0", root.getAttribute("Version"));
        Element services = (Element) root.getElementsByTagNameNS(V3MetadataWriter.EDMX, "DataServices").item(0);
        assertEquals("3.0", services.getAttributeNS(V3MetadataWriter.METADATA, "DataServiceVersion"));
        assertEquals("3.0", services.getAttributeNS(V3MetadataWriter.METADATA, "MaxDataServiceVersion"));
        Element schema = (Element) doc.getElementsByTagNameNS(V3MetadataWriter.EDM, "Schema").item(0);
        assertEquals("VMM", schema.getAttribute("Namespace"));
        assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"), text.substring(0, 60));
    }

    @Test
    void virtualMachinesSetAndKey() {
        Element container = single("EntityContainer");
        assertEquals("VMMContainer", container.getAttribute("Name"));
        assertEquals("true", container.getAttributeNS(V3MetadataWriter.METADATA, "IsDefaultEntityContainer"));
        Element set = named("EntitySet", "VirtualMachines");
        assertEquals("VMM.VirtualMachine", set.getAttribute("EntityType"));
        assertEquals(MODEL.entitySets().size(), doc.getElementsByTagNameNS(V3MetadataWriter.EDM, "EntitySet").getLength());
        Element vm = named("EntityType", "VirtualMachine");
        NodeList refs = vm.getElementsByTagNameNS(V3MetadataWriter.EDM, "PropertyRef");
        assertEquals(List.of("ID", "StampId"), List.of(((Element) refs.item(0)).getAttribute("Name"),
                ((Element) refs.item(1)).getAttribute("Name")));
        Element added = child(vm, "Property", "AddedTime");
        assertEquals("Edm.DateTime", added.getAttribute("Type"));
        assertEquals("true", added.getAttribute("Nullable"));
        Element stream = child(vm, "Property", "VMConnection");
        assertEquals("Edm.Stream", stream.getAttribute("Type"));
        assertEquals("false", stream.getAttribute("Nullable"));
        assertEquals("Collection(VMM.UserAndRole)", child(vm, "Property", "GrantedToList").getAttribute("Type"));
        assertNotNull(named("ComplexType", "ErrorInfo"));
    }

    @Test
    void associationForEveryNavigation() {
        Element nav = child(named("EntityType", "VirtualMachine"), "NavigationProperty", "VirtualNetworkAdapters");
        assertEquals("VMM.VirtualMachine_VirtualNetworkAdapters", nav.getAttribute("Relationship"));
        assertEquals("VirtualMachine", nav.getAttribute("FromRole"));
        assertEquals("VirtualNetworkAdapters", nav.getAttribute("ToRole"));
        Element association = named("Association", "VirtualMachine_VirtualNetworkAdapters");
        List<Element> ends = children(association, "End");
        assertEquals("VMM.VirtualMachine", ends.get(0).getAttribute("Type"));
        assertEquals("VirtualMachine", ends.get(0).getAttribute("Role"));
        assertEquals("VMM.VirtualNetworkAdapter", ends.get(1).getAttribute("Type"));
        assertEquals("VirtualNetworkAdapters", ends.get(1).getAttribute("Role"));
        assertEquals("*", ends.get(1).getAttribute("Multiplicity"));
        assertEquals("0..1", children(named("Association", "VirtualMachine_Cloud"), "End").get(1).getAttribute("Multiplicity"));
        Element associationSet = named("AssociationSet", "VirtualMachine_VirtualNetworkAdapters");
        assertEquals("VMM.VirtualMachine_VirtualNetworkAdapters", associationSet.getAttribute("Association"));
        List<Element> setEnds = children(associationSet, "End");
        assertEquals("VirtualMachines", setEnds.get(0).getAttribute("EntitySet"));
        assertEquals("VirtualNetworkAdapters", setEnds.get(1).getAttribute("EntitySet"));
        int navigations = MODEL.entityTypes().stream().mapToInt(t -> t.navigations().size()).sum();
        assertEquals(48 + 1, navigations); // VMM's, and GIO.Migration/Events
        assertEquals(navigations, doc.getElementsByTagNameNS(V3MetadataWriter.EDM, "Association").getLength());
        assertEquals(navigations, doc.getElementsByTagNameNS(V3MetadataWriter.EDM, "AssociationSet").getLength());
        Set<String> names = new HashSet<>();
        for (Element a : all("Association")) {
            assertTrue(names.add(a.getAttribute("Name")), a.getAttribute("Name"));
        }
    }

    @Test
    void writesTheSameBytesEveryTime() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        V3MetadataWriter writer = new V3MetadataWriter(MODEL);
        writer.write(out);
        writer.write(out);
        assertEquals(text + text, out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(text, new String(V3MetadataWriter.toBytes(MODEL), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Element single(String tag) {
        NodeList list = doc.getElementsByTagNameNS(V3MetadataWriter.EDM, tag);
        assertEquals(1, list.getLength(), tag);
        return (Element) list.item(0);
    }

    private static Element named(String tag, String name) {
        return all(tag).stream().filter(e -> e.getAttribute("Name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + tag + " named " + name));
    }

    private static Element child(Element parent, String tag, String name) {
        return children(parent, tag).stream().filter(e -> e.getAttribute("Name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + tag + " named " + name));
    }

    private static List<Element> all(String tag) {
        return elements(doc.getElementsByTagNameNS(V3MetadataWriter.EDM, tag));
    }

    private static List<Element> children(Element parent, String tag) {
        return elements(parent.getElementsByTagNameNS(V3MetadataWriter.EDM, tag));
    }

    private static List<Element> elements(NodeList list) {
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }
}
