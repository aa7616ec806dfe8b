package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.spf.SpfAdapter;
import jakarta.ws.rs.client.Invocation;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's migration settings and queue, and fault injection into the simulated fabric, in process. */
class OperatorApiTest {

    private static final String ALICE = "alice@contoso.example";

    private InProcessGateway gw;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private String admin;

    @BeforeEach
    void setUp() throws Exception {
        gw = new InProcessGateway("operator");
        driver = gw.driver;
        adapter = gw.adapter;
        admin = gw.adminToken();
    }

    @AfterEach
    void tearDown() throws Exception {
        gw.close();
    }

    private String tokenOf(String user, String password) throws Exception {
        return gw.tokenOf(user, password);
    }

    private Invocation.Builder as(String token, String path) {
        return gw.as(token, path);
    }

    @Test
    void migrationSettingsAreTheAdministrators() throws Exception {
        JsonNode defaults = InProcessGateway.json(as(admin, "migration/settings").get(), 200);
        assertEquals(4, defaults.get("maxPerSourceVolume").asInt());
        assertEquals("PT168H", defaults.get("retention").asText(), "seven days, as an ISO-8601 duration");
        InProcessGateway.error(as(tokenOf(ALICE, "demo-password-1"), "migration/settings").get(), 403);

        String link = driver.links().get(0).id().toString();
        JsonNode updated = InProcessGateway.json(as(admin, "migration/settings").put(InProcessGateway.body("{\"linkBudgets\": {\"" + link
                + "\": 2000000000}, \"maxPerSourceVolume\": 2, \"maxPerLink\": 8, \"retention\": \"PT12H\"}")), 200);
        assertEquals(2_000_000_000L, updated.get("linkBudgets").get(link).asLong());
        JsonNode read = InProcessGateway.json(as(admin, "migration/settings").get(), 200);
        assertEquals(2, read.get("maxPerSourceVolume").asInt());
        assertEquals(8, read.get("maxPerLink").asInt());
        assertEquals("PT12H", read.get("retention").asText());
        assertEquals(2_000_000_000L, adapter.migrationEngine().settings().linkBudget(UUID.fromString(link)).orElseThrow());

        assertTrue(InProcessGateway.error(as(admin, "migration/settings").put(InProcessGateway.body("{\"retention\": \"a week\"}")), 400)
                .contains("ISO-8601"));
        assertTrue(InProcessGateway.error(as(admin, "migration/settings").put(InProcessGateway.body("{\"maxPerLink\": 0}")), 400).contains("maxPerLink"));
        InProcessGateway.error(as(admin, "migration/settings").put(InProcessGateway.body("{\"linkBudgets\": {\"" + UUID.randomUUID() + "\": 1}}")), 404);
        assertTrue(InProcessGateway.error(as(admin, "migration/settings").put(InProcessGateway.body("{\"linkBudgets\": {\"" + link + "\": -5}}")), 400)
                .contains("positive"));
        InProcessGateway.json(as(admin, "migration/settings").put(InProcessGateway.body("{\"linkBudgets\": {\"" + link + "\": null}}")), 200);
        assertTrue(adapter.migrationEngine().settings().linkBudgets().isEmpty(), "null removes a link's budget");
    }

    @Test
    void theQueueShowsOpenMigrationsAndTheLinks() throws Exception {
        JsonNode queue = InProcessGateway.json(as(admin, "migration/queue").get(), 200);
        assertEquals(0, queue.get("totalCount").asInt());
        JsonNode link = queue.get("links").get(0);
        assertEquals(driver.links().get(0).name(), link.get("Name").asText());
        assertEquals(link.get("BandwidthBitsPerSecond").asLong(), link.get("BudgetBitsPerSecond").asLong());
        InProcessGateway.error(as(tokenOf(ALICE, "demo-password-1"), "migration/queue").get(), 403);
        assertTrue(queue.get("volumes").size() > 0, "every volume of every stamp");
        assertTrue(InProcessGateway.error(gw.target("migration/queue").queryParam("ended", -1).request().header("Authorization", "Bearer " + admin).get(), 400)
                .contains("ended"));
    }

    @Test
    void theQueueShowsWhatMigrationsUseOfTheLinksAndVolumes() throws Exception {
        String alice = tokenOf(ALICE, "demo-password-1");
        JsonNode subs = InProcessGateway.json(as(alice, "subscriptions/").get(), 200);
        JsonNode v1 = java.util.stream.StreamSupport.stream(subs.spliterator(), false)
                .filter(x -> x.path("SuccessorSubscriptionId").isTextual()).findFirst().orElseThrow();
        String service = v1.path("SubscriptionId").asText() + "/services/systemcenter/vmm/";
        JsonNode vm = java.util.stream.StreamSupport.stream(InProcessGateway.json(as(alice, service + "VirtualMachines")
                .header("Accept", "application/json").get(), 200).get("value").spliterator(), false)
                .filter(x -> x.path("Status").asText().equals("Running")).findFirst().orElseThrow();
        InProcessGateway.json(as(alice, service + "Migrations").header("Accept", "application/json")
                .post(InProcessGateway.body("{\"VMId\":\"" + vm.path("ID").asText() + "\",\"StampId\":\""
                        + vm.path("StampId").asText() + "\",\"Strategy\":\"SmbTransfer\"}")), 201);
        adapter.migrationEngine().tick();
        adapter.migrationEngine().tick();
        JsonNode queue = InProcessGateway.json(gw.target("migration/queue").queryParam("ended", 10).request().header("Authorization", "Bearer " + admin).get(), 200);
        assertEquals(1, queue.get("totalCount").asInt(), queue.toString());
        assertEquals("Precopying", queue.get("items").get(0).get("State").asText(), queue.toString());
        assertTrue(queue.get("links").get(0).get("InUseBitsPerSecond").asLong() > 0, "the pre-copy uses the link");
        long reserved = java.util.stream.StreamSupport.stream(queue.get("volumes").spliterator(), false)
                .mapToLong(x -> x.get("ReservedBytes").asLong()).sum();
        assertEquals(queue.get("items").get(0).get("BytesTotal").asLong(), reserved, "its bytes are reserved");
        assertEquals(0, queue.get("ended").size(), "none ended yet");
    }

    @Test
    void faultsAreInjectedListedAndCleared() throws Exception {
        String link = driver.links().get(0).name();
        JsonNode fault = InProcessGateway.json(as(admin, "sim/faults").post(InProcessGateway.body("{\"kind\": \"link-down\", \"target\": \"" + link
                + "\", \"durationSeconds\": 600}")), 201);
        assertEquals("link-down", fault.get("kind").asText());
        assertEquals(1, InProcessGateway.json(as(admin, "sim/faults").get(), 200).size());
        assertEquals(1, driver.faults().orElseThrow().active().size());

        assertTrue(InProcessGateway.error(as(admin, "sim/faults").post(InProcessGateway.body("{\"kind\": \"meteor\", \"target\": \"x\","
                + " \"durationSeconds\": 5}")), 400).contains("link-down, volume-full, host-crash, boot-failure"));
        assertTrue(InProcessGateway.error(as(admin, "sim/faults").post(InProcessGateway.body("{\"kind\": \"host-crash\", \"target\": \"no-such-host\","
                + " \"durationSeconds\": 5}")), 404).contains("no-such-host"));
        assertTrue(InProcessGateway.error(as(admin, "sim/faults").post(InProcessGateway.body("{\"kind\": \"volume-full\", \"target\": \"x\","
                + " \"durationSeconds\": 0}")), 400).contains("durationSeconds"));
        InProcessGateway.error(as(tokenOf(ALICE, "demo-password-1"), "sim/faults").delete(), 403);

        assertEquals(204, as(admin, "sim/faults").delete().getStatus());
        assertEquals(0, InProcessGateway.json(as(admin, "sim/faults").get(), 200).size());
    }
}
