package io.gio.conformance;

import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GIO extension namespace (issue: screenshots, backups, QoS) over HTTP, in both dialects:
 * named in $metadata, readable and writable like any SPF set.
 */
class GioExtensionsIT {

    static final String[] JSON = {"Content-Type", "application/json", "Accept", "application/json"};
    static Http http;
    /** A running VM of this suite's own, so that other suites' power operations cannot change its state. */
    static JsonNode vm;

    @BeforeAll
    static void start() throws Exception {
        http = SharedGateway.admin();
        JsonNode cloud = first("Clouds?$filter=Name%20eq%20'Contoso%20Cloud'");
        String stamp = cloud.get("StampId").asText();
        String template = first("VMTemplates?$filter=StampId%20eq%20guid'" + stamp
                + "'%20and%20Name%20eq%20'Windows%20Server%202008%20R2%20Datacenter%20SP1'").get("ID").asText();
        HttpResponse<String> created = http.method("POST", SPF + "VirtualMachines", "{\"StampId\":\"" + stamp
                + "\",\"CloudId\":\"" + cloud.get("ID").asText() + "\",\"Name\":\"ext-vm01\",\"VMTemplateId\":\""
                + template + "\",\"NewVirtualNetworkAdapterInput\":[{\"VMNetworkName\":\"Contoso Network\"}],"
                + "\"StartVM\":true}", JSON);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(created)).get("Status").asText());
        vm = SpfV3ConformanceIT.vmNamed("ext-vm01");
        assertEquals("Running", vm.get("Status").asText());
    }

    private static String job(HttpResponse<String> r) {
        return r.headers().firstValue("x-ms-request-id").orElseThrow(() -> new AssertionError("no job: " + r.body()));
    }

    private static String v3Key(String idName, String id, String stamp) {
        return "(" + idName + "=guid'" + id + "',StampId=guid'" + stamp + "')";
    }

    private static JsonNode first(String setAndQuery) {
        JsonNode v = Http.json(http.get(SPF + setAndQuery, "Accept", "application/json")).get("value");
        assertTrue(v.size() > 0, setAndQuery);
        return v.get(0);
    }

    @Test
    void bothMetadataDocumentsNameTheGioNamespace() {
        String v3 = http.get(SPF + "$metadata").body();
        assertTrue(v3.contains("<Schema xmlns=\"http://schemas.microsoft.com/ado/2009/11/edm\" Namespace=\"GIO\">"), v3);
        assertTrue(v3.contains("<EntitySet Name=\"VMBackups\" EntityType=\"GIO.VMBackup\"/>"));
        String v4 = http.get(SPF + "$metadata", "OData-MaxVersion", "4.0").body();
        assertTrue(v4.contains("Namespace=\"GIO\"") && v4.contains("EntityType=\"GIO.VMScreenshot\""), v4);
    }

    @Test
    void aScreenshotIsAPngInBothDialects() throws Exception {
        String key = v3Key("VMId", vm.get("ID").asText(), vm.get("StampId").asText());
        JsonNode entry = Http.json(http.get(SPF + "VMScreenshots" + key, "Accept",
                "application/json;odata=fullmetadata"));
        assertEquals("ext-vm01", entry.get("VMName").asText());
        assertEquals("image/png", entry.get("Image@odata.mediaContentType").asText());
        String link = entry.get("Image@odata.mediaReadLink").asText();

        HttpResponse<byte[]> v3 = http.send(http.request(SPF + link).GET(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, v3.statusCode());
        assertEquals("image/png", v3.headers().firstValue("Content-Type").orElse(""));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(v3.body()));
        assertNotNull(image, "a decodable PNG");
        assertTrue(image.getWidth() >= 640 && image.getHeight() >= 480);
        HttpResponse<byte[]> png = http.send(http.request(SPF + link).header("Accept", "image/png").GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, png.statusCode(), "a client that accepts only the stream's own type gets it");
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));

        String v4Key = "(VMId=" + vm.get("ID").asText() + ",StampId=" + vm.get("StampId").asText() + ")";
        HttpResponse<byte[]> v4 = http.send(http.request(SPF + "VMScreenshots" + v4Key + "/Image")
                .header("OData-MaxVersion", "4.0").GET(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, v4.statusCode());
        assertNotNull(ImageIO.read(new ByteArrayInputStream(v4.body())));

        HttpResponse<String> missing = http.get(SPF + "VMScreenshots" + v3Key("VMId",
                "00000000-0000-0000-0000-000000000001", vm.get("StampId").asText()) + "/Image", "Accept", "application/json");
        assertEquals(404, missing.statusCode(), missing.body());
    }

    @Test
    void aRunningVmsConsoleIsAnRdpFile() throws Exception {
        HttpResponse<String> rdp = http.get(SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm) + "/VMConnection");
        assertEquals(200, rdp.statusCode(), rdp.body());
        assertEquals("application/x-rdp", rdp.headers().firstValue("Content-Type").orElse(""));
        assertTrue(rdp.body().contains("pcb:s:" + vm.get("ID").asText()), rdp.body());
        assertTrue(rdp.body().contains("full address:s:" + vm.get("VMHostName").asText() + ":2179"), rdp.body());
        JsonNode saved = SpfV3ConformanceIT.vmNamed("files01");
        HttpResponse<String> refused = http.get(SPF + "VirtualMachines" + SpfV3ConformanceIT.key(saved) + "/VMConnection",
                "Accept", "application/json");
        assertEquals(409, refused.statusCode(), refused.body());
    }

    @Test
    void qosIsRefusedByNameOnGioV1AndAppliedOnGioV2() throws Exception {
        JsonNode v1Nic = first("VirtualNetworkAdapterQoS?$filter=VMId%20eq%20guid'"
                + vm.get("ID").asText() + "'");
        assertEquals(false, v1Nic.get("Supported").asBoolean());
        HttpResponse<String> refused = http.method("PUT", SPF + "VirtualNetworkAdapterQoS"
                + v3Key("ID", v1Nic.get("ID").asText(), v1Nic.get("StampId").asText()),
                "{\"MaximumBandwidthMbps\":\"100\"}", JSON);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("GIO-V1") && refused.body().contains("no network QoS"), refused.body());

        JsonNode cloud = first("Clouds?$filter=Name%20eq%20'Contoso%20Cloud%20V2'");
        String stamp = cloud.get("StampId").asText();
        String template = first("VMTemplates?$filter=StampId%20eq%20guid'" + stamp
                + "'%20and%20Name%20eq%20'CentOS%20Linux%207%20(64%20bit)'").get("ID").asText();
        HttpResponse<String> created = http.method("POST", SPF + "VirtualMachines", "{\"StampId\":\"" + stamp
                + "\",\"CloudId\":\"" + cloud.get("ID").asText() + "\",\"Name\":\"qos-v2-01\",\"VMTemplateId\":\""
                + template + "\",\"NewVirtualNetworkAdapterInput\":[{\"VMNetworkName\":\"Contoso Network\"}],"
                + "\"StartVM\":false}", JSON);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(created)).get("Status").asText());
        String vmId = Http.json(created).get("ID").asText();

        JsonNode nic = first("VirtualNetworkAdapterQoS?$filter=VMId%20eq%20guid'" + vmId + "'");
        assertTrue(nic.get("Supported").asBoolean());
        String nicUrl = SPF + "VirtualNetworkAdapterQoS" + v3Key("ID", nic.get("ID").asText(), stamp);
        HttpResponse<String> set = http.method("MERGE", nicUrl,
                "{\"MaximumBandwidthMbps\":\"1000\",\"MinimumBandwidthMbps\":\"200\"}", JSON);
        assertEquals(204, set.statusCode(), set.body());
        JsonNode read = Http.json(http.get(nicUrl, "Accept", "application/json"));
        assertEquals("1000", read.get("MaximumBandwidthMbps").asText());
        assertEquals("200", read.get("MinimumBandwidthMbps").asText());

        JsonNode disk = first("VirtualHardDiskQoS?$filter=VMId%20eq%20guid'" + vmId + "'");
        HttpResponse<String> v4 = http.method("PATCH", SPF + "VirtualHardDiskQoS(ID=" + disk.get("ID").asText()
                + ",StampId=" + stamp + ")", "{\"MaximumIops\":2000,\"MinimumIops\":500}", "Content-Type",
                "application/json", "OData-Version", "4.0");
        assertEquals(204, v4.statusCode(), v4.body());
        HttpResponse<String> bad = http.method("PATCH", SPF + "VirtualHardDiskQoS(ID=" + disk.get("ID").asText()
                + ",StampId=" + stamp + ")", "{\"MinimumIops\":5000}", "Content-Type", "application/json",
                "OData-Version", "4.0");
        assertEquals(400, bad.statusCode(), "a minimum above the maximum: " + bad.body());
        assertEquals(2000, first("VirtualHardDiskQoS?$filter=VMId%20eq%20guid'" + vmId + "'").get("MaximumIops").asLong());
    }

    @Test
    void backupsAreCreatedListedRestoredOnlyIntoAStoppedVmAndDeleted() throws Exception {
        String stamp = vm.get("StampId").asText();
        HttpResponse<String> created = http.method("POST", SPF + "VMBackups", "{\"VMId\":\"" + vm.get("ID").asText()
                + "\",\"StampId\":\"" + stamp + "\",\"Name\":\"before upgrade\",\"RetentionDays\":30}", JSON);
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElse("").contains("VMBackups(ID=guid'"));
        String id = Http.json(created).get("ID").asText();
        assertEquals("Completed", SpfPowerOperationsIT.awaitJob(job(created)).get("Status").asText());
        String url = SPF + "VMBackups" + v3Key("ID", id, stamp);
        JsonNode backup = Http.json(http.get(url, "Accept", "application/json"));
        assertEquals("Available", backup.get("Status").asText());
        assertEquals("CrashConsistent", backup.get("Consistency").asText(), "the VM runs");
        assertEquals(30, backup.get("RetentionDays").asInt());
        assertNotNull(backup.get("ExpiryTime").textValue());

        HttpResponse<String> restore = http.method("PUT", url + "?RunAsynchronously=1",
                "{\"VMBackupAction\":\"Restore\"}", JSON);
        assertEquals(204, restore.statusCode(), restore.body());
        JsonNode failed = SpfPowerOperationsIT.awaitJob(job(restore));
        assertEquals("Failed", failed.get("Status").asText(), "a running VM cannot be restored into");

        HttpResponse<String> delete = http.send(http.request(url).DELETE());
        assertEquals(204, delete.statusCode(), delete.body());
        assertEquals(404, http.get(url, "Accept", "application/json").statusCode());
        HttpResponse<String> unknownAction = http.method("PUT", SPF + "VMBackups" + v3Key("ID", id, stamp),
                "{\"VMBackupAction\":\"Rewind\"}", JSON);
        assertEquals(404, unknownAction.statusCode(), "the backup is gone: " + unknownAction.body());
        HttpRequest.Builder noVm = http.request(SPF + "VMBackups").header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"StampId\":\"" + stamp
                        + "\"}"));
        assertEquals(400, http.send(noVm).statusCode());
    }
}
