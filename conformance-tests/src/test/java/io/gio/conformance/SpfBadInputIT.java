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
        "VirtualMachines?$expand=NoSuchNavigation"
    })
    void malformedRequestsAre400(String url) {
        HttpResponse<String> r = http.get(SPF + url, "Accept", "application/json");
        assertTrue(r.statusCode() == 400 || r.statusCode() == 404, r.statusCode() + " " + r.body());
        assertV3Error(r, r.statusCode());
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
        assertV3Error(http.method("DELETE", SPF + "Clouds", null, "Accept", "application/json"), 405);
        assertV3Error(http.method("PUT", SPF + "$metadata", "{}", "Content-Type", "application/json", "Accept",
                "application/json"), 405);
    }
}
