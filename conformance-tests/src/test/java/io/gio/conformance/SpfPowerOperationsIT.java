package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static io.gio.conformance.SpfV3ConformanceIT.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** VM power operations as SPF clients send them (spec 4.1, cases 7-10 and 14-15), and their jobs. */
class SpfPowerOperationsIT {

    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    private static JsonNode vm(String name) throws java.io.IOException {
        return SpfV3ConformanceIT.vmNamed(name);
    }

    /** Polls Jobs like AzPS does, until IsCompleted (bounded). */
    static JsonNode awaitJob(String jobId) throws Exception {
        Http http = SharedGateway.admin();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> r = http.get(SPF + "Jobs?$filter=ID%20eq%20guid'" + jobId + "'", "Accept", "application/json");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode job = Http.json(r).get("value").get(0);
            if (job.get("IsCompleted").asBoolean()) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job did not complete: " + job);
            }
            Thread.sleep(100);
        }
    }

    private static String jobId(HttpResponse<String> r) {
        String id = r.headers().firstValue("x-ms-request-id").orElseThrow(() -> new AssertionError("no x-ms-request-id"));
        UUID.fromString(id);
        return id;
    }

    @Test
    void case07StartWithAMinimalPut() throws Exception {
        JsonNode app = vm("app01");
        assertEquals("PowerOff", app.get("Status").asText());
        HttpResponse<String> r = http.method("PUT", SPF + "VirtualMachines" + key(app), "{\"Operation\":\"Start\"}",
                "Accept", "application/json", "Content-Type", "application/json");
        assertEquals(204, r.statusCode(), r.body());
        JsonNode job = awaitJob(jobId(r));
        assertEquals("Completed", job.get("Status").asText());
        assertEquals("Running", vm("app01").get("Status").asText());
    }

    @Test
    void case08StopAsynchronouslyThenJobs() throws Exception {
        JsonNode dc = vm("dc01");
        HttpResponse<String> r = http.method("PUT", SPF + "VirtualMachines" + key(dc) + "?RunAsynchronously=1",
                "{\"Operation\":\"Stop\"}", "Accept", "application/json", "Content-Type", "application/json");
        assertEquals(204, r.statusCode(), r.body());
        String jobId = jobId(r);
        JsonNode job = awaitJob(jobId);
        assertEquals("Completed", job.get("Status").asText());
        assertEquals(100, job.get("ProgressValue").asInt());
        assertEquals("PowerOff", vm("dc01").get("Status").asText());
        // Case 15: the single job by key, as TF reads it.
        HttpResponse<String> single = http.get(SPF + "Jobs(ID=guid'" + jobId + "',StampId=guid'"
                + dc.get("StampId").asText() + "')", "Accept", "application/json");
        assertEquals(200, single.statusCode(), single.body());
        assertTrue(Http.json(single).get("odata.metadata").asText().endsWith("$metadata#Jobs/@Element"));
    }

    @Test
    void case09FullObjectPutWithNullsAndPrefer() throws Exception {
        JsonNode web = vm("web02");
        Map<String, Object> body = Http.JSON.convertValue(web, Map.class);
        for (Iterator<Map.Entry<String, Object>> it = body.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            if (e.getKey().startsWith("odata.")) {
                it.remove();
            } else if (!e.getKey().equals("Name") && !e.getKey().equals("ID") && !e.getKey().equals("StampId")
                    && !e.getKey().equals("CloudId")) {
                e.setValue(null);
            }
        }
        body.put("Operation", "Shutdown");
        body.put("Name", null);
        body.put("CloudId", null);
        HttpResponse<String> r = http.method("PUT", SPF + "VirtualMachines" + key(web),
                Http.JSON.writeValueAsString(body), "Accept", "application/json", "Content-Type", "application/json",
                "Prefer", "return-content");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode returned = Http.json(r);
        assertEquals("web02", returned.get("Name").asText());
        assertEquals(web.get("CloudId").asText(), returned.get("CloudId").asText());
        awaitJob(jobId(r));
        assertEquals("PowerOff", vm("web02").get("Status").asText());
    }

    @Test
    void case10SuspendResumeResetAndMergeTunnelling() throws Exception {
        JsonNode fab = vm("fab-jump01");
        String url = SPF + "VirtualMachines" + key(fab) + "?RunAsynchronously=1";
        HttpResponse<String> suspend = http.method("MERGE", url, "{\"Operation\":\"Suspend\"}",
                "Content-Type", "application/json");
        assertEquals(204, suspend.statusCode(), suspend.body());
        awaitJob(jobId(suspend));
        assertEquals("Paused", vm("fab-jump01").get("Status").asText());
        HttpResponse<String> resume = http.method("POST", url, "{\"Operation\":\"Resume\"}",
                "Content-Type", "application/json", "X-HTTP-Method", "MERGE");
        assertEquals(204, resume.statusCode(), resume.body());
        awaitJob(jobId(resume));
        HttpResponse<String> reset = http.method("PUT", url, "{\"Operation\":\"Reset\"}", "Content-Type", "application/json");
        assertEquals("Completed", awaitJob(jobId(reset)).get("Status").asText());
        assertEquals("Running", vm("fab-jump01").get("Status").asText());
        HttpResponse<String> reboot = http.method("PUT", url, "{\"Operation\":\"Reboot\"}", "Content-Type",
                "application/json");
        assertEquals(204, reboot.statusCode(), reboot.body());
        JsonNode rebooted = awaitJob(jobId(reboot));
        assertEquals("Completed", rebooted.get("Status").asText(), rebooted.toString());
        assertEquals("Restart virtual machine", rebooted.get("Name").asText());
        assertEquals("Running", vm("fab-jump01").get("Status").asText(), "the GIO addition: a guest restart");
    }

    @Test
    void anOperationTheStateForbidsFailsItsJob() throws Exception {
        JsonNode web = vm("web01");
        HttpResponse<String> r = http.method("PUT", SPF + "VirtualMachines" + key(web) + "?RunAsynchronously=1",
                "{\"Operation\":\"Resume\"}", "Content-Type", "application/json");
        assertEquals(204, r.statusCode(), r.body());
        JsonNode job = awaitJob(jobId(r));
        assertEquals("Failed", job.get("Status").asText());
        assertEquals("INVALID_STATE", job.get("ErrorInfo").get("ErrorCodeString").asText());
        assertTrue(job.get("ErrorInfo").get("ExceptionDetails").asText().contains("RUNNING"));
    }

    @Test
    void unknownOperationIsA400InTheODataErrorFormat() throws Exception {
        JsonNode web = vm("web01");
        HttpResponse<String> r = http.method("PUT", SPF + "VirtualMachines" + key(web), "{\"Operation\":\"Explode\"}",
                "Accept", "application/json", "Content-Type", "application/json");
        assertEquals(400, r.statusCode());
        JsonNode err = Http.json(r).get("odata.error");
        assertEquals("en-US", err.get("message").get("lang").asText());
        assertTrue(err.get("message").get("value").asText().contains("Explode"));
        assertFalse(r.headers().firstValue("x-ms-request-id").isPresent());
    }
}
