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
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.jersey.test.JerseyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.h2.jdbcx.JdbcDataSource;

/** WAP's admin and tenant management API (/subscriptions, /plans, /addons, /users), in process. */
class WapManagementApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduledExecutorService scheduler;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private JerseyTest jersey;
    private String admin;
    private String alice;
    private String bob;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:wapgw-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
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
        admin = token("admin", "admin-password-1");
        alice = token("alice@contoso.example", "demo-password-1");
        bob = token("bob@fabrikam.example", "demo-password-1");
    }

    @AfterEach
    void tearDown() throws Exception {
        jersey.tearDown();
        adapter.close();
        driver.close();
        scheduler.shutdownNow();
    }

    private String token(String user, String password) throws Exception {
        Response r = jersey.target("auth/token").request().post(Entity.form(new Form()
                .param("grant_type", "password").param("username", user).param("password", password)));
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
        assertTrue(r.getMediaType().toString().startsWith("application/xml"), r.getMediaType().toString());
        assertTrue(body.contains("<Error xmlns=\"http://schemas.microsoft.com/windowsazure\""), body);
        return body;
    }

    private static Entity<String> body(String json) {
        return Entity.entity(json, "application/json");
    }

    @Test
    void adminListsSubscriptionsWithTotalsPagingAndFilters() throws Exception {
        JsonNode all = json(as(admin, "subscriptions").get(), 200);
        assertEquals(4, all.get("totalCount").asInt());
        assertEquals(4, all.get("filteredTotalCount").asInt());
        assertEquals(4, all.get("items").size());
        JsonNode first = all.get("items").get(0);
        for (String f : new String[] {"SubscriptionID", "SubscriptionName", "AccountAdminLiveEmailId", "PlanId", "State",
                "Created", "Services", "AddOnReferences", "QuotaSyncState"}) {
            assertTrue(first.has(f), f + " in " + first);
        }
        JsonNode page = json(jersey.target("subscriptions").queryParam("skip", 1).queryParam("take", 2).request()
                .header("Authorization", "Bearer " + admin).get(), 200);
        assertEquals(2, page.get("items").size());
        assertEquals(4, page.get("filteredTotalCount").asInt());
        JsonNode top = json(jersey.target("subscriptions").queryParam("$top", 1).request()
                .header("Authorization", "Bearer " + admin).get(), 200);
        assertEquals(1, top.get("items").size());
        JsonNode byPlan = json(jersey.target("subscriptions").queryParam("planId", DemoTenancy.planId(DemoTenancy.V2_PLAN))
                .request().header("Authorization", "Bearer " + admin).get(), 200);
        assertEquals(2, byPlan.get("filteredTotalCount").asInt());
        assertEquals(4, byPlan.get("totalCount").asInt());
        JsonNode byUser = json(jersey.target("subscriptions").queryParam("accountAdminLiveEmailId", "bob@fabrikam.example")
                .request().header("Authorization", "Bearer " + admin).get(), 200);
        assertEquals(2, byUser.get("filteredTotalCount").asInt());
        error(jersey.target("subscriptions").queryParam("take", "x").request()
                .header("Authorization", "Bearer " + admin).get(), 400);
    }

    @Test
    void tenantSeesOnlyItsOwnSubscriptions() throws Exception {
        JsonNode a = json(as(alice, "subscriptions/").get(), 200);
        assertTrue(a.isArray());
        assertEquals(2, a.size());
        UUID v1 = DemoTenancy.subscriptionId("Contoso", false);
        UUID v2 = DemoTenancy.subscriptionId("Contoso", true);
        Set<String> ids = new HashSet<>();
        for (JsonNode s : a) {
            ids.add(s.get("SubscriptionId").asText());
            assertEquals("systemcenter", s.get("Services").get(0).get("Type").asText());
            assertEquals(1, s.get("State").asInt());
            if (s.get("SubscriptionId").asText().equals(v1.toString())) {
                assertEquals(v2.toString(), s.get("SuccessorSubscriptionId").asText());
            }
        }
        assertEquals(Set.of(v1.toString(), v2.toString()), ids);
        JsonNode b = json(as(bob, "subscriptions").get(), 200);
        assertEquals(2, b.size());
        for (JsonNode s : b) {
            assertEquals("bob@fabrikam.example", s.get("AccountAdminLiveEmailId").asText());
        }
        json(as(alice, "subscriptions/" + v1).get(), 200);
        error(as(bob, "subscriptions/" + v1).get(), 404);
    }

    @Test
    void tenantTokensAreRefusedOnTheAdminApiAndNoTokenIs401() {
        error(as(alice, "plans").get(), 403);
        error(as(alice, "users").get(), 403);
        error(as(alice, "addons").get(), 403);
        error(as(alice, "subscriptions").post(body("{}")), 403);
        error(as(alice, "subscriptions/" + DemoTenancy.subscriptionId("Contoso", false)).put(body("{\"State\":2}")), 403);
        Response none = jersey.target("subscriptions").request().get();
        error(none, 401);
        assertTrue(none.getHeaderString("WWW-Authenticate").startsWith("Bearer"));
        error(jersey.target("plans").request().header("Authorization", "Bearer nonsense").get(), 401);
    }

    @Test
    void adminCreatesPlanUserSubscriptionSuspendsAndSetsQuotas() throws Exception {
        JsonNode plans = json(as(admin, "plans").get(), 200);
        assertTrue(plans.isArray());
        JsonNode v1 = null;
        for (JsonNode p : plans) {
            if (p.get("Name").asText().equals(DemoTenancy.V1_PLAN)) {
                v1 = p;
            }
        }
        assertTrue(v1 != null);
        assertEquals("systemcenter", v1.get("ServiceQuotas").get(0).get("ServiceName").asText());
        String stamp = v1.get("StampId").asText();

        JsonNode addOn = json(as(admin, "addons").post(body(
                "{\"DisplayName\":\"Test Pack\",\"Kind\":\"Pack\",\"QuotaIncrement\":{\"VMCount\":2}}")), 201);
        String addOnId = addOn.get("Id").asText();

        JsonNode plan = json(as(admin, "plans").post(body("{\"DisplayName\":\"Bronze\",\"StampId\":\"" + stamp
                + "\",\"State\":1,\"Quota\":{\"RoleVMCount\":5,\"RoleCPUCount\":10},\"Actions\":[\"Start\",\"Stop\"],"
                + "\"MaxSubscriptionsPerAccount\":-1,\"AddOnReferences\":[{\"AddOnId\":\"" + addOnId + "\"}]}")), 201);
        String planId = plan.get("Id").asText();
        assertEquals("Bronze", plan.get("DisplayName").asText());
        assertEquals(1, plan.get("State").asInt());
        assertEquals(5, plan.get("Quota").get("RoleVMCount").asInt());
        assertTrue(plan.get("Quota").get("MemberVMCount").isNull());
        assertEquals(addOnId, plan.get("AddOnReferences").get(0).get("AddOnId").asText());
        assertTrue(plan.get("ServiceQuotas").get(0).get("Settings").get(0).get("Value").asText()
                .contains("<RoleVMCount>5</RoleVMCount>"));

        JsonNode updated = json(as(admin, "plans/" + planId).put(body("{\"State\":\"Private\",\"DisplayName\":\"Bronze 2\"}")), 200);
        assertEquals(0, updated.get("State").asInt());
        assertEquals("Bronze 2", updated.get("DisplayName").asText());
        assertEquals(5, updated.get("Quota").get("RoleVMCount").asInt());

        JsonNode user = json(as(admin, "users").post(body(
                "{\"Name\":\"carol@contoso.example\",\"Password\":\"carol-password-1\",\"TenantName\":\"Contoso\"}")), 201);
        assertEquals("carol@contoso.example", user.get("Name").asText());
        assertEquals("Contoso", user.get("TenantName").asText());
        error(as(admin, "users").post(body("{\"Name\":\"carol@contoso.example\",\"Password\":\"carol-password-1\"}")), 409);
        assertTrue(error(as(admin, "users").post(body("{\"Name\":\"dave@x.example\",\"Password\":\"short\"}")), 400)
                .contains("Password"));

        JsonNode sub = json(as(admin, "subscriptions").post(body("{\"SubscriptionName\":\"Carol Bronze\","
                + "\"AccountAdminLiveEmailId\":\"carol@contoso.example\",\"PlanId\":\"" + planId + "\"}")), 201);
        String subId = sub.get("SubscriptionID").asText();
        assertEquals(1, sub.get("State").asInt());
        assertEquals(planId, sub.get("PlanId").asText());

        String carol = token("carol@contoso.example", "carol-password-1");
        JsonNode carolSubs = json(as(carol, "subscriptions").get(), 200);
        assertEquals(1, carolSubs.size());
        assertEquals(subId, carolSubs.get(0).get("SubscriptionId").asText());

        JsonNode suspended = json(as(admin, "subscriptions/" + subId).put(body("{\"State\":2}")), 200);
        assertEquals(2, suspended.get("State").asInt());
        JsonNode active = json(as(admin, "subscriptions/" + subId).put(body("{\"State\":\"Active\"}")), 200);
        assertEquals(1, active.get("State").asInt());
        assertTrue(error(as(admin, "subscriptions/" + subId).put(body("{\"State\":7}")), 400).contains("State"));

        JsonNode quota = json(as(admin, "subscriptions/" + subId + "/quota").put(body(
                "[{\"ServiceName\":\"systemcenter\",\"Settings\":[{\"Key\":\"RoleVMCount\",\"Value\":\"10\"}]}]")), 200);
        assertEquals(10, quota.get("Quota").get("RoleVMCount").asInt());
        assertEquals(10, quota.get("Overrides").get("RoleVMCount").asInt());
        quota = json(as(admin, "subscriptions/" + subId + "/quota").put(body("{\"RoleCPUCount\":null}")), 200);
        assertTrue(quota.get("Quota").get("RoleCPUCount").isNull());
        assertTrue(error(as(admin, "subscriptions/" + subId + "/quota").put(body("{\"RoleBananas\":1}")), 400)
                .contains("RoleBananas"));
        quota = json(as(admin, "subscriptions/" + subId + "/quota").delete(), 200);
        assertEquals(5, quota.get("Quota").get("RoleVMCount").asInt());

        JsonNode withAddOn = json(as(admin, "subscriptions/" + subId + "/addons").post(body(
                "{\"AddOnId\":\"" + addOnId + "\"}")), 200);
        assertEquals(addOnId, withAddOn.get("AddOnReferences").get(0).get("AddOnId").asText());
        assertEquals(7, withAddOn.get("Quota").get("RoleVMCount").asInt());

        JsonNode deleting = json(as(admin, "subscriptions/" + subId).delete(), 202);
        assertEquals(3, deleting.get("State").asInt());
        // no VMs: it goes at once, in the background
        for (int i = 0; i < 100 && as(admin, "subscriptions/" + subId).get().getStatus() != 404; i++) {
            Thread.sleep(50);
        }
        error(as(admin, "subscriptions/" + subId).get(), 404);
    }

    @Test
    void badInputAndUnknownObjects() {
        assertTrue(error(as(admin, "subscriptions").post(body("{\"SubscriptionName\":\"x\",\"PlanId\":\""
                + DemoTenancy.planId(DemoTenancy.V1_PLAN) + "\"}")), 400).contains("AccountAdminLiveEmailId"));
        assertTrue(error(as(admin, "subscriptions").post(body("{\"SubscriptionName\":\"x\","
                + "\"AccountAdminLiveEmailId\":\"alice@contoso.example\",\"PlanId\":\"nope\"}")), 400).contains("PlanId"));
        error(as(admin, "subscriptions").post(body("{\"SubscriptionName\":\"x\","
                + "\"AccountAdminLiveEmailId\":\"alice@contoso.example\",\"PlanId\":\"" + UUID.randomUUID() + "\"}")), 404);
        error(as(admin, "subscriptions").post(body("not json")), 400);
        error(as(admin, "subscriptions/" + UUID.randomUUID()).get(), 404);
        error(as(admin, "plans/" + UUID.randomUUID()).get(), 404);
        error(as(admin, "plans/not-a-guid").get(), 400);
        error(as(admin, "users/nobody@nowhere").get(), 404);
        assertTrue(error(as(admin, "plans").post(body("{\"DisplayName\":\"NoStamp\"}")), 400).contains("StampId"));
    }

    private static final String ADMIN_SVC = "SC2012R2/Admin/Microsoft.Management.Odata.svc/";

    private Invocation.Builder basic(String path, String user, String password) {
        String[] pq = path.split("\\?", 2);
        jakarta.ws.rs.client.WebTarget t = jersey.target(ADMIN_SVC + pq[0]);
        if (pq.length > 1) {
            for (String kv : pq[1].split("&")) {
                String[] x = kv.split("=", 2);
                t = t.queryParam(x[0], x[1].replace("%20", " ").replace("{", "%7B"));
            }
        }
        return t.request().header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void spfAdminServiceServesStampsTenantsAndServers() throws Exception {
        JsonNode stamps = json(basic("Stamps?$inlinecount=allpages", "admin", "admin-password-1")
                .accept("application/json").get(), 200);
        assertEquals("2", stamps.get("odata.count").asText());
        Set<String> names = new HashSet<>();
        stamps.get("value").forEach(s -> names.add(s.get("Name").asText()));
        assertEquals(Set.of("GIO-V1", "GIO-V2"), names);
        String v1 = null;
        for (JsonNode s : stamps.get("value")) {
            if (s.get("Name").asText().equals("GIO-V1")) {
                v1 = s.get("ID").asText();
            }
        }
        JsonNode one = json(basic("Stamps(guid'" + v1 + "')", "admin", "admin-password-1").accept("application/json").get(), 200);
        assertEquals("GIO-V1", one.get("Name").asText());
        JsonNode filtered = json(basic("Stamps?$filter=Name%20eq%20'GIO-V2'", "admin", "admin-password-1")
                .accept("application/json").get(), 200);
        assertEquals(1, filtered.get("value").size());
        JsonNode tenants = json(basic("Tenants", "admin", "admin-password-1").accept("application/json").get(), 200);
        assertEquals(2, tenants.get("value").size());
        JsonNode servers = json(basic("Servers?$top=1", "admin", "admin-password-1").accept("application/json").get(), 200);
        assertEquals(1, servers.get("value").size());
        String atom = basic("Stamps", "admin", "admin-password-1").get(String.class);
        assertTrue(atom.contains("<d:Name>GIO-V1</d:Name>"), atom);
        String meta = basic("$metadata", "admin", "admin-password-1").get(String.class);
        assertTrue(meta.contains("EntitySet Name=\"Stamps\""), meta);
        assertEquals(401, jersey.target(ADMIN_SVC + "Stamps").request().get().getStatus());
        assertEquals(403, basic("Stamps", "alice@contoso.example", "demo-password-1").get().getStatus());
        assertEquals(404, basic("Nope", "admin", "admin-password-1").accept("application/json").get().getStatus());
        assertEquals(400, basic("Stamps?$filter=substringof('x',Name)", "admin", "admin-password-1")
                .accept("application/json").get().getStatus());
    }
}
