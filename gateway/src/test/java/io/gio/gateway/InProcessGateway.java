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
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.jersey.test.JerseyTest;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The whole gateway in process for the WAP management tests: the simulated fabric over the demo
 * world on a private in-memory store, the real resource configuration with Bearer tokens, and
 * helpers to call it as the administrator or a tenant.
 */
final class InProcessGateway implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String DEMO_PASSWORD = "demo-password-1";

    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final ClusterDriver driver;
    final SpfAdapter adapter;
    private final JerseyTest jersey;

    InProcessGateway(String name) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        driver = Drivers.find("sim").create(new DriverContext(Clock.systemUTC(), scheduler, ds, Map.of("topology", "demo")));
        adapter = SpfAdapter.open(ds, driver, Clock.systemUTC(), scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of(ADMIN_PASSWORD));
        adapter.demoData().seed(Optional.of(DEMO_PASSWORD), 0);
        VmmODataService odata = VmmODataService.create(adapter, Duration.ofSeconds(5), 100);
        Authentication auth = Authentication.create(adapter, AuthSettings.defaults(), KeyRing.randomKek(), Clock.systemUTC());
        jersey = new JerseyTest() {
            @Override
            protected Application configure() {
                return GatewayServer.resourceConfig(adapter, odata, false, auth);
            }
        };
        jersey.setUp();
    }

    WebTarget target(String path) {
        return jersey.target(path);
    }

    Response token(String user, String password) {
        return jersey.target("auth/token").request().post(Entity.form(new Form()
                .param("grant_type", "password").param("username", user).param("password", password)));
    }

    String tokenOf(String user, String password) throws Exception {
        Response r = token(user, password);
        assertEquals(200, r.getStatus());
        return JSON.readTree(r.readEntity(String.class)).get("access_token").asText();
    }

    String adminToken() throws Exception {
        return tokenOf("admin", ADMIN_PASSWORD);
    }

    Invocation.Builder as(String token, String path) {
        return jersey.target(path).request().header("Authorization", "Bearer " + token);
    }

    static JsonNode json(Response r, int status) throws Exception {
        String body = r.readEntity(String.class);
        assertEquals(status, r.getStatus(), body);
        return JSON.readTree(body);
    }

    /** The body of a WAP error response with that status. */
    static String error(Response r, int status) {
        String body = r.readEntity(String.class);
        assertEquals(status, r.getStatus(), body);
        assertTrue(body.contains("<Error xmlns=\"http://schemas.microsoft.com/windowsazure\""), body);
        return body;
    }

    static Entity<String> body(String json) {
        return Entity.entity(json, "application/json");
    }

    @Override
    public void close() throws Exception {
        jersey.tearDown();
        adapter.close();
        driver.close();
        scheduler.shutdownNow();
    }
}
