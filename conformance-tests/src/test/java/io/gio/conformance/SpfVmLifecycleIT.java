package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create and delete VMs with the bodies real clients send (spec 4.2, 4.3; cases 11, 13, 16). */
class SpfVmLifecycleIT {

    static Http http;
    static String stamp;
    static String cloud;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
        JsonNode clouds = Http.json(http.get(SPF + "Clouds?$filter=Name%20eq%20'Contoso%20Cloud'", "Accept",
                "application/json")).get("value");
        cloud = clouds.get(0).get("ID").asText();
        stamp = clouds.get(0).get("StampId").asText();
    }

    static String template(String name) {
        JsonNode t = Http.json(http.get(SPF + "VMTemplates?$filter=StampId%20eq%20guid'" + stamp + "'%20and%20Name%20eq%20'"
                + name.replace(" ", "%20") + "'", "Accept", "application/json")).get("value");
        return t.get(0).get("ID").asText();
    }

    private static String createBody(String name, String source) {
        return "{\"StampId\":\"" + stamp + "\",\"CloudId\":\"" + cloud + "\",\"Name\":\"" + name + "\",\"ComputerName\":\""
                + name + "\"," + source + ",\"LocalAdminUserName\":\"administrator\",\"LocalAdminPassword\":\"P@ssw0rd!\","
                + "\"ProductKey\":null,\"NewVirtualNetworkAdapterInput\":[{\"VMNetworkName\":\"Contoso Network\"}],"
                + "\"StartVM\":true}";
    }

    @Test
    void case11CreateFromATemplateThenPollTheJob() throws Exception {
        String body = createBody("ci-srv01", "\"VMTemplateId\":\"" + template("Windows Server 2012 R2 Datacenter") + "\"");
        HttpResponse<String> r = http.method("POST", SPF + "VirtualMachines?RunAsynchronously=1", body,
                "Accept", "application/json", "Content-Type", "application/json");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode vm = Http.json(r);
        String id = vm.get("ID").asText();
        UUID.fromString(id);
        assertEquals("Creating...", vm.get("StatusString").asText());
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("VirtualMachines(ID=guid'" + id
                + "',StampId=guid'" + stamp + "')"), r.headers().map().toString());
        String job = r.headers().firstValue("x-ms-request-id").orElseThrow();
        JsonNode done = SpfPowerOperationsIT.awaitJob(job);
        assertEquals("Completed", done.get("Status").asText(), done.toString());
        JsonNode now = SpfV3ConformanceIT.vmNamed("ci-srv01");
        assertEquals("Running", now.get("Status").asText());
        assertEquals(cloud, now.get("CloudId").asText());
        assertTrue(r.body().indexOf("P@ssw0rd") < 0, "the password is not echoed");
    }

    @Test
    void case13CreateFromAVhdAndAHardwareProfile() throws Exception {
        JsonNode vhd = Http.json(http.get(SPF + "VirtualHardDisks?$filter=StampId%20eq%20guid'" + stamp
                + "'%20and%20VMId%20eq%20null&$top=1", "Accept", "application/json")).get("value").get(0);
        JsonNode profile = Http.json(http.get(SPF + "HardwareProfiles?$filter=StampId%20eq%20guid'" + stamp
                + "'%20and%20CPUCount%20eq%202", "Accept", "application/json")).get("value").get(0);
        String body = createBody("ci-disk01", "\"VirtualHardDiskId\":\"" + vhd.get("ID").asText()
                + "\",\"HardwareProfileId\":\"" + profile.get("ID").asText() + "\"");
        HttpResponse<String> r = http.method("POST", SPF + "VirtualMachines", body, "Accept", "application/json",
                "Content-Type", "application/json");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(2, Http.json(r).get("CPUCount").asInt());
    }

    @Test
    void theOldGenerationRefusesEightProcessors() throws Exception {
        String body = createBody("ci-big01", "\"VMTemplateId\":\"" + template("CentOS Linux 7 (64 bit)")
                + "\",\"CPUCount\":8");
        HttpResponse<String> r = http.method("POST", SPF + "VirtualMachines", body, "Accept", "application/json",
                "Content-Type", "application/json");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(Http.json(r).get("odata.error").get("message").get("value").asText()
                .contains("at most 4 virtual processors"), r.body());
    }

    @Test
    void case16DeleteNeedsAStoppedVm() throws Exception {
        String body = createBody("ci-del01", "\"VMTemplateId\":\"" + template("CentOS Linux 7 (64 bit)") + "\"");
        HttpResponse<String> created = http.method("POST", SPF + "VirtualMachines?RunAsynchronously=0", body,
                "Accept", "application/json", "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        SpfPowerOperationsIT.awaitJob(created.headers().firstValue("x-ms-request-id").orElseThrow());
        String url = SPF + "VirtualMachines" + SpfV3ConformanceIT.key(Http.json(created));
        String[] tf = {"Accept", "application/json;odata=minimalmetadata", "Content-Type",
                "application/json;odata=minimalmetadata"};
        HttpResponse<String> refused = http.method("DELETE", url + "?RunAsynchronously=0", null, tf);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(Http.json(refused).get("odata.error").get("message").get("value").asText().contains("Running"));
        HttpResponse<String> stop = http.method("PUT", url, "{\"Operation\":\"Stop\"}", "Content-Type", "application/json");
        SpfPowerOperationsIT.awaitJob(stop.headers().firstValue("x-ms-request-id").orElseThrow());
        HttpResponse<String> deleted = http.method("DELETE", url + "?RunAsynchronously=0", null, tf);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(
                deleted.headers().firstValue("x-ms-request-id").orElseThrow()).get("Status").asText());
        assertEquals(404, http.get(url, "Accept", "application/json").statusCode());
    }

    @Test
    void odata4CreateAnswers201WithLocation() throws Exception {
        String body = "{\"StampId\":\"" + stamp + "\",\"CloudId\":\"" + cloud + "\",\"Name\":\"ci-v4-01\",\"VMTemplateId\":\""
                + template("CentOS Linux 7 (64 bit)") + "\",\"NewVirtualNetworkAdapterInput\":[{\"VMNetworkName\":"
                + "\"Contoso Network\"}]}";
        HttpResponse<String> r = http.method("POST", SPF + "VirtualMachines?RunAsynchronously=1", body,
                "OData-Version", "4.0", "Content-Type", "application/json", "Accept", "application/json");
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").orElse("").contains("VirtualMachines(ID="));
        assertEquals("UnderCreation", Http.json(r).get("Status").asText());
    }
}
