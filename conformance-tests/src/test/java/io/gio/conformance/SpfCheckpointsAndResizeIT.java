package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checkpoints (spec 4.4-4.6, cases 17-19) and resize (spec 4.8), with the bodies clients send. */
class SpfCheckpointsAndResizeIT {

    static Http http;
    static final String[] JSON = {"Accept", "application/json", "Content-Type", "application/json"};

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
    }

    private static String job(HttpResponse<String> r) {
        return r.headers().firstValue("x-ms-request-id").orElseThrow(() -> new AssertionError("no job: " + r.body()));
    }

    @Test
    void checkpointTreeRestoreAndDelete() throws Exception {
        JsonNode vm = SpfV3ConformanceIT.vmNamed("fab-web01");
        String stamp = vm.get("StampId").asText();
        String vmId = vm.get("ID").asText();
        String[] ids = new String[2];
        for (int i = 0; i < 2; i++) {
            String body = "{\"odata.type\":\"VMM.VMCheckPoint\",\"ID\":\"00000000-0000-0000-0000-000000000000\","
                    + "\"StampId\":\"" + stamp + "\",\"VMId\":\"" + vmId + "\",\"Name\":\"cp" + i + "\",\"Description\":"
                    + "\"before patch " + i + "\",\"Confirm\":" + (i == 0) + ",\"Enabled\":null,\"AddedTime\":null}";
            HttpResponse<String> r = http.method("POST", SPF + "VMCheckPoints", body, JSON);
            assertEquals(201, r.statusCode(), r.body());
            ids[i] = Http.json(r).get("ID").asText();
            assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(r)).get("Status").asText());
        }
        JsonNode second = Http.json(http.get(SPF + "VMCheckPoints(ID=guid'" + ids[1] + "',StampId=guid'" + stamp + "')",
                "Accept", "application/json"));
        assertEquals(ids[0], second.get("ParentCheckpointID").asText());
        JsonNode list = Http.json(http.get(SPF + "VMCheckPoints?$filter=VMId%20eq%20guid'" + vmId + "'", "Accept",
                "application/json")).get("value");
        assertEquals(2, list.size());

        String first = SPF + "VMCheckPoints(ID=guid'" + ids[0] + "',StampId=guid'" + stamp + "')";
        HttpResponse<String> restore = http.method("PUT", first, "{\"odata.type\":\"VMM.VMCheckPoint\",\"ID\":\"" + ids[0]
                + "\",\"StampId\":\"" + stamp + "\",\"VMId\":\"" + vmId + "\",\"VMCheckPointAction\":\"Restore\"}", JSON);
        assertEquals(204, restore.statusCode(), restore.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(restore)).get("Status").asText());
        assertEquals(2, Http.json(http.get(SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm)
                + "/VMCheckpoints", "Accept", "application/json")).get("value").size(), "later checkpoints are kept");
        HttpResponse<String> merge = http.method("MERGE", first + "?RunAsynchronously=1",
                "{\"VMCheckPointAction\":\"Restore\"}", JSON);
        assertEquals(204, merge.statusCode(), merge.body());
        SpfPowerOperationsIT.awaitJob(job(merge));

        HttpResponse<String> delete = http.method("DELETE", SPF + "VMCheckPoints(ID=Guid'" + ids[0] + "',StampId=Guid'"
                + stamp + "')", null, "Accept", "application/json");
        assertEquals(204, delete.statusCode(), delete.body());
        SpfPowerOperationsIT.awaitJob(job(delete));
        JsonNode left = Http.json(http.get(SPF + "VMCheckPoints?$filter=VMId%20eq%20guid'" + vmId + "'", "Accept",
                "application/json")).get("value");
        assertEquals(1, left.size());
        assertTrue(left.get(0).get("ParentCheckpointID").isNull(), "the child is re-parented to the root");
        assertEquals(400, http.method("PUT", SPF + "VMCheckPoints(ID=guid'" + ids[1] + "',StampId=guid'" + stamp + "')",
                "{\"VMCheckPointAction\":\"Teleport\"}", JSON).statusCode());
    }

    @Test
    void resizeAStoppedVmWithinTheGenerationsLimits() throws Exception {
        JsonNode vm = SpfV3ConformanceIT.vmNamed("fab-app01");
        String url = SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm);
        if (!"PowerOff".equals(vm.get("Status").asText())) {
            SpfPowerOperationsIT.awaitJob(job(http.method("PUT", url, "{\"Operation\":\"Stop\"}", JSON)));
        }
        HttpResponse<String> tooBig = http.method("PUT", url, "{\"CPUCount\":8}", JSON);
        assertEquals(400, tooBig.statusCode(), tooBig.body());
        assertTrue(tooBig.body().contains("at most 4 virtual processors"), tooBig.body());

        JsonNode profile = Http.json(http.get(SPF + "HardwareProfiles?$filter=StampId%20eq%20guid'"
                + vm.get("StampId").asText() + "'%20and%20CPUCount%20eq%204", "Accept", "application/json")).get("value").get(0);
        JsonNode full = SpfV3ConformanceIT.vmNamed("fab-app01");
        String body = "{\"ID\":\"" + full.get("ID").asText() + "\",\"StampId\":\"" + full.get("StampId").asText()
                + "\",\"Name\":\"fab-app01\",\"CPUCount\":" + profile.get("CPUCount").asInt() + ",\"Memory\":"
                + profile.get("Memory").asInt() + ",\"DynamicMemoryEnabled\":false,\"HardwareProfileId\":\""
                + profile.get("ID").asText() + "\",\"Operation\":null}";
        HttpResponse<String> r = http.method("PUT", url, body, "Accept", "application/json", "Content-Type",
                "application/json", "Prefer", "return-content");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(r)).get("Status").asText());
        JsonNode after = SpfV3ConformanceIT.vmNamed("fab-app01");
        assertEquals(4, after.get("CPUCount").asInt());
        assertEquals(profile.get("Memory").asInt(), after.get("Memory").asInt());
        assertEquals(profile.get("ID").asText(), after.get("HardwareProfileId").asText());
    }

    @Test
    void resizingARunningVmFailsItsJob() throws Exception {
        JsonNode vm = SpfV3ConformanceIT.vmNamed("fab-db01");
        HttpResponse<String> r = http.method("PUT", SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm),
                "{\"Memory\":8192}", JSON);
        assertEquals(204, r.statusCode(), r.body());
        JsonNode job = SpfPowerOperationsIT.awaitJob(job(r));
        assertEquals("Failed", job.get("Status").asText());
        assertTrue(job.get("ErrorInfo").get("ExceptionDetails").asText().contains("RUNNING"), job.toString());
    }
}
