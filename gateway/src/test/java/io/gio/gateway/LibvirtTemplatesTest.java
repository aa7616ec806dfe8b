package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * A VM template on a real fabric, end to end over HTTP: an image in a libvirt storage pool that the
 * operator names as a template ({@code --fabric-setting template.<NAME>=<path>}) appears in
 * {@code VMTemplates} on its stamp after the inventory refresh; a plan offers it; its tenant creates
 * a VM from it and the VM's disk is a copy of the image. libvirt's in-process test driver stands in
 * for the host ({@code test:///default}, shared in this process while a connection is open).
 */
class LibvirtTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin-password-1";
    private static final String SPF = "/SC2012R2/VMM/Microsoft.Management.Odata.svc/";
    private static final long GIB = 1L << 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void aTenantCreatesAVmFromAnImageTheOperatorNamedAsATemplate() throws Exception {
        Connect host = new Connect("test:///default");
        try {
            StoragePool pool = host.storagePoolLookupByName("default-pool");
            pool.storageVolCreateXML("<volume><name>centos7.vhd</name><capacity>" + 4 * GIB + "</capacity><allocation>"
                    + GIB + "</allocation><target><format type='vpc'/></target></volume>", 0);
            GatewayConfig config = GatewayConfig.defaults().withPort(0).withHost("127.0.0.1").withDataDir(data)
                    .withPasswords(Optional.of(ADMIN), Optional.empty())
                    .withFabric("libvirt", Map.of("uris", "test:///default", "template.CentOS-7", "/default-pool/centos7.vhd",
                            "template.CentOS-7.os", "CentOS Linux 7 (64 bit)", "template.CentOS-7.memory-mb", "512"));
            try (GatewayServer server = GatewayServer.start(config,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
                String admin = "Bearer " + token(server, "admin", ADMIN);
                String basicAdmin = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN)
                        .getBytes(StandardCharsets.UTF_8));
                JsonNode template = null;
                for (int i = 0; i < 100 && template == null; i++) {
                    Thread.sleep(100); // the refresh at start runs in the background
                    template = StreamSupport.stream(call(server, basicAdmin, "GET", SPF + "VMTemplates", null, 200)
                            .get("value").spliterator(), false).filter(t -> t.path("Name").asText().equals("CentOS-7"))
                            .findFirst().orElse(null);
                }
                assertTrue(template != null, "the image is a template after the refresh");
                assertEquals("CentOS Linux 7 (64 bit)", template.path("OperatingSystem").asText());
                assertEquals(512, template.path("Memory").asInt());
                String stamp = template.path("StampId").asText();
                String templateId = template.path("ID").asText();

                String plan = call(server, admin, "POST", "/plans", "{\"DisplayName\":\"KVM basic\",\"StampId\":\"" + stamp
                        + "\",\"State\":1,\"TemplateIds\":[\"" + templateId + "\"]}", 201).path("Id").asText();
                call(server, admin, "POST", "/users", "{\"Name\":\"carol@example.test\",\"Password\":\"carol-pass-1\"}", 201);
                JsonNode sub = call(server, admin, "POST", "/subscriptions", "{\"SubscriptionName\":\"Carol\","
                        + "\"AccountAdminLiveEmailId\":\"carol@example.test\",\"PlanId\":\"" + plan + "\"}", 201);
                String carol = "Bearer " + token(server, "carol@example.test", "carol-pass-1");
                String service = "/" + sub.path("SubscriptionID").asText() + "/services/systemcenter/vmm/";
                assertEquals(1, call(server, carol, "GET", service + "VMTemplates", null, 200).get("value").size(),
                        "the plan offers it");

                JsonNode vm = call(server, carol, "POST", service + "VirtualMachines?RunAsynchronously=1", "{\"StampId\":\""
                        + stamp + "\",\"CloudId\":\"" + sub.path("CloudId").asText() + "\",\"Name\":\"tpl01\","
                        + "\"VMTemplateId\":\"" + templateId + "\"}", 201);
                String key = "VirtualMachines(ID=guid'" + vm.path("ID").asText() + "',StampId=guid'" + stamp + "')";
                JsonNode made = vm;
                for (int i = 0; i < 200 && !made.path("Status").asText().equals("PowerOff"); i++) {
                    Thread.sleep(50);
                    made = call(server, carol, "GET", service + key, null, 200);
                }
                assertEquals("PowerOff", made.path("Status").asText(), made.toString());
                assertEquals("CentOS Linux 7 (64 bit)", made.path("OperatingSystem").asText());
                JsonNode disk = call(server, carol, "GET", service + key + "/VirtualHardDisks", null, 200).get("value").get(0);
                assertEquals(4 * GIB, disk.path("MaximumSize").asLong(), "a full copy of the 4 GiB image: " + disk);
                assertTrue(java.util.List.of(pool.listVolumes()).stream().anyMatch(v -> v.startsWith("tpl01_disk_1-")));
                call(server, carol, "DELETE", service + key, null, 204);
            }
        } finally {
            host.close();
        }
    }

    private static String token(GatewayServer server, String user, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                                + password)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** A JSON call with {@code authorization} as the Authorization header; the status must be {@code status}. */
    private static JsonNode call(GatewayServer server, String authorization, String method, String path, String body,
            int status) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", authorization).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }
}
