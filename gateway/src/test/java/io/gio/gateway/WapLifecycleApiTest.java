package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.spf.SpfAdapter;
import io.gio.spf.demo.DemoTenancy;
import io.gio.spf.vm.CreateVmRequest;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WAP's admin API for the end of things, in process: updating and deleting users, deleting subscriptions. */
class WapLifecycleApiTest {

    private static final String ALICE = "alice@contoso.example";

    private InProcessGateway gw;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private String admin;

    @BeforeEach
    void setUp() throws Exception {
        gw = new InProcessGateway("waplife");
        driver = gw.driver;
        adapter = gw.adapter;
        admin = gw.adminToken();
    }

    @AfterEach
    void tearDown() throws Exception {
        gw.close();
    }

    private Response token(String user, String password) {
        return gw.token(user, password);
    }

    private String tokenOf(String user, String password) throws Exception {
        return gw.tokenOf(user, password);
    }

    private Invocation.Builder as(String token, String path) {
        return gw.as(token, path);
    }

    private static JsonNode json(Response r, int status) throws Exception {
        return InProcessGateway.json(r, status);
    }

    private static String error(Response r, int status) {
        return InProcessGateway.error(r, status);
    }

    private static Entity<String> body(String json) {
        return InProcessGateway.body(json);
    }

    /** A VM still being created: its copy takes real seconds, so the removal has to wait for it. */
    private void vmUnderCreation(UUID subscription) {
        var s = adapter.subscriptions().get(subscription);
        UUID template = (UUID) adapter.reader(io.gio.spf.query.Scope.unrestricted())
                .list(io.gio.spf.query.EntityQuery.all("VMTemplates")).stream()
                .filter(t -> t.get("StampId").equals(s.stampId())
                        && t.get("Name").toString().startsWith("Windows Server 2012 R2"))
                .findFirst().orElseThrow().get("ID");
        adapter.vmProvisioning().create(new CreateVmRequest(s.stampId(), s.cloudId(), "busy", Optional.empty(),
                Optional.empty(), Optional.of(template), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), List.of(), false), "admin");
    }

    private Invocation.Builder as(String token, String path, String param, String value) {
        return gw.target(path).queryParam(param, value).request().header("Authorization", "Bearer " + token);
    }

    @Test
    void deletingASubscriptionAnswers202AndWorksInTheBackground() throws Exception {
        UUID sub = DemoTenancy.subscriptionId("Contoso", true);
        vmUnderCreation(sub);
        assertTrue(error(as(admin, "subscriptions/" + sub, "force", "maybe").delete(), 400).contains("force"));
        String alice = tokenOf(ALICE, "demo-password-1");
        error(as(alice, "subscriptions/" + sub).delete(), 403);
        JsonNode deleting = json(as(admin, "subscriptions/" + sub, "force", "false").delete(), 202);
        assertEquals(3, deleting.get("State").asInt());
        assertEquals(sub.toString(), deleting.get("SubscriptionID").asText());
        assertTrue(deleting.get("LastErrorMessage").isNull());
        // its VM is still being created: the subscription stays Deleting meanwhile, and cannot come back
        assertEquals(3, json(as(alice, "subscriptions/" + sub).get(), 200).get("State").asInt());
        assertTrue(error(as(admin, "subscriptions/" + sub).put(body("{\"State\":1}")), 409).contains("being deleted"));
        error(as(admin, "subscriptions/" + UUID.randomUUID()).delete(), 404);
        error(as(admin, "subscriptions/not-a-guid").delete(), 400);
        // PUT with State 3 deletes too
        UUID bobV2 = DemoTenancy.subscriptionId("Fabrikam", true);
        assertEquals(3, json(as(admin, "subscriptions/" + bobV2).put(body("{\"State\":\"Deleting\"}")), 200)
                .get("State").asInt());
        for (int i = 0; i < 100 && as(admin, "subscriptions/" + bobV2).get().getStatus() != 404; i++) {
            Thread.sleep(50);
        }
        error(as(admin, "subscriptions/" + bobV2).get(), 404);
    }

    @Test
    void usersAreSuspendedReactivatedAndUpdated() throws Exception {
        String alice = tokenOf(ALICE, "demo-password-1");
        assertEquals(200, as(alice, "auth/me").get().getStatus());
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((ALICE + ":demo-password-1")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String spfTenant = "SC2012R2/VMM/" + DemoTenancy.subscriptionId("Contoso", false)
                + "/Microsoft.Management.Odata.svc/Clouds";
        assertEquals(200, gw.target(spfTenant).request().header("Authorization", basic).get().getStatus());
        JsonNode u = json(as(admin, "users/" + ALICE).get(), 200);
        assertEquals(1, u.get("State").asInt(), "WAP: 1 is Active");
        assertEquals(false, u.get("LoginDisabled").asBoolean());

        JsonNode suspended = json(as(admin, "users/" + ALICE).put(body("{\"Name\":\"" + ALICE + "\",\"Email\":\""
                + ALICE + "\",\"State\":2,\"ActivationSyncState\":0}")), 200);
        assertEquals(2, suspended.get("State").asInt());
        assertEquals(true, suspended.get("LoginDisabled").asBoolean());
        assertEquals(401, as(alice, "auth/me").get().getStatus(), "its token stops working");
        Response refused = token(ALICE, "demo-password-1");
        assertEquals(400, refused.getStatus());
        assertTrue(refused.readEntity(String.class).contains("invalid_grant"));
        assertEquals(401, gw.target(spfTenant).request().header("Authorization", basic).get().getStatus(),
                "Basic credentials too, at once");

        JsonNode active = json(as(admin, "users/" + ALICE).put(body("{\"State\":\"Active\",\"Email\":"
                + "\"alice.w@contoso.example\",\"Password\":\"alice-new-pass-1\"}")), 200);
        assertEquals(1, active.get("State").asInt());
        assertEquals("alice.w@contoso.example", active.get("Email").asText());
        assertEquals(ALICE, active.get("Name").asText());
        assertEquals(400, token(ALICE, "demo-password-1").getStatus(), "the old password is gone");
        tokenOf(ALICE, "alice-new-pass-1");

        assertTrue(error(as(admin, "users/" + ALICE).put(body("{\"State\":0}")), 400).contains("PendingValidation"));
        assertTrue(error(as(admin, "users/" + ALICE).put(body("{\"State\":7}")), 400).contains("State"));
        assertTrue(error(as(admin, "users/" + ALICE).put(body("{\"State\":true}")), 400).contains("State"));
        assertTrue(error(as(admin, "users/" + ALICE).put(body("{\"Name\":\"mallory\"}")), 400).contains("renamed"));
        assertTrue(error(as(admin, "users/" + ALICE).put(body("{\"Password\":\"short\"}")), 400)
                .contains("Password"));
        error(as(admin, "users/" + ALICE).put(body("[1]")), 400);
        error(as(admin, "users/nobody@nowhere").put(body("{\"State\":2}")), 404);
        assertTrue(error(as(admin, "users/admin").put(body("{\"State\":2}")), 400).contains("administrator"));
        error(as(tokenOf(ALICE, "alice-new-pass-1"), "users/" + ALICE).put(body("{\"State\":2}")), 403);
    }

    @Test
    void usersAreDeletedWithTheirSubscriptionsOnlyWhenAsked() throws Exception {
        json(as(admin, "users").post(body("{\"Name\":\"erin@example.test\",\"Password\":\"erin-pass-1\"}")), 201);
        Response gone = as(admin, "users/erin@example.test").delete();
        assertEquals(202, gone.getStatus());
        error(as(admin, "users/erin@example.test").get(), 404);

        String bob = tokenOf("bob@fabrikam.example", "demo-password-1");
        String held = error(as(admin, "users/bob@fabrikam.example").delete(), 409);
        assertTrue(held.contains(DemoTenancy.subscriptionId("Fabrikam", false).toString()), held);
        assertTrue(error(as(admin, "users/bob@fabrikam.example", "deleteSubscriptions", "yes").delete(), 400)
                .contains("deleteSubscriptions"));
        error(as(admin, "users/nobody@nowhere").delete(), 404);
        assertTrue(error(as(admin, "users/admin", "deleteSubscriptions", "true").delete(), 400).contains("administrator"));

        assertEquals(202, as(admin, "users/bob@fabrikam.example", "deleteSubscriptions", "true").delete().getStatus());
        assertEquals(401, as(bob, "subscriptions/").get().getStatus(), "a user being deleted cannot use its token");
        JsonNode pending = json(as(admin, "users/bob@fabrikam.example").get(), 200);
        assertEquals(3, pending.get("State").asInt());
        assertEquals(3, json(as(admin, "subscriptions/" + DemoTenancy.subscriptionId("Fabrikam", false)).get(), 200)
                .get("State").asInt());
    }
}
