package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WAP's management API over HTTP with Bearer tokens from /auth/token: the admin lists, creates
 * and changes plans, users, subscriptions and quotas; tenants see only their own subscriptions;
 * a tenant token on the admin API is a 403; SPF's Admin service lists the stamps.
 */
class WapManagementIT {

    private static Http http;
    private static String admin;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void tokens() throws Exception {
        http = SharedGateway.admin().anonymous();
        admin = token("admin", GatewayProcess.ADMIN_PASSWORD);
        alice = token("alice@contoso.example", GatewayProcess.DEMO_PASSWORD);
        bob = token("bob@fabrikam.example", GatewayProcess.DEMO_PASSWORD);
    }

    private static String token(String user, String password) {
        String form = "grant_type=password&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(http.request("auth/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).get("access_token").asText();
    }

    private static HttpResponse<String> call(String token, String method, String path, String body) {
        HttpRequest.Builder b = http.request(path).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("x-ms-principal-id", "someone");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b);
    }

    private static JsonNode ok(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        return Http.json(r);
    }

    private static void wapError(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Error xmlns=\"http://schemas.microsoft.com/windowsazure\""), r.body());
    }

    @Test
    void adminManagesPlansUsersSubscriptionsAndQuotas() {
        JsonNode all = ok(call(admin, "GET", "subscriptions?skip=0&take=2", null), 200);
        assertTrue(all.get("totalCount").asLong() >= 4, all.toString());
        assertEquals(all.get("totalCount").asLong(), all.get("filteredTotalCount").asLong());
        assertEquals(2, all.get("items").size());
        assertTrue(all.get("items").get(0).has("SubscriptionID"));

        JsonNode plans = ok(call(admin, "GET", "plans", null), 200);
        String stamp = null;
        for (JsonNode p : plans) {
            if (p.get("Name").asText().equals("V1 Standard")) {
                stamp = p.get("StampId").asText();
            }
        }
        assertTrue(stamp != null, plans.toString());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode plan = ok(call(admin, "POST", "plans", "{\"DisplayName\":\"IT Plan " + suffix + "\",\"StampId\":\""
                + stamp + "\",\"State\":1,\"Quota\":{\"RoleVMCount\":3}}"), 201);
        String planId = plan.get("Id").asText();
        assertEquals(3, plan.get("Quota").get("RoleVMCount").asInt());

        String user = "it-" + suffix + "@example.test";
        ok(call(admin, "POST", "users", "{\"Name\":\"" + user + "\",\"Password\":\"it-password-1\"}"), 201);
        JsonNode sub = ok(call(admin, "POST", "subscriptions", "{\"SubscriptionName\":\"IT " + suffix
                + "\",\"AccountAdminLiveEmailId\":\"" + user + "\",\"PlanId\":\"" + planId + "\"}"), 201);
        String subId = sub.get("SubscriptionID").asText();
        JsonNode byPlan = ok(call(admin, "GET", "subscriptions?planId=" + planId, null), 200);
        assertEquals(1, byPlan.get("filteredTotalCount").asInt());
        assertEquals(subId, byPlan.get("items").get(0).get("SubscriptionID").asText());

        assertEquals(2, ok(call(admin, "PUT", "subscriptions/" + subId, "{\"State\":2}"), 200).get("State").asInt());
        assertEquals(2, ok(call(admin, "GET", "subscriptions/" + subId, null), 200).get("State").asInt());

        JsonNode quota = ok(call(admin, "PUT", "subscriptions/" + subId + "/quota?sync=true",
                "[{\"ServiceName\":\"systemcenter\",\"Settings\":[{\"Key\":\"RoleVMCount\",\"Value\":\"10\"}]}]"), 200);
        assertEquals(10, quota.get("Quota").get("RoleVMCount").asInt());

        String mine = token(user, "it-password-1");
        JsonNode own = ok(call(mine, "GET", "subscriptions/", null), 200);
        assertEquals(1, own.size());
        assertEquals(subId, own.get(0).get("SubscriptionId").asText());

        // the plan's quotas, as Update-MgmtSvcPlanQuota sends them (a Clouds XML value) and as an object
        JsonNode planQuota = ok(call(admin, "PUT", "plans/" + planId + "/Quota?sync=true",
                "[{\"ServiceName\":\"systemcenter\",\"Settings\":[{\"Key\":\"Clouds\",\"Value\":\"<Clouds><Cloud Id='"
                + UUID.randomUUID() + "' StampId='" + stamp + "'><Quota><RoleVMCount>7</RoleVMCount><MemberVMCount/>"
                + "<RoleCPUCount>20</RoleCPUCount></Quota></Cloud></Clouds>\"}]}]"), 200);
        assertEquals(7, planQuota.get("Quota").get("RoleVMCount").asInt(), planQuota.toString());
        assertEquals(20, planQuota.get("Quota").get("RoleCPUCount").asInt());
        assertEquals(7, ok(call(admin, "PUT", "plans/" + planId + "/quota", "{\"RoleMemoryMB\":4096}"), 200)
                .get("Quota").get("RoleVMCount").asInt(), "quotas not given keep their value");
        // a plan object read from the API and sent back with changed ServiceQuotas
        JsonNode echoed = ok(call(admin, "PUT", "plans/" + planId, "{\"ServiceQuotas\":[{\"ServiceName\":\"systemcenter\","
                + "\"Settings\":[{\"Key\":\"RoleVMCount\",\"Value\":\"5\"}]}]}"), 200);
        assertEquals(5, echoed.get("Quota").get("RoleVMCount").asInt());
        assertEquals(4096, ok(call(admin, "GET", "plans/" + planId, null), 200).get("Quota").get("RoleMemoryMB").asInt());
        wapError(call(admin, "PUT", "plans/" + planId + "/Quota", "[{\"ServiceName\":\"sqlservers\",\"Settings\":[]}]"), 400);
        wapError(call(admin, "PUT", "plans/" + planId + "/Quota", "{\"RoleVMCount\":\"many\"}"), 400);
        wapError(call(admin, "PUT", "plans/" + UUID.randomUUID() + "/Quota", "{\"RoleVMCount\":1}"), 404);

        wapError(call(admin, "PUT", "subscriptions/" + subId, "{\"State\":\"Frozen\"}"), 400);
        wapError(call(admin, "GET", "subscriptions/" + UUID.randomUUID(), null), 404);
    }

    @Test
    void providerAccountsUseTheSpfVmmServiceOnly() throws Exception {
        String name = "wap-rp-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode user = ok(call(admin, "POST", "users", "{\"Name\":\"" + name
                + "\",\"Password\":\"provider-pass-1\",\"Role\":\"Provider\"}"), 201);
        assertEquals("Provider", user.get("Role").asText());
        Http provider = new Http(SharedGateway.get().uri(), name, "provider-pass-1");
        HttpResponse<String> vms = provider.get(SharedGateway.SPF + "VirtualMachines?$select=Name", "Accept", "application/json");
        assertEquals(200, vms.statusCode(), vms.body());
        assertEquals(Http.json(SharedGateway.admin().get(SharedGateway.SPF + "VirtualMachines?$select=Name", "Accept",
                "application/json")).get("value").size(), Http.json(vms).get("value").size(), "what the administrator sees");
        assertEquals(403, provider.get("SC2012R2/Admin/Microsoft.Management.Odata.svc/Stamps", "Accept",
                "application/json").statusCode(), "not the SPF Admin service");
        HttpResponse<String> token = http.send(http.request("auth/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + name
                        + "&password=provider-pass-1")));
        assertEquals(400, token.statusCode(), token.body());
        assertEquals("unauthorized_client", Http.json(token).get("error").asText(), "no token, so no WAP API");
        assertEquals(401, new Http(SharedGateway.get().uri(), name, "wrong-password-1")
                .get(SharedGateway.SPF + "Clouds", "Accept", "application/json").statusCode());
        wapError(call(admin, "POST", "users", "{\"Name\":\"x-" + name + "\",\"Password\":\"provider-pass-1\","
                + "\"Role\":\"Owner\"}"), 400);
    }

    @Test
    void theOperatorGetsTheLastHourOfLinkAndVolumeUse() {
        JsonNode history = ok(call(admin, "GET", "migration/history", null), 200);
        assertEquals(10, history.get("IntervalSeconds").asInt());
        JsonNode samples = history.get("Samples");
        assertTrue(samples.size() >= 1, "the running gateway samples at once: " + history);
        JsonNode last = samples.get(samples.size() - 1);
        assertTrue(last.get("At").asText().startsWith("20"), last.toString());
        assertTrue(last.get("Links").size() >= 1 && last.get("Links").get(0).get("BudgetBitsPerSecond").asLong() > 0);
        assertTrue(last.get("Volumes").size() >= 1 && last.get("Volumes").get(0).get("CapacityBytes").asLong() > 0);
        wapError(call(alice, "GET", "migration/history", null), 403);
    }

    @Test
    void tenantsSeeOnlyTheirOwnSubscriptions() {
        JsonNode a = ok(call(alice, "GET", "subscriptions/", null), 200);
        assertTrue(a.isArray(), a.toString());
        assertEquals(2, a.size(), a.toString());
        Set<String> ids = new HashSet<>();
        String successor = null;
        for (JsonNode s : a) {
            ids.add(s.get("SubscriptionId").asText());
            assertEquals("alice@contoso.example", s.get("AccountAdminLiveEmailId").asText());
            assertEquals("systemcenter", s.get("Services").get(0).get("Type").asText());
            if (!s.get("SuccessorSubscriptionId").isNull()) {
                successor = s.get("SuccessorSubscriptionId").asText();
            }
        }
        assertTrue(successor != null && ids.contains(successor), a.toString());
        JsonNode b = ok(call(bob, "GET", "subscriptions", null), 200);
        assertEquals(2, b.size());
        for (JsonNode s : b) {
            assertEquals("bob@fabrikam.example", s.get("AccountAdminLiveEmailId").asText());
            assertTrue(!ids.contains(s.get("SubscriptionId").asText()));
        }
        wapError(call(bob, "GET", "subscriptions/" + ids.iterator().next(), null), 404);
    }

    @Test
    void tenantTokenOnTheAdminApiIsForbidden() {
        wapError(call(alice, "GET", "plans", null), 403);
        wapError(call(alice, "GET", "users", null), 403);
        wapError(call(alice, "POST", "subscriptions", "{}"), 403);
        HttpResponse<String> none = http.send(http.request("subscriptions").GET());
        wapError(none, 401);
    }

    @Test
    void spfAdminServiceListsTheStamps() throws Exception {
        Http basic = SharedGateway.admin();
        HttpResponse<String> r = basic.get("SC2012R2/Admin/Microsoft.Management.Odata.svc/Stamps",
                "Accept", "application/json");
        JsonNode stamps = ok(r, 200);
        Set<String> names = new HashSet<>();
        stamps.get("value").forEach(s -> names.add(s.get("Name").asText()));
        assertTrue(names.containsAll(Set.of("GIO-V1", "GIO-V2")), names.toString());
        assertEquals(401, http.get("SC2012R2/Admin/Microsoft.Management.Odata.svc/Stamps").statusCode());
        assertEquals(200, basic.get("SC2012R2/Admin/Microsoft.Management.Odata.svc/Tenants",
                "Accept", "application/json").statusCode());
        assertEquals(200, basic.get("SC2012R2/Admin/Microsoft.Management.Odata.svc/Servers",
                "Accept", "application/json").statusCode());
    }
}
