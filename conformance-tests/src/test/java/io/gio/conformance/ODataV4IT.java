package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same model in OData 4, chosen by the OData-Version / OData-MaxVersion headers. */
class ODataV4IT {

    static Http http;
    static final String[] V4 = {"OData-MaxVersion", "4.0", "Accept", "application/json"};

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    @Test
    void metadataIsCsdl4() throws Exception {
        HttpResponse<String> r = http.get(SPF + "$metadata", "OData-MaxVersion", "4.0");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Version=\"4.0\""), r.body().substring(0, 200));
        assertTrue(r.body().contains("EntitySet Name=\"VirtualMachines\""));
        assertFalse(r.body().contains("Edm.DateTime\""));
    }

    @Test
    void collectionsFilterCountAndServerPaging() throws Exception {
        HttpResponse<String> r = http.get(SPF + "VirtualMachines?$filter=startswith(Name,'web')&$count=true&$select=Name",
                V4);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("4.0", r.headers().firstValue("OData-Version").orElse(""));
        JsonNode body = Http.json(r);
        assertEquals(2, body.get("@odata.count").asInt());
        assertTrue(body.get("@odata.context").asText().contains("$metadata#VirtualMachines"));
        JsonNode page = Http.json(http.get(SPF + "VirtualMachines?$top=120&$orderby=Name", V4));
        assertEquals(120, page.get("value").size());
    }

    @Test
    void entityByKeyWithGuidLiteralsAndInt64AsNumbers() throws Exception {
        JsonNode vm = Http.json(http.get(SPF + "VirtualMachines?$filter=Name%20eq%20'sql01'", V4)).get("value").get(0);
        String id = vm.get("ID").asText();
        String stamp = vm.get("StampId").asText();
        HttpResponse<String> r = http.get(SPF + "VirtualMachines(ID=" + id + ",StampId=" + stamp + ")"
                + "?$expand=VirtualHardDisks", V4);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode one = Http.json(r);
        assertTrue(one.get("TotalSize").isNumber());
        assertEquals(2, one.get("VirtualHardDisks").size());
        HttpResponse<String> nics = http.get(SPF + "VirtualMachines(ID=" + id + ",StampId=" + stamp + ")/VirtualNetworkAdapters", V4);
        assertEquals(1, Http.json(nics).get("value").size());
    }

    @Test
    void patchWithAnOperationRunsAJob() throws Exception {
        JsonNode vm = Http.json(http.get(SPF + "VirtualMachines?$filter=Name%20eq%20'fab-app01'", V4)).get("value").get(0);
        String url = SPF + "VirtualMachines(ID=" + vm.get("ID").asText() + ",StampId=" + vm.get("StampId").asText() + ")";
        HttpResponse<String> r = http.method("PATCH", url, "{\"Operation\":\"Start\"}", "OData-Version", "4.0",
                "Content-Type", "application/json", "Prefer", "return=representation");
        assertEquals(200, r.statusCode(), r.body());
        String job = r.headers().firstValue("x-ms-request-id").orElseThrow();
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job).get("Status").asText());
    }

    @Test
    void errorsAreOData4Errors() throws Exception {
        HttpResponse<String> r = http.get(SPF + "VirtualMachines?$filter=Name%20eq", V4);
        assertEquals(400, r.statusCode());
        assertTrue(Http.json(r).has("error"), r.body());
        assertEquals("BAD_REQUEST", Http.json(r).get("error").get("code").asText(), "a string code, also for Olingo's own errors");
        HttpResponse<String> missing = http.get(SPF + "VirtualMachines(ID=00000000-0000-0000-0000-000000000001,"
                + "StampId=00000000-0000-0000-0000-000000000002)", V4);
        assertEquals(404, missing.statusCode());
    }

    @Test
    void byteComparisonsAndTheTypesMetadataDeclares() throws Exception {
        JsonNode all = Http.json(http.get(SPF + "VirtualMachines?$select=CPUCount&$top=5000", V4)).get("value");
        long moreThanTwo = 0;
        for (JsonNode vm : all) {
            moreThanTwo += vm.get("CPUCount").asInt() > 2 ? 1 : 0;
        }
        HttpResponse<String> r = http.get(SPF + "VirtualMachines?$filter=CPUCount%20gt%202&$count=true&$top=1", V4);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(moreThanTwo, Http.json(r).get("@odata.count").asLong());
        // requests are parsed with Byte widened; what clients read still says Byte
        assertTrue(http.get(SPF + "$metadata", "OData-MaxVersion", "4.0").body()
                .contains("<Property Name=\"CPUCount\" Type=\"Edm.Byte\""));
        JsonNode full = Http.json(http.get(SPF + "VirtualMachines?$top=1&$select=CPUCount", "OData-MaxVersion", "4.0",
                "Accept", "application/json;odata.metadata=full")).get("value").get(0);
        assertEquals("#Byte", full.get("CPUCount@odata.type").asText(), full.toString());
    }

    @Test
    void expandWithSelectAndUnsupportedOptions() throws Exception {
        JsonNode vm = Http.json(http.get(SPF + "VirtualMachines?$filter=Name%20eq%20'files01'", V4)).get("value").get(0);
        String url = SPF + "VirtualMachines(ID=" + vm.get("ID").asText() + ",StampId=" + vm.get("StampId").asText() + ")";
        HttpResponse<String> r = http.get(url + "?$select=Name&$expand=VirtualHardDisks($select=Size)", V4);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode disk = Http.json(r).get("VirtualHardDisks").get(0);
        assertTrue(disk.get("Size").isNumber() && disk.has("ID") && !disk.has("Location"), disk.toString());
        for (String option : new String[] {"$expand=VirtualHardDisks($top=1)", "$expand=VirtualHardDisks($filter=Size%20lt%200)",
                "$expand=VirtualHardDisks($orderby=Size)"}) {
            HttpResponse<String> refused = http.get(url + "?" + option, V4);
            assertEquals(501, refused.statusCode(), option + ": " + refused.body());
            assertTrue(Http.json(refused).get("error").get("message").asText().contains("not supported"), refused.body());
        }
        HttpResponse<String> search = http.get(SPF + "VirtualMachines?$search=zzz", V4);
        assertEquals(501, search.statusCode(), search.body());
        assertTrue(Http.json(search).get("error").get("message").asText().contains("$search"), search.body());
    }
}
