package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import io.gio.gateway.auth.AuthSettings;
import io.gio.gateway.auth.Authentication;
import io.gio.gateway.auth.KeyRing;
import io.gio.gateway.auth.LoginThrottle;
import io.gio.odata.VmmODataService;
import io.gio.spf.SpfAdapter;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.jersey.test.JerseyTest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /auth/token, /auth/keys, /auth/me and the login throttle, in process on the real resource configuration. */
class AuthEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPF = "SC2012R2/VMM/Microsoft.Management.Odata.svc/";

    private ScheduledExecutorService scheduler;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private JerseyTest jersey;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:authgw-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        driver = Drivers.find("sim").create(new DriverContext(Clock.systemUTC(), scheduler, ds, Map.of("topology", "demo")));
        adapter = SpfAdapter.open(ds, driver, Clock.systemUTC(), scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of("admin-password-1"));
        adapter.demoData().seed(Optional.of("demo-password-1"), 0);
        VmmODataService odata = VmmODataService.create(adapter, Duration.ofSeconds(5), 100);
        AuthSettings settings = AuthSettings.defaults().withThrottle(
                new LoginThrottle.Policy(3, 50, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(5)));
        Authentication auth = Authentication.create(adapter, settings, KeyRing.randomKek(), Clock.systemUTC());
        jersey = new JerseyTest() {
            @Override
            protected Application configure() {
                return GatewayServer.resourceConfig(adapter, odata, false, auth);
            }
        };
        jersey.setUp();
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

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.readEntity(String.class));
    }

    private String accessToken(String user, String password) throws Exception {
        Response r = token(user, password);
        assertEquals(200, r.getStatus());
        return json(r).get("access_token").asText();
    }

    @Test
    void passwordGrantIssuesABearerTokenThatAuthMeAccepts() throws Exception {
        Response r = token("alice@contoso.example", "demo-password-1");
        assertEquals(200, r.getStatus());
        assertEquals("no-store", r.getHeaderString("Cache-Control"));
        JsonNode body = json(r);
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(3600, body.get("expires_in").asInt());
        String token = body.get("access_token").asText();
        assertEquals(3, token.split("\\.").length);

        JsonNode me = json(jersey.target("auth/me").request().header("Authorization", "Bearer " + token).get());
        assertEquals("alice@contoso.example", me.get("name").asText());
        assertEquals("Tenant", me.get("role").asText());
        assertFalse(me.get("tenantId").isNull());
        assertEquals(AuthSettings.TENANT_AUDIENCE, me.get("audience").asText());

        String admin = accessToken("admin", "admin-password-1");
        JsonNode adminMe = json(jersey.target("auth/me").request().header("Authorization", "Bearer " + admin).get());
        assertEquals("Admin", adminMe.get("role").asText());
        assertEquals(AuthSettings.ADMIN_AUDIENCE, adminMe.get("audience").asText());
    }

    @Test
    void oauthErrors() throws Exception {
        Response wrong = token("alice@contoso.example", "wrong-password");
        assertEquals(400, wrong.getStatus());
        assertEquals("invalid_grant", json(wrong).get("error").asText());
        Response nobody = token("nobody@example", "whatever-1");
        assertEquals(400, nobody.getStatus());
        assertEquals("invalid_grant", json(nobody).get("error").asText());

        Response grant = jersey.target("auth/token").request().post(Entity.form(new Form()
                .param("grant_type", "client_credentials").param("client_id", "x")));
        assertEquals(400, grant.getStatus());
        assertEquals("unsupported_grant_type", json(grant).get("error").asText());
        Response none = jersey.target("auth/token").request().post(Entity.form(new Form().param("username", "a")));
        assertEquals(400, none.getStatus());
        assertEquals("invalid_request", json(none).get("error").asText());
        Response scope = jersey.target("auth/token").request().post(Entity.form(new Form()
                .param("grant_type", "password").param("username", "bob@fabrikam.example")
                .param("password", "demo-password-1").param("scope", AuthSettings.ADMIN_AUDIENCE)));
        assertEquals(400, scope.getStatus());
        assertEquals("invalid_scope", json(scope).get("error").asText());
        Response okScope = jersey.target("auth/token").request().post(Entity.form(new Form()
                .param("grant_type", "password").param("username", "bob@fabrikam.example")
                .param("password", "demo-password-1").param("scope", AuthSettings.TENANT_AUDIENCE)
                .param("client_id", "any-public-client")));
        assertEquals(200, okScope.getStatus());
    }

    @Test
    void jwksPublishesPublicKeysOnly() throws Exception {
        Response r = jersey.target("auth/keys").request().get();
        assertEquals(200, r.getStatus());
        JsonNode keys = json(r).get("keys");
        assertEquals(1, keys.size());
        JsonNode k = keys.get(0);
        assertEquals("RSA", k.get("kty").asText());
        assertEquals("RS256", k.get("alg").asText());
        assertEquals("sig", k.get("use").asText());
        assertNotNull(k.get("kid"));
        assertNull(k.get("d"));
        assertNull(k.get("p"));
        String token = accessToken("alice@contoso.example", "demo-password-1");
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains(k.get("kid").asText()), header);
    }

    @Test
    void badTokensGet401WithAWapErrorAndNoReason() {
        Response missing = jersey.target("auth/me").request().get();
        assertEquals(401, missing.getStatus());
        assertTrue(missing.getHeaderString("WWW-Authenticate").startsWith("Bearer"));
        for (String bad : new String[] {"garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."}) {
            Response r = jersey.target("auth/me").request().header("Authorization", "Bearer " + bad).get();
            assertEquals(401, r.getStatus());
            assertTrue(r.getHeaderString("WWW-Authenticate").contains("error=\"invalid_token\""));
            String body = r.readEntity(String.class);
            assertTrue(body.contains("<Error xmlns=\"http://schemas.microsoft.com/windowsazure\""), body);
            assertTrue(body.contains("<Message>invalid token</Message>"), body);
        }
        // Basic credentials are no bearer token
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password-1".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, jersey.target("auth/me").request().header("Authorization", basic).get().getStatus());
    }

    @Test
    void spfPathsKeepBasic() throws Exception {
        String admin = accessToken("admin", "admin-password-1");
        Response r = jersey.target(SPF + "Clouds").request().header("Authorization", "Bearer " + admin).get();
        assertEquals(401, r.getStatus());
        assertTrue(r.getHeaderString("WWW-Authenticate").startsWith("Basic"));
    }

    @Test
    void tokenEndpointLocksOutAfterRepeatedFailures() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(400, token("alice@contoso.example", "wrong-" + i).getStatus());
        }
        Response locked = token("alice@contoso.example", "demo-password-1");
        assertEquals(429, locked.getStatus());
        int retry = Integer.parseInt(locked.getHeaderString("Retry-After"));
        assertTrue(retry > 0 && retry <= 30, "Retry-After " + retry);
        // another user is not locked out by alice's failures
        assertEquals(200, token("bob@fabrikam.example", "demo-password-1").getStatus());
    }

    @Test
    void basicAuthLocksOutAfterRepeatedFailures() {
        for (int i = 0; i < 3; i++) {
            String bad = "Basic " + Base64.getEncoder().encodeToString(("admin:wrong-" + i).getBytes(StandardCharsets.UTF_8));
            assertEquals(401, jersey.target(SPF + "Clouds").request().header("Authorization", bad).get().getStatus());
        }
        String good = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password-1".getBytes(StandardCharsets.UTF_8));
        Response locked = jersey.target(SPF + "Clouds").request().header("Authorization", good).get();
        assertEquals(429, locked.getStatus());
        assertNotNull(locked.getHeaderString("Retry-After"));
        // the token endpoint shares the count
        assertEquals(429, token("admin", "admin-password-1").getStatus());
    }

    @Test
    void aSuccessResetsTheUsersCount() {
        String good = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password-1".getBytes(StandardCharsets.UTF_8));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2; i++) {
                String bad = "Basic " + Base64.getEncoder().encodeToString(("admin:wrong-" + i).getBytes(StandardCharsets.UTF_8));
                assertEquals(401, jersey.target(SPF + "Clouds").request().header("Authorization", bad).get().getStatus());
            }
            assertEquals(200, jersey.target(SPF + "Clouds").request().header("Authorization", good)
                    .header("Accept", "application/json").get().getStatus());
        }
    }
}
