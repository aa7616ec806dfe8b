package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a clear error in the dialect's format, never a 500. */
class SpfBadInputIT {

    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    private static void assertV3Error(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode err = Http.json(r).get("odata.error");
        assertTrue(err.get("message").get("value").asText().length() > 5, r.body());
    }

    @Test
    void missingOrWrongCredentialsAre401WithAChallenge() throws Exception {
        HttpResponse<String> none = http.anonymous().get(SPF + "Clouds");
        assertV3Error(none, 401);
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        HttpResponse<String> wrong = new Http(SharedGateway.get().uri(), "admin", "wrong-password").get(SPF + "Clouds");
        assertEquals(401, wrong.statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "VirtualMachines(ID=guid'not-a-guid',StampId=guid'00000000-0000-0000-0000-000000000000')",
        "VirtualMachines(ID=guid'00000000-0000-0000-0000-000000000000')",
        "VirtualMachines?$filter=Name%20eq%20'unterminated",
        "VirtualMachines?$filter=Name%20eq",
        "VirtualMachines?$filter=NoSuchProperty%20eq%201",
        "VirtualMachines?$top=-1",
        "VirtualMachines?$inlinecount=sometimes",
        "VirtualMachines?$orderby=Name%20sideways",
        "VirtualMachines?$expand=NoSuchNavigation",
        "VirtualMachines?$select=NoSuchProperty",
        "VirtualMachines?$orderby=NoSuchProperty",
        "VirtualMachines?$filter=nosuchfunction(Name)"
    })
    void malformedRequestsAre400(String url) {
        HttpResponse<String> r = http.get(SPF + url, "Accept", "application/json");
        // WCF Data Services answers a query option it cannot apply with 400; 404 is for resources
        assertV3Error(r, 400);
    }

    @Test
    void unknownEntitySetAndKeyAre404() throws Exception {
        assertV3Error(http.get(SPF + "NoSuchSet", "Accept", "application/json"), 404);
        assertV3Error(http.get(SPF + "VirtualMachines(ID=guid'" + UUID.randomUUID() + "',StampId=guid'"
                + UUID.randomUUID() + "')", "Accept", "application/json"), 404);
        assertV3Error(http.get(SPF + "VirtualMachines(ID=guid'" + UUID.randomUUID() + "',StampId=guid'"
                + UUID.randomUUID() + "')/VirtualHardDisks", "Accept", "application/json"), 404);
    }

    @Test
    void malformedBodiesAre400() throws Exception {
        JsonNode web = SpfV3ConformanceIT.vmNamed("web01");
        String url = SPF + "VirtualMachines" + SpfV3ConformanceIT.key(web);
        String[] json = {"Content-Type", "application/json", "Accept", "application/json"};
        assertV3Error(http.method("PUT", url, "{not json", json), 400);
        assertV3Error(http.method("PUT", url, "[1,2]", json), 400);
        assertV3Error(http.method("PUT", url, "{\"CPUCount\": \"three\"}", json), 400);
        HttpResponse<String> broken = http.method("PUT", url, "{\"Name\": tru", json);
        assertV3Error(broken, 400);
        assertTrue(broken.body().contains("line 1") && !broken.body().contains("StreamReadFeature")
                && !broken.body().contains("REDACTED"), "the parser's position, not its internals: " + broken.body());
        // an Atom entry (the WCF Data Services client's default) with a value its type cannot hold, or a DTD
        String[] atom = {"Content-Type", "application/atom+xml", "Accept", "application/json"};
        assertV3Error(http.method("MERGE", url, atomEntry("<d:CPUCount>three</d:CPUCount>"), atom), 400);
        assertV3Error(http.method("MERGE", url, "<?xml version=\"1.0\"?><!DOCTYPE entry [<!ENTITY x SYSTEM"
                + " \"file:///etc/passwd\">]><entry xmlns=\"http://www.w3.org/2005/Atom\">&x;</entry>", atom), 400);
        assertV3Error(http.method("MERGE", url, "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", atom), 400);
        assertV3Error(http.get(SPF + "VirtualMachines?$orderby=Owner", "Accept", "application/json"), 400);
        assertEquals(200, http.get(SPF + "VirtualMachines?$orderby=Owner/UserName", "Accept", "application/json").statusCode());
        // AzPS sends its whole proxy object back: unknown properties are ignored, not refused (spec 2.4).
        assertEquals(204, http.method("PUT", url, "{\"NoSuchProperty\": 1}", json).statusCode());
    }

    @Test
    void withoutAJsonAcceptErrorsAreXml() throws Exception {
        HttpResponse<String> r = http.get(SPF + "NoSuchSet");
        assertEquals(404, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"), r.headers().map().toString());
        assertTrue(r.body().contains("<m:error") && r.body().contains("<m:message xml:lang=\"en-US\">"), r.body());
        HttpResponse<String> unacceptable = http.get(SPF + "Clouds", "Accept", "image/png");
        assertEquals(406, unacceptable.statusCode(), unacceptable.body());
    }

    @Test
    void unsupportedMethodsAre405() throws Exception {
        HttpResponse<String> delete = http.method("DELETE", SPF + "Clouds", null, "Accept", "application/json");
        assertV3Error(delete, 405);
        assertEquals("GET, POST", delete.headers().firstValue("Allow").orElse(""), "405 names the methods allowed");
        assertV3Error(http.method("PUT", SPF + "$metadata", "{}", "Content-Type", "application/json", "Accept",
                "application/json"), 405);
    }

    @Test
    void aRefusedUpdateChangesNothing() throws Exception {
        JsonNode before = SpfV3ConformanceIT.vmNamed("dc01");
        String url = SPF + "VirtualMachines" + SpfV3ConformanceIT.key(before) + "?RunAsynchronously=1";
        String[] json = {"Content-Type", "application/json", "Accept", "application/json"};
        assertV3Error(http.method("PUT", url, "{\"Name\":\"renamed-by-a-400\",\"Operation\":\"Bogus\"}", json), 400);
        int otherCpus = before.get("CPUCount").asInt() == 1 ? 2 : 1;
        assertV3Error(http.method("PUT", url, "{\"CPUCount\":" + otherCpus + ",\"Operation\":\"Start\"}", json), 400);
        for (String bad : new String[] {"{\"Name\":{\"a\":1}}", "{\"Name\":[1,2]}", "{\"Name\":12345}",
                "{\"CPUCount\":3.7}", "{\"CPUCount\":\"2x\"}", "{\"CPUCount\":300}", "{\"DynamicMemoryEnabled\":\"yes\"}",
                "{\"Description\":{\"x\":[1]}}", "{\"HardwareProfileId\":\"not-a-guid\"}"}) {
            HttpResponse<String> r = http.method("PUT", url, bad, json);
            assertV3Error(r, 400);
            assertTrue(Http.json(r).get("odata.error").get("message").get("value").asText().startsWith("The value of "),
                    bad + " -> " + r.body());
        }
        JsonNode after = SpfV3ConformanceIT.vmNamed("dc01");
        for (String p : new String[] {"Name", "CPUCount", "Description", "DynamicMemoryEnabled", "HardwareProfileId"}) {
            assertEquals(before.get(p), after.get(p), p);
        }
    }

    @Test
    void arithmeticTheStoreCannotComputeIs400() throws Exception {
        for (String filter : new String[] {"CPUCount%20div%200%20eq%203", "CPUCount%20mod%200%20eq%201",
                "TotalSize%20mul%209223372036854775807L%20eq%201", "TotalSize%20add%209223372036854775807L%20gt%200"}) {
            for (String extra : new String[] {"", "&$inlinecount=allpages", "/$count"}) {
                String path = extra.equals("/$count") ? "VirtualMachines/$count?$filter=" + filter
                        : "VirtualMachines?$filter=" + filter + extra;
                HttpResponse<String> r = http.get(SPF + path, "Accept", "application/json");
                assertV3Error(r, 400);
                assertTrue(r.body().contains("cannot be evaluated") && !r.body().contains("SELECT"), r.body());
            }
            // OData 4 has no Int64 suffix
            HttpResponse<String> v4 = http.get(SPF + "VirtualMachines?$filter=" + filter.replace("L%20", "%20"), ODataV4IT.V4);
            assertEquals(400, v4.statusCode(), v4.body());
            assertTrue(Http.json(v4).get("error").get("message").asText().contains("cannot be evaluated"), v4.body());
        }
        // arithmetic that every row can compute still filters
        assertEquals(200, http.get(SPF + "VirtualMachines?$filter=CPUCount%20mul%202%20ge%202", "Accept",
                "application/json").statusCode());
    }

    @Test
    void deeplyNestedQueriesAre400InBothDialects() throws Exception {
        String nested = "(".repeat(2000) + "true" + ")".repeat(2000);
        assertV3Error(http.get(SPF + "VirtualMachines?$filter=" + nested, "Accept", "application/json"), 400);
        HttpResponse<String> v4 = http.get(SPF + "VirtualMachines?$filter=" + nested, ODataV4IT.V4);
        assertEquals(400, v4.statusCode(), v4.body());
        assertTrue(Http.json(v4).has("error"), v4.body());
        String fine = "(".repeat(20) + "Name%20eq%20'web01'" + ")".repeat(20);
        assertEquals(1, Http.json(http.get(SPF + "VirtualMachines?$filter=" + fine, "Accept", "application/json"))
                .get("value").size());
    }

    @Test
    void malformedPercentEscapesAre400() throws Exception {
        for (String target : new String[] {"/healthz?x=%ZZ", "/" + SPF + "Clouds?x=%ZZ", "/" + SPF + "Clouds?$filter=%G1"}) {
            java.net.URI base = SharedGateway.get().uri();
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost()
                        + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 400"), target + ": " + response);
                assertTrue(response.contains("\"odata.error\"") && !response.contains("Exception"), response);
            }
        }
    }

    @Test
    void syntaxErrorsComeInTheFormatAsked() throws Exception {
        String badKey = SPF + "VirtualMachines(ID=guid'zz',StampId=guid'zz')";
        HttpResponse<String> xml = http.get(badKey);
        assertEquals(400, xml.statusCode());
        assertTrue(xml.body().contains("<m:error"), xml.body());
        HttpResponse<String> verbose = http.get(badKey, "Accept", "application/json;odata=verbose");
        assertEquals(400, verbose.statusCode());
        assertTrue(Http.json(verbose).get("error").get("message").get("value").asText().contains("guid"), verbose.body());
        HttpResponse<String> formatted = http.get(badKey + "?$format=json");
        assertV3Error(formatted, 400);
    }

    @Test
    void valueOfANonPrimitivePropertyIs400() throws Exception {
        String vm = SPF + "VirtualMachines" + SpfV3ConformanceIT.key(SpfV3ConformanceIT.vmNamed("web01"));
        assertV3Error(http.get(vm + "/Owner/$value", "Accept", "application/json"), 400);
        assertV3Error(http.get(vm + "/CPUCount/$value/$value", "Accept", "application/json"), 400);
        assertEquals(200, http.get(vm + "/CPUCount/$value").statusCode());
        JsonNode web = SpfV3ConformanceIT.vmNamed("web01");
        HttpResponse<byte[]> image = http.send(http.request(SPF + "VMScreenshots(VMId=guid'"
                + web.get("ID").asText() + "',StampId=guid'" + web.get("StampId").asText() + "')/Image/$value").GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, image.statusCode());
        assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""), "a named stream's $value is the stream");
        assertEquals((byte) 0x89, image.body()[0]);
    }

    /** An OData 3 Atom entry with these {@code d:} properties, as the WCF Data Services client writes it. */
    static String atomEntry(String properties) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><entry xmlns=\"http://www.w3.org/2005/Atom\""
                + " xmlns:d=\"http://schemas.microsoft.com/ado/2007/08/dataservices\""
                + " xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">"
                + "<category term=\"VMM.VirtualMachine\" scheme=\"http://schemas.microsoft.com/ado/2007/08/dataservices/scheme\"/>"
                + "<title/><author><name/></author><updated>2026-12-02T00:00:00Z</updated><id/>"
                + "<content type=\"application/xml\"><m:properties>" + properties + "</m:properties></content></entry>";
    }

    @Test
    void atomEntriesUpdateAsWcfDataServicesClientsSendThem() throws Exception {
        JsonNode vm = SpfV3ConformanceIT.vmNamed("files01");
        String url = SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm);
        HttpResponse<String> r = http.method("MERGE", url, atomEntry("<d:Description>set from Atom</d:Description>"
                + "<d:Name m:null=\"true\"/><d:Owner m:type=\"VMM.UserAndRole\"><d:UserName>ignored</d:UserName></d:Owner>"
                + "<d:NoSuchProperty>x</d:NoSuchProperty>"), "Content-Type", "application/atom+xml", "Accept", "application/json");
        assertEquals(204, r.statusCode(), r.body());
        JsonNode after = SpfV3ConformanceIT.vmNamed("files01");
        assertEquals("set from Atom", after.get("Description").asText());
        assertEquals("files01", after.get("Name").asText(), "m:null keeps the value, as a JSON null does");
        HttpResponse<String> start = http.method("MERGE", url + "?RunAsynchronously=1",
                atomEntry("<d:Operation>Bogus</d:Operation>"), "Content-Type", "application/atom+xml");
        assertEquals(400, start.statusCode(), start.body());
        assertTrue(start.body().contains("<m:error"), "the error in the format the client reads: " + start.body());
    }
}
