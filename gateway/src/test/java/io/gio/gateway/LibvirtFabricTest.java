package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The gateway started as {@code serve --fabric libvirt --libvirt-uri test:///default} (libvirt's
 * in-process test driver): its stamp, networks and VMs over the SPF paths (the host's own
 * {@code test} domain adopted by the inventory refresh), and no demo data on a real fabric.
 */
class LibvirtFabricTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPF = "/SC2012R2/VMM/Microsoft.Management.Odata.svc/";
    private static final String PASSWORD = "admin-password-1";

    @TempDir
    Path data;

    @Test
    void servesTheLibvirtFabricOverTheSpfPathsWithoutDemoData() throws Exception {
        GatewayConfig config = parse("--port", "0", "--host", "127.0.0.1", "--data", data.toString(),
                "--fabric", "libvirt", "--libvirt-uri", "test:///default").config(Optional.of(PASSWORD), Optional.empty());
        assertEquals("libvirt", config.driver());
        assertEquals(Map.of("uris", "test:///default"), config.driverSettings());
        assertFalse(config.demo(), "a real fabric gets no demo data");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (GatewayServer server = GatewayServer.start(config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("GIO Gateway listening on "));
            JsonNode vms = get(server, SPF + "VirtualMachines");
            for (long end = System.nanoTime() + 30_000_000_000L; !names(vms).contains("test") && System.nanoTime() < end;
                    Thread.sleep(100)) {
                vms = get(server, SPF + "VirtualMachines"); // the refresh at start runs in the background
            }
            assertTrue(vms.get("value").isArray(), vms.toString());
            assertEquals(java.util.List.of("test"), names(vms), "the host's own domain, adopted; no demo VMs");
            JsonNode test = vms.get("value").get(0);
            assertEquals("Running", test.path("Status").asText(), test.toString());
            assertTrue(test.path("CloudId").isNull(), "in no cloud: " + test);
            assertEquals("KVM", stampName(server, test.path("StampId").asText()));
            JsonNode networks = get(server, SPF + "LogicalNetworks");
            assertTrue(names(networks).contains("default"), networks.toString());
            JsonNode stamps = get(server, "/SC2012R2/Admin/Microsoft.Management.Odata.svc/Stamps");
            assertTrue(stamps.toString().contains("KVM"), stamps.toString());
            assertEquals(0, get(server, SPF + "Clouds").get("value").size(), "no demo clouds");
            assertEquals("libvirt", server.adapter().driver().name());

            HttpResponse<String> ticket = consoleTicket(server, test.path("ID").asText(), test.path("StampId").asText());
            assertEquals(501, ticket.statusCode(), "libvirt's test driver has no displays: " + ticket.body());
            assertTrue(ticket.body().contains("not available on this fabric"), ticket.body());
        }
    }

    private static HttpResponse<String> consoleTicket(GatewayServer server, String vmId, String stampId) throws Exception {
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uri()
                + "/auth/token")).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers
                .ofString("grant_type=password&username=admin&password=" + PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        String bearer = JSON.readTree(token.body()).path("access_token").asText();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uri() + "/console/tickets"))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"VMId\":\"" + vmId + "\",\"StampId\":\"" + stampId + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSimulatedFabricStaysTheDefaultAndFlagsAreChecked() {
        GatewayConfig sim = parse().config(Optional.empty(), Optional.empty());
        assertEquals("sim", sim.driver());
        assertTrue(sim.demo());
        assertThrows(IllegalArgumentException.class,
                () -> parse("--libvirt-uri", "qemu:///system").config(Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> parse("--fabric", "libvirt", "--sim-speed", "10")
                .config(Optional.empty(), Optional.empty()));
        GatewayConfig stamps = parse("--fabric", "libvirt", "--fabric-setting",
                "stamps=A=qemu+ssh://h1/system,qemu+ssh://h2/system;B=qemu+ssh://h3/system",
                "--fabric-setting", "gio.cluster.libvirt.stamp.B.generation=ws2008r2")
                .config(Optional.empty(), Optional.empty());
        assertEquals(Map.of("stamps", "A=qemu+ssh://h1/system,qemu+ssh://h2/system;B=qemu+ssh://h3/system",
                "stamp.B.generation", "ws2008r2"), stamps.driverSettings());
    }

    private static Main.Serve parse(String... args) {
        Main.Serve serve = new Main.Serve();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    private static JsonNode get(GatewayServer server, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static String stampName(GatewayServer server, String stampId) throws Exception {
        JsonNode stamps = get(server, "/SC2012R2/Admin/Microsoft.Management.Odata.svc/Stamps");
        return StreamSupport.stream(stamps.get("value").spliterator(), false)
                .filter(s -> s.path("ID").asText().equals(stampId)).map(s -> s.path("Name").asText())
                .findFirst().orElse("none");
    }

    private static java.util.List<String> names(JsonNode set) {
        return StreamSupport.stream(set.get("value").spliterator(), false).map(n -> n.path("Name").asText()).toList();
    }
}
