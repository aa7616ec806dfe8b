package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** AtomPub, the OData 3 default: what clients get when they send no JSON Accept (spec 2.1, case 12). */
class SpfAtomIT {

    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    static Document xml(HttpResponse<String> r) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    }

    static String xpath(Document d, String expr) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        return x.evaluate(expr, d);
    }

    @Test
    void case12CreateWithoutAcceptAnswersAnAtomEntryWithTheNewId() throws Exception {
        String cloud = SpfVmLifecycleIT.cloud;
        if (cloud == null) {
            SpfVmLifecycleIT.start();
            cloud = SpfVmLifecycleIT.cloud;
        }
        String body = "{\"odata.type\":\"VMM.VirtualMachine\",\"StampId\":\"" + SpfVmLifecycleIT.stamp + "\",\"CloudId\":\""
                + cloud + "\",\"Name\":\"ci-tf01\",\"VMTemplateId\":\"" + SpfVmLifecycleIT.template("CentOS Linux 7 (64 bit)")
                + "\",\"Owner@odata.type\":\"VMM.UserAndRole\",\"Owner\":{\"UserName\":\"terraform\"}}";
        HttpResponse<String> r = http.method("POST", SPF + "VirtualMachines", body, "Content-Type", "application/json",
                "x-ms-principal-id", "terraform-provider-vmm");
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
        Document entry = xml(r);
        String id = xpath(entry, "/entry/content/properties/ID");
        assertEquals(36, id.length(), r.body());
        assertTrue(xpath(entry, "/entry/id").contains(id));
        assertEquals("ci-tf01", xpath(entry, "/entry/content/properties/Name"));
    }

    @Test
    void feedsAreAtomByDefault() throws Exception {
        HttpResponse<String> r = http.get(SPF + "Clouds?$inlinecount=allpages");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
        Document feed = xml(r);
        NodeList entries = (NodeList) XPathFactory.newInstance().newXPath().evaluate("/feed/entry", feed, XPathConstants.NODESET);
        assertTrue(entries.getLength() >= 4, "the demo clouds, and those of subscriptions other suites made");
        assertEquals(Integer.toString(entries.getLength()), xpath(feed, "/feed/count"));
        assertEquals("VMM.Cloud", xpath(feed, "/feed/entry[1]/category/@term"));
        HttpResponse<String> doc = http.get(SPF);
        assertTrue(doc.body().contains("<collection href=\"VirtualMachines\">"), doc.body());
    }
}
