package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import io.gio.gateway.auth.AuthSettings;
import io.gio.gateway.auth.Authentication;
import io.gio.gateway.auth.KeyRing;
import io.gio.odata.VmmODataService;
import io.gio.spf.SpfAdapter;
import io.gio.spf.demo.DemoTenancy;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.jersey.test.JerseyTest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's migration settings and queue, and fault injection into the simulated fabric, in process. */
class OperatorApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "alice@contoso.example";

    private ScheduledExecutorService scheduler;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private JerseyTest jersey;
    private String admin;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = Executors.newScheduledThreadPool(2);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:operator-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        driver = Drivers.find("sim").create(new DriverContext(Clock.systemUTC(), scheduler, ds, Map.of("topology", "demo")));
        adapter = SpfAdapter.open(ds, driver, Clock.systemUTC(), scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of("admin-password-1"));
        adapter.demoData().seed(Optional.of("demo-password-1"), 0);
        VmmODataService odata = VmmODataService.create(adapter, Duration.ofSeconds(5), 100);
        Authentication auth = Authentication.create(adapter, AuthSettings.defaults(), KeyRing.randomKek(), Clock.systemUTC());
        jersey = new JerseyTest() {
            @Override
            protected Application configure() {
                return GatewayServer.resourceConfig(adapter, odata, false, auth);
            }
        };
        jersey.setUp();
        admin = tokenOf("admin", "admin-password-1");
    }

    @AfterEach
    void tearDown() throws Exception {
        jersey.tearDown();
        adapter.close();
        driver.close();
        scheduler.shutdownNow();
    }

    private Response token(String user, String password) {
        return jersey.target("auth/token").request().post(Entity.form(new Form()
                .param("grant_type", "password").param("username", user).param("password", password)));
    }

    private String tokenOf(String user, String password) throws Exception {
        Response r = token(user, password);
        assertEquals(200, r.getStatus());
        return JSON.readTree(r.readEntity(String.class)).get("access_token").asText();
    }

    private Invocation.Builder as(String token, String path) {
        return jersey.target(path).request().header("Authorization", "Bearer " + token);
    }

    private static JsonNode json(Response r, int status) throws Exception {
        String body = r.readEntity(String.class);
        assertEquals(status, r.getStatus(), body);
        return JSON.readTree(body);
    }

    private static String error(Response r, int status) {
        String body = r.readEntity(String.class);
        assertEquals(status, r.getStatus(), body);
        assertTrue(body.contains("<Error xmlns=\"http://schemas.microsoft.com/windowsazure\""), body);
        return body;
    }

    private static Entity<String> body(String json) {
        return Entity.entity(json, "application/json");
    }

    @Test
    void migrationSettingsAreTheAdministrators() throws Exception {
        JsonNode defaults = json(as(admin, "migration/settings").get(), 200);
        assertEquals(4, defaults.get("maxPerSourceVolume").asInt());
        assertEquals("PT168H", defaults.get("retention").asText(), "seven days, as an ISO-8601 duration");
        error(as(tokenOf(ALICE, "demo-password-1"), "migration/settings").get(), 403);

        String link = driver.links().get(0).id().toString();
        JsonNode updated = json(as(admin, "migration/settings").put(body("{\"linkBudgets\": {\"" + link
                + "\": 2000000000}, \"maxPerSourceVolume\": 2, \"maxPerLink\": 8, \"retention\": \"PT12H\"}")), 200);
        assertEquals(2_000_000_000L, updated.get("linkBudgets").get(link).asLong());
        JsonNode read = json(as(admin, "migration/settings").get(), 200);
        assertEquals(2, read.get("maxPerSourceVolume").asInt());
        assertEquals(8, read.get("maxPerLink").asInt());
        assertEquals("PT12H", read.get("retention").asText());
        assertEquals(2_000_000_000L, adapter.migrationEngine().settings().linkBudget(UUID.fromString(link)).orElseThrow());

        assertTrue(error(as(admin, "migration/settings").put(body("{\"retention\": \"a week\"}")), 400)
                .contains("ISO-8601"));
        assertTrue(error(as(admin, "migration/settings").put(body("{\"maxPerLink\": 0}")), 400).contains("maxPerLink"));
        error(as(admin, "migration/settings").put(body("{\"linkBudgets\": {\"" + UUID.randomUUID() + "\": 1}}")), 404);
        assertTrue(error(as(admin, "migration/settings").put(body("{\"linkBudgets\": {\"" + link + "\": -5}}")), 400)
                .contains("positive"));
        json(as(admin, "migration/settings").put(body("{\"linkBudgets\": {\"" + link + "\": null}}")), 200);
        assertTrue(adapter.migrationEngine().settings().linkBudgets().isEmpty(), "null removes a link's budget");
    }

    @Test
    void theQueueShowsOpenMigrationsAndTheLinks() throws Exception {
        JsonNode queue = json(as(admin, "migration/queue").get(), 200);
        assertEquals(0, queue.get("totalCount").asInt());
        JsonNode link = queue.get("links").get(0);
        assertEquals(driver.links().get(0).name(), link.get("Name").asText());
        assertEquals(link.get("BandwidthBitsPerSecond").asLong(), link.get("BudgetBitsPerSecond").asLong());
        error(as(tokenOf(ALICE, "demo-password-1"), "migration/queue").get(), 403);
    }

    @Test
    void faultsAreInjectedListedAndCleared() throws Exception {
        String link = driver.links().get(0).name();
        JsonNode fault = json(as(admin, "sim/faults").post(body("{\"kind\": \"link-down\", \"target\": \"" + link
                + "\", \"durationSeconds\": 600}")), 201);
        assertEquals("link-down", fault.get("kind").asText());
        assertEquals(1, json(as(admin, "sim/faults").get(), 200).size());
        assertEquals(1, driver.faults().orElseThrow().active().size());

        assertTrue(error(as(admin, "sim/faults").post(body("{\"kind\": \"meteor\", \"target\": \"x\","
                + " \"durationSeconds\": 5}")), 400).contains("link-down, volume-full, host-crash, boot-failure"));
        assertTrue(error(as(admin, "sim/faults").post(body("{\"kind\": \"host-crash\", \"target\": \"no-such-host\","
                + " \"durationSeconds\": 5}")), 404).contains("no-such-host"));
        assertTrue(error(as(admin, "sim/faults").post(body("{\"kind\": \"volume-full\", \"target\": \"x\","
                + " \"durationSeconds\": 0}")), 400).contains("durationSeconds"));
        error(as(tokenOf(ALICE, "demo-password-1"), "sim/faults").delete(), 403);

        assertEquals(204, as(admin, "sim/faults").delete().getStatus());
        assertEquals(0, json(as(admin, "sim/faults").get(), 200).size());
    }
}
