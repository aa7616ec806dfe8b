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
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over HTTP, as noVNC in the portal uses it: a one-time ticket from
 * {@code POST /console/tickets} for a VM of the caller's subscription, then the WebSocket relay to
 * the VM's VNC console (the simulated fabric's). Tickets are scoped, single-use, and refused for
 * VMs that are off or not the caller's.
 */
class ConsoleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "demo-password-1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;
    private static GatewayServer server;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withPort(0).withHost("127.0.0.1").withDataDir(data)
                .withSim(50, true, 0).withPasswords(Optional.of("admin-password-1"), Optional.of(PASSWORD));
        server = GatewayServer.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        alice = token("alice@contoso.example");
        bob = token("bob@fabrikam.example");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTicketOpensTheVmsVncConsoleOnceThroughTheWebSocket() throws Exception {
        String sub = subscription(alice);
        JsonNode vm = vm(alice, sub, "Running");
        HttpResponse<String> issued = ticket(alice, sub, vm);
        assertEquals(201, issued.statusCode(), issued.body());
        JsonNode t = JSON.readTree(issued.body());
        assertEquals("rfb", t.path("Protocol").asText());
        assertEquals(vm.path("Name").asText(), t.path("Name").asText());
        String url = t.path("Url").asText();
        assertTrue(url.startsWith("/console/ws?ticket="), url);

        Relay relay = connect(url);
        assertEquals("RFB 003.008\n", new String(relay.read(12), StandardCharsets.US_ASCII), "the VM's VNC server");
        relay.send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(1, 1), List.of((int) relay.read(1)[0], (int) relay.read(1)[0]), "security: None");
        relay.send(new byte[] {1});
        assertEquals(0, ByteBuffer.wrap(relay.read(4)).getInt(), "security result OK");
        relay.send(new byte[] {1});
        ByteBuffer init = ByteBuffer.wrap(relay.read(4));
        assertEquals(List.of(1024, 768), List.of((int) init.getShort(), (int) init.getShort()), "ServerInit: the screen");
        relay.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

        Relay again = connect(url);
        assertEquals(1008, again.closed.get(10, TimeUnit.SECONDS), "a ticket is used once");
        assertEquals(1008, connect("/console/ws?ticket=forged").closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void ticketsAreScopedToTheCallersVmsAndToRunningOnes() throws Exception {
        String sub = subscription(alice);
        JsonNode bobs = vm(bob, subscription(bob), "Running");
        assertEquals(404, ticket(alice, sub, bobs).statusCode(), "another tenant's VM does not exist for Alice");
        assertEquals(404, ticket(alice, subscription(bob), bobs).statusCode(), "nor does his subscription");
        HttpResponse<String> off = ticket(alice, sub, vm(alice, sub, "PowerOff"));
        assertEquals(409, off.statusCode(), off.body());
        assertTrue(off.body().contains("running or paused"), off.body());
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "/console/tickets"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> bad = send(alice, "/console/tickets", "{\"SubscriptionId\":\"" + sub + "\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("VMId is required"), bad.body());
    }

    /** A WebSocket to the relay, its binary messages gathered into one byte queue. */
    private static final class Relay implements WebSocket.Listener {
        final LinkedBlockingQueue<Byte> bytes = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            while (data.hasRemaining()) {
                bytes.add(data.get());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        byte[] read(int n) throws InterruptedException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                Byte b = bytes.poll(10, TimeUnit.SECONDS);
                if (b == null) {
                    throw new AssertionError("the console sent " + i + " of " + n + " bytes");
                }
                out[i] = b;
            }
            return out;
        }

        void send(byte[] data) {
            socket.sendBinary(ByteBuffer.wrap(data), true).join();
        }
    }

    private static Relay connect(String path) {
        Relay relay = new Relay();
        URI uri = URI.create("ws://127.0.0.1:" + server.uri().getPort() + path);
        relay.socket = HTTP.newWebSocketBuilder().subprotocols("binary").buildAsync(uri, relay).join();
        return relay;
    }

    private static HttpResponse<String> ticket(String token, String sub, JsonNode vm) throws Exception {
        return send(token, "/console/tickets", "{\"SubscriptionId\":\"" + sub + "\",\"VMId\":\"" + vm.path("ID").asText()
                + "\",\"StampId\":\"" + vm.path("StampId").asText() + "\"}");
    }

    private static HttpResponse<String> send(String token, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String user) throws Exception {
        String form = "grant_type=password&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + PASSWORD;
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** The caller's subscription on the old stamp (the demo's V1 Standard). */
    private static String subscription(String token) throws Exception {
        JsonNode subs = get(token, "/subscriptions/");
        return StreamSupport.stream(subs.spliterator(), false)
                .filter(s -> s.path("SubscriptionName").asText().contains("V1"))
                .map(s -> s.path("SubscriptionId").asText()).findFirst()
                .orElseGet(() -> subs.get(0).path("SubscriptionId").asText());
    }

    private static JsonNode vm(String token, String sub, String status) throws Exception {
        JsonNode vms = get(token, "/" + sub + "/services/systemcenter/vmm/VirtualMachines");
        return StreamSupport.stream(vms.get("value").spliterator(), false)
                .filter(v -> v.path("Status").asText().equals(status)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + status + " VM in " + sub));
    }

    private static JsonNode get(String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }
}
