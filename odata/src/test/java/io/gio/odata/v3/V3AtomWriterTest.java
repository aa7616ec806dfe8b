package io.gio.odata.v3;

import static io.gio.odata.v3.V3JsonWriterTest.KEY;
import static io.gio.odata.v3.V3JsonWriterTest.N;
import static io.gio.odata.v3.V3JsonWriterTest.ROOT;
import static io.gio.odata.v3.V3JsonWriterTest.S;
import static io.gio.odata.v3.V3JsonWriterTest.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.odata.model.EntitySetDef;
import io.gio.odata.model.PropertyDef;
import io.gio.odata.model.VmmModel;
import io.gio.spf.query.EntityRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class V3AtomWriterTest {
    private static final String VM_SET = "VirtualMachines";
    private static final String META = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    private static final String DATA = "http://schemas.microsoft.com/ado/2007/08/dataservices";
    private static final String RELATED = DATA + "/related/";
    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.987Z");

    private final VmmModel model = VmmModel.load();
    private final V3AtomWriter writer = new V3AtomWriter(model, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void terraformReadsTheIdOfACreatedEntry() throws Exception {
        byte[] bytes = bytes(out -> writer.writeEntry(out, ROOT, VM_SET, List.of(), V3JsonWriterTest.vm()));
        assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        Xml doc = new Xml(bytes);
        assertEquals(V.toString(), doc.text("/a:entry/a:content/m:properties/d:ID"), "case 12: content/m:properties/d:ID");
        assertEquals(V.toString(), doc.text("/*[local-name()='entry']/*[local-name()='content']"
                + "/*[local-name()='properties']/*[local-name()='ID']"), "by local names, as Go's encoding/xml reads it");
        assertEquals(ROOT, doc.text("/a:entry/@xml:base"));
        assertEquals(ROOT + VM_SET + KEY, doc.text("/a:entry/a:id"));
        assertEquals("VMM.VirtualMachine", doc.text("/a:entry/a:category/@term"));
        assertEquals(DATA + "/scheme", doc.text("/a:entry/a:category/@scheme"));
        assertEquals(VM_SET + KEY, doc.text("/a:entry/a:link[@rel='edit']/@href"));
        assertEquals("VirtualMachine", doc.text("/a:entry/a:link[@rel='edit']/@title"));
        assertEquals("2024-05-06T07:08:09Z", doc.text("/a:entry/a:updated"));
        assertEquals(1.0, doc.number("count(/a:entry/a:author/a:name)"));
        assertEquals(1.0, doc.number("count(/a:entry/a:title)"));
        assertEquals("application/xml", doc.text("/a:entry/a:content/@type"));
        assertEquals(List.of("id", "category", "link"), doc.localNames("/a:entry/*").subList(0, 3));
        List<String> order = doc.localNames("/a:entry/*");
        assertEquals(List.of("title", "updated", "author"), order.subList(order.indexOf("title"), order.indexOf("title") + 3));
        assertEquals("content", order.get(order.size() - 1));
        assertEquals(VM_SET + KEY + "/VMCheckpoints",
                doc.text("/a:entry/a:link[@rel='" + RELATED + "VMCheckpoints']/@href"));
        assertEquals("application/atom+xml;type=feed",
                doc.text("/a:entry/a:link[@rel='" + RELATED + "VMCheckpoints']/@type"));
        assertEquals("application/atom+xml;type=entry", doc.text("/a:entry/a:link[@rel='" + RELATED + "MostRecentTask']/@type"));
        assertEquals(VM_SET + KEY + "/VMConnection", doc.text("/a:entry/a:link[@rel='" + DATA + "/mediaresource/VMConnection']/@href"));
        assertEquals(VM_SET + KEY + "/VMConnection", doc.text("/a:entry/a:link[@rel='" + DATA + "/edit-media/VMConnection']/@href"));
    }

    @Test
    void doublesAreTyped() throws Exception {
        Xml doc = new Xml(bytes(out -> writer.writeEntry(out, ROOT, "Migrations", List.of(),
                new EntityRow(Map.of("ID", V, "StampId", S, "DowntimeSeconds", 12.5)))));
        assertEquals("12.5", doc.text("/a:entry/a:content/m:properties/d:DowntimeSeconds"));
        assertEquals("Edm.Double", doc.text("/a:entry/a:content/m:properties/d:DowntimeSeconds/@m:type"));
        assertEquals("GIO.Migration", doc.text("/a:entry/a:category/@term"));
    }

    @Test
    void feedWithCountAndNextLink() throws Exception {
        EntityRow second = new EntityRow(Map.of("ID", N, "StampId", S, "Name", "web02"));
        String next = ROOT + "VirtualMachines?$skiptoken=2";
        Xml doc = new Xml(bytes(out -> writer.writeFeed(out, ROOT.substring(0, ROOT.length() - 1), VM_SET, List.of(),
                List.of(V3JsonWriterTest.vm(), second).iterator(), OptionalLong.of(42), Optional.of(next))));
        assertEquals(ROOT, doc.text("/a:feed/@xml:base"));
        assertEquals(List.of("count", "id", "title", "updated", "link", "entry", "entry", "link"), doc.localNames("/a:feed/*"));
        assertEquals("42", doc.text("/a:feed/m:count"));
        assertEquals(ROOT + VM_SET, doc.text("/a:feed/a:id"));
        assertEquals(VM_SET, doc.text("/a:feed/a:title[@type='text']"));
        assertEquals("2024-05-06T07:08:09Z", doc.text("/a:feed/a:updated"));
        assertEquals(VM_SET, doc.text("/a:feed/a:link[@rel='self']/@href"));
        assertEquals(VM_SET, doc.text("/a:feed/a:link[@rel='self']/@title"));
        assertEquals(next, doc.text("/a:feed/a:link[@rel='next']/@href"));
        assertEquals("web02", doc.text("/a:feed/a:entry[2]/a:content/m:properties/d:Name"));
        assertEquals(ROOT + VM_SET + "(ID=guid'" + N + "',StampId=guid'" + S + "')", doc.text("/a:feed/a:entry[2]/a:id"));
        assertEquals("", doc.text("/a:feed/a:entry[2]/@xml:base"), "only the document element carries xml:base");
        assertEquals(0.0, doc.number("count(/a:feed/a:author)"), "entries carry the author");

        Xml empty = new Xml(bytes(out -> writer.writeFeed(out, ROOT, "Clouds", List.of(), List.<EntityRow>of().iterator(),
                OptionalLong.empty(), Optional.empty())));
        assertEquals(List.of("id", "title", "updated", "link", "author"), empty.localNames("/a:feed/*"));
    }

    @Test
    void valuesOfEveryKind() throws Exception {
        Xml doc = new Xml(bytes(out -> writer.writeEntry(out, ROOT, VM_SET, List.of(), V3JsonWriterTest.vm())));
        String props = "/a:entry/a:content/m:properties/";
        List<String> expectedOrder = new ArrayList<>();
        model.entityType("VirtualMachine").orElseThrow().properties().stream()
                .filter(p -> V3JsonWriterTest.vm().values().containsKey(p.name())).forEach(p -> expectedOrder.add(p.name()));
        assertEquals(expectedOrder, doc.localNames(props + "*"), "model order");
        assertEquals("true", doc.text(props + "d:DeploymentErrorInfo/@m:null"));
        assertEquals("", doc.text(props + "d:DeploymentErrorInfo/@m:type"), "null values carry no type");
        assertEquals(0.0, doc.number("count(" + props + "d:DeploymentErrorInfo/node())"));
        assertEquals("VMM.UserAndRole", doc.text(props + "d:Owner/@m:type"));
        assertEquals(List.of("UserName", "RoleID"), doc.localNames(props + "d:Owner/*"), "complex members in model order");
        assertEquals("user@contoso.com", doc.text(props + "d:Owner/d:UserName"));
        assertEquals("", doc.text(props + "d:Owner/d:UserName/@m:type"));
        assertEquals("Edm.Guid", doc.text(props + "d:Owner/d:RoleID/@m:type"));
        assertEquals(N.toString(), doc.text(props + "d:Owner/d:RoleID"));
        assertEquals("Collection(VMM.UserAndRole)", doc.text(props + "d:GrantedToList/@m:type"));
        assertEquals("r1", doc.text(props + "d:GrantedToList/d:element/d:RoleName"));
        assertEquals("42949672960", doc.text(props + "d:TotalSize"));
        assertEquals("Edm.Int64", doc.text(props + "d:TotalSize/@m:type"));
        assertEquals("2019-04-30T17:42:41.213Z", doc.text(props + "d:AddedTime"));
        assertEquals("Edm.DateTime", doc.text(props + "d:AddedTime/@m:type"));
        assertEquals("true", doc.text(props + "d:Enabled"));
        assertEquals("Edm.Boolean", doc.text(props + "d:Enabled/@m:type"));
        assertEquals("2048", doc.text(props + "d:Memory"));
        assertEquals("Edm.Int32", doc.text(props + "d:Memory/@m:type"));
        assertEquals("Edm.Byte", doc.text(props + "d:CPUCount/@m:type"));
        assertEquals("web01", doc.text(props + "d:Name"));
        assertEquals("", doc.text(props + "d:Name/@m:type"), "Edm.String has no m:type");
    }

    @Test
    void expandedNavigationsAreInline() throws Exception {
        Xml doc = new Xml(bytes(out -> writer.writeEntry(out, ROOT, VM_SET, List.of(), V3JsonWriterTest.vm())));
        String nics = "/a:entry/a:link[@rel='" + RELATED + "VirtualNetworkAdapters']";
        assertEquals("application/atom+xml;type=feed", doc.text(nics + "/@type"));
        assertEquals("VirtualNetworkAdapters", doc.text(nics + "/@title"));
        String feed = nics + "/m:inline/a:feed";
        assertEquals(ROOT + VM_SET + KEY + "/VirtualNetworkAdapters", doc.text(feed + "/a:id"));
        assertEquals(VM_SET + KEY + "/VirtualNetworkAdapters", doc.text(feed + "/a:link[@rel='self']/@href"));
        assertEquals("VirtualNetworkAdapters", doc.text(feed + "/a:title"));
        String nic = feed + "/a:entry";
        assertEquals(1.0, doc.number("count(" + nic + ")"));
        assertEquals(ROOT + "VirtualNetworkAdapters(ID=guid'" + N + "',StampId=guid'" + S + "')", doc.text(nic + "/a:id"));
        assertEquals("VMM.VirtualNetworkAdapter", doc.text(nic + "/a:category/@term"));
        assertEquals("nic0", doc.text(nic + "/a:content/m:properties/d:Name"));
        assertEquals("Collection(Edm.String)", doc.text(nic + "/a:content/m:properties/d:IPv4Addresses/@m:type"));
        assertEquals("10.0.0.4", doc.text(nic + "/a:content/m:properties/d:IPv4Addresses/d:element"));
        String cloud = "/a:entry/a:link[@rel='" + RELATED + "Cloud']";
        assertEquals("application/atom+xml;type=entry", doc.text(cloud + "/@type"));
        assertEquals(1.0, doc.number("count(" + cloud + "/m:inline)"), "expanded to nothing: an empty m:inline");
        assertEquals(0.0, doc.number("count(" + cloud + "/m:inline/node())"));
        assertEquals(0.0, doc.number("count(/a:entry/a:link[@rel='" + RELATED + "VMCheckpoints']/node())"));
        EntityRow withCloud = new EntityRow(Map.of("ID", V, "StampId", S),
                Map.of("Cloud", List.of(new EntityRow(Map.of("ID", N, "StampId", S, "Name", "Gold")))));
        Xml single = new Xml(bytes(out -> writer.writeEntry(out, ROOT, VM_SET, List.of("Name"), withCloud)));
        assertEquals("Gold", single.text("/a:entry/a:link[@rel='" + RELATED + "Cloud']/m:inline/a:entry/a:content/m:properties/d:Name"));
    }

    @Test
    void selectLimitsPropertiesAndLinks() throws Exception {
        EntityRow row = new EntityRow(Map.of("ID", V, "StampId", S, "Name", "web01", "VMConnection", "application/x-rdp"));
        Xml doc = new Xml(bytes(out -> writer.writeEntry(out, ROOT, VM_SET, List.of("Name", "VirtualNetworkAdapters"), row)));
        assertEquals(List.of("Name"), doc.localNames("/a:entry/a:content/m:properties/*"));
        assertEquals(ROOT + VM_SET + KEY, doc.text("/a:entry/a:id"), "keys build the id even when not selected");
        assertEquals(2.0, doc.number("count(/a:entry/a:link)"), "edit link and the selected navigation only");
        assertEquals(VM_SET + KEY + "/VirtualNetworkAdapters", doc.text("/a:entry/a:link[@rel='" + RELATED + "VirtualNetworkAdapters']/@href"));
        Xml all = new Xml(bytes(out -> writer.writeEntry(out, ROOT, VM_SET, List.of(), row)));
        assertEquals("application/x-rdp", all.text("/a:entry/a:link[@rel='" + DATA + "/mediaresource/VMConnection']/@type"));
        assertEquals("VMConnection", all.text("/a:entry/a:link[@rel='" + DATA + "/edit-media/VMConnection']/@title"));
        assertFalse(all.localNames("/a:entry/a:content/m:properties/*").contains("VMConnection"));
    }

    @Test
    void stringsAreEscapedAndIllegalCharactersReplaced() throws Exception {
        String special = "a<b&c\"d'e]]>f";
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ID", V);
        values.put("StampId", S);
        values.put("Name", special);
        values.put("Description", "x\u0001y\u001Fz\uD800w\uFFFEline1\r\nline2\ttab é \uD83D\uDE00");
        byte[] bytes = bytes(out -> writer.writeEntry(out, ROOT, VM_SET, List.of(), new EntityRow(values)));
        Xml doc = new Xml(bytes);
        assertEquals(special, doc.text("/a:entry/a:content/m:properties/d:Name"));
        assertEquals("x\uFFFDy\uFFFDz\uFFFDw\uFFFDline1\r\nline2\ttab é \uD83D\uDE00",
                doc.text("/a:entry/a:content/m:properties/d:Description"), "CR kept, illegal characters replaced");
        Xml error = new Xml(bytes(out -> writer.writeError(out, "Bad<Code>", "VM \"x\" & <y>\u0000 failed")));
        assertEquals("Bad<Code>", error.text("/m:error/m:code"));
        assertEquals("VM \"x\" & <y>\uFFFD failed", error.text("/m:error/m:message"));
        assertEquals("en-US", error.text("/m:error/m:message/@xml:lang"));
        assertEquals(List.of("code", "message"), error.localNames("/m:error/*"));
    }

    @Test
    void serviceDocumentListsEverySet() throws Exception {
        Xml doc = new Xml(bytes(out -> writer.writeServiceDocument(out, ROOT)));
        assertEquals(ROOT, doc.text("/app:service/@xml:base"));
        assertEquals("Default", doc.text("/app:service/app:workspace/a:title"));
        List<String> hrefs = new ArrayList<>();
        NodeList collections = doc.nodes("/app:service/app:workspace/app:collection");
        for (int i = 0; i < collections.getLength(); i++) {
            Element c = (Element) collections.item(i);
            hrefs.add(c.getAttribute("href"));
            assertEquals(c.getAttribute("href"), doc.text("a:title", c));
        }
        assertEquals(model.entitySets().stream().map(EntitySetDef::name).toList(), hrefs);
        assertTrue(hrefs.containsAll(List.of("Clouds", VM_SET, "VMCheckPoints", "Jobs")));
    }

    @Test
    void singlePropertyDocuments() throws Exception {
        PropertyDef memory = property("Memory");
        Xml doc = new Xml(bytes(out -> writer.writeProperty(out, memory, 2048)));
        Element root = doc.document.getDocumentElement();
        assertEquals(DATA, root.getNamespaceURI());
        assertEquals("Memory", root.getLocalName());
        assertEquals("Edm.Int32", root.getAttributeNS(META, "type"));
        assertEquals("2048", root.getTextContent());
        assertEquals(DATA, root.getAttribute("xmlns:d"));
        assertEquals(META, root.getAttribute("xmlns:m"));
        Xml none = new Xml(bytes(out -> writer.writeProperty(out, property("Name"), null)));
        assertEquals("true", none.text("/d:Name/@m:null"));
        Xml owner = new Xml(bytes(out -> writer.writeProperty(out, property("Owner"), Map.of("RoleName", "r1"))));
        assertEquals("VMM.UserAndRole", owner.text("/d:Owner/@m:type"));
        assertEquals("r1", owner.text("/d:Owner/d:RoleName"));
        assertThrows(IllegalArgumentException.class, () -> writer.writeProperty(new ByteArrayOutputStream(),
                property("VMConnection"), "application/x-rdp"));
        assertThrows(IllegalArgumentException.class, () -> writer.writeProperty(new ByteArrayOutputStream(),
                property("Owner"), Map.of("Bogus", "x")));
    }

    @Test
    void rowsThatDoNotFitTheModelAreRejected() {
        OutputStream sink = new ByteArrayOutputStream();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> writer.writeEntry(sink, ROOT, VM_SET, List.of(), new EntityRow(Map.of("ID", V, "StampId", S, "Bogus", 1))));
        assertTrue(unknown.getMessage().contains("has no property Bogus"), unknown.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> writer.writeEntry(sink,
                ROOT, VM_SET, List.of(), new EntityRow(Map.of("ID", V, "StampId", S, "Memory", "2048"))));
        assertTrue(wrongType.getMessage().contains("Memory (Edm.Int32) cannot hold a java.lang.String"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> writer.writeEntry(sink, ROOT, VM_SET, List.of(), new EntityRow(Map.of("Name", "no key"))));
        assertThrows(IllegalArgumentException.class,
                () -> writer.writeEntry(sink, ROOT, "Nope", List.of(), V3JsonWriterTest.vm()));
        assertThrows(IllegalArgumentException.class, () -> writer.writeEntry(sink, ROOT, VM_SET, List.of(),
                new EntityRow(Map.of("ID", V, "StampId", S), Map.of("Cloud",
                        List.of(new EntityRow(Map.of("ID", N, "StampId", S)), new EntityRow(Map.of("ID", V, "StampId", S)))))));
    }

    @Test
    void streamsRowsOneByOneAndLeavesTheStreamOpen() throws Exception {
        List<Integer> pulled = new ArrayList<>();
        Iterator<EntityRow> rows = new Iterator<>() {
            int i;

            public boolean hasNext() {
                return i < 3;
            }

            public EntityRow next() {
                pulled.add(i);
                return new EntityRow(Map.of("ID", V, "StampId", S, "Name", "vm" + i++));
            }
        };
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean[] closed = {false};
        OutputStream out = new FilterOutputStream(buffer) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        writer.writeFeed(out, ROOT, VM_SET, List.of(), rows, OptionalLong.empty(), Optional.empty());
        assertEquals(List.of(0, 1, 2), pulled);
        assertFalse(closed[0]);
        Xml doc = new Xml(buffer.toByteArray());
        assertEquals(3.0, doc.number("count(/a:feed/a:entry)"));
        assertEquals("vm2", doc.text("/a:feed/a:entry[3]/a:content/m:properties/d:Name"));
    }

    private PropertyDef property(String name) {
        return model.entityType("VirtualMachine").orElseThrow().property(name).orElseThrow();
    }

    @FunctionalInterface
    private interface Write {
        void to(OutputStream out) throws IOException;
    }

    private static byte[] bytes(Write write) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write.to(out);
        return out.toByteArray();
    }

    /** A parsed document with XPath over the Atom (a), AtomPub (app), data (d) and metadata (m) namespaces. */
    private static final class Xml {
        private static final Map<String, String> PREFIXES = Map.of("a", "http://www.w3.org/2005/Atom",
                "app", "http://www.w3.org/2007/app", "d", DATA, "m", META,
                "xml", "http://www.w3.org/XML/1998/namespace");
        final Document document;
        private final XPath xpath = XPathFactory.newInstance().newXPath();

        Xml(byte[] bytes) throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
            xpath.setNamespaceContext(new NamespaceContext() {
                public String getNamespaceURI(String prefix) {
                    return PREFIXES.get(prefix);
                }

                public String getPrefix(String uri) {
                    return null;
                }

                public Iterator<String> getPrefixes(String uri) {
                    return List.<String>of().iterator();
                }
            });
        }

        String text(String expression) throws XPathExpressionException {
            return text(expression, document);
        }

        String text(String expression, Node context) throws XPathExpressionException {
            return (String) xpath.evaluate(expression, context, XPathConstants.STRING);
        }

        double number(String expression) throws XPathExpressionException {
            return (Double) xpath.evaluate(expression, document, XPathConstants.NUMBER);
        }

        NodeList nodes(String expression) throws XPathExpressionException {
            return (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
        }

        List<String> localNames(String expression) throws XPathExpressionException {
            NodeList list = nodes(expression);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < list.getLength(); i++) {
                names.add(list.item(i).getLocalName());
            }
            return names;
        }
    }
}
