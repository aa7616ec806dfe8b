package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The end of things in WAP's admin API, black-box: deleting a subscription answers 202 at once and
 * removes it in the background as WAP does (running VMs turned off, every VM deleted through the
 * normal job paths, then its cloud; finally the subscription is gone); users are suspended (no
 * sign-in, no token), reactivated, updated, and deleted with their subscriptions only when asked.
 */
class WapLifecycleIT {

    @Test
    void deletingASubscriptionRemovesItsVmsThenItInTheBackground() throws Exception {
        WapFixture wap = new WapFixture(SharedGateway.get());
        WapFixture.Tenant t = wap.tenant(wap.plan("V1 Standard", ""));
        JsonNode running = wap.vm(t, "doomed-running", true, "Running");
        JsonNode stopped = wap.vm(t, "doomed-stopped", false, "PowerOff");
        String tenant = wap.token(t.user(), t.password());
        assertEquals(2, Http.json(wap.call(tenant, "GET", t.wap() + "VirtualMachines", null)).get("value").size());

        Instant asked = Instant.now();
        HttpResponse<String> delete = wap.call(wap.admin, "DELETE", "subscriptions/" + t.subscription(), null);
        JsonNode deleting = WapFixture.ok(delete, 202);
        assertEquals(3, deleting.get("State").asInt(), "Deleting");
        assertTrue(Duration.between(asked, Instant.now()).toSeconds() < 10, "the request does not wait for the VMs");
        HttpResponse<String> write = wap.call(tenant, "PUT", t.wap() + "VirtualMachines"
                + SpfV3ConformanceIT.key(stopped), "{\"Operation\":\"Start\"}");
        assertTrue(write.statusCode() == 403 || write.statusCode() == 404, write.statusCode() + " " + write.body());

        wap.awaitStatus(wap.admin, "subscriptions/" + t.subscription(), 404);
        for (JsonNode vm : new JsonNode[] {running, stopped}) {
            assertEquals(404, wap.basicAdmin.get(WapFixture.SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm),
                    "Accept", "application/json").statusCode());
            Set<String> jobs = new TreeSet<>();
            for (JsonNode j : Http.json(wap.basicAdmin.get(WapFixture.SPF + "Jobs?$filter=TargetObjectID%20eq%20guid'"
                    + vm.get("ID").asText() + "'", "Accept", "application/json")).get("value")) {
                assertEquals("Completed", j.get("Status").asText(), j.toString());
                jobs.add(j.get("Name").asText());
            }
            assertTrue(jobs.contains("Remove virtual machine"), jobs.toString());
            if (vm == running) {
                assertTrue(jobs.contains("Stop virtual machine"), "turned off first: " + jobs);
            }
        }
        assertEquals(0, Http.json(wap.basicAdmin.get(WapFixture.SPF + "Clouds?$filter=ID%20eq%20guid'" + t.cloudId()
                + "'", "Accept", "application/json")).get("value").size(), "the cloud made for it is gone");
        assertEquals(0, WapFixture.ok(wap.call(tenant, "GET", "subscriptions/", null), 200).size());
        assertEquals(404, wap.call(tenant, "GET", t.wap() + "VirtualMachines", null).statusCode());
        assertEquals(400, wap.call(wap.admin, "DELETE", "subscriptions/" + t.subscription() + "?force=perhaps", null)
                .statusCode());
    }

    @Test
    void usersAreSuspendedUpdatedAndDeletedWithTheirSubscriptions() throws Exception {
        WapFixture wap = new WapFixture(SharedGateway.get());
        WapFixture.Tenant t = wap.tenant(wap.plan("V1 Standard", ""));
        String user = "users/" + t.user();
        String tenant = wap.token(t.user(), t.password());
        assertEquals(1, WapFixture.ok(wap.call(wap.admin, "GET", user, null), 200).get("State").asInt());

        JsonNode suspended = WapFixture.ok(wap.call(wap.admin, "PUT", user, "{\"Name\":\"" + t.user() + "\",\"Email\":\""
                + t.user() + "\",\"State\":2}"), 200);
        assertEquals(2, suspended.get("State").asInt());
        HttpResponse<String> signIn = wap.tokenResponse(t.user(), t.password());
        assertEquals(400, signIn.statusCode(), signIn.body());
        assertEquals("invalid_grant", Http.json(signIn).get("error").asText());
        assertEquals(401, wap.call(tenant, "GET", "subscriptions/", null).statusCode(), "its token stops working");

        JsonNode active = WapFixture.ok(wap.call(wap.admin, "PUT", user, "{\"State\":\"Active\",\"Email\":"
                + "\"someone@example.test\"}"), 200);
        assertEquals(1, active.get("State").asInt());
        assertEquals("someone@example.test", active.get("Email").asText());
        tenant = wap.token(t.user(), t.password());
        assertEquals(1, WapFixture.ok(wap.call(tenant, "GET", "subscriptions/", null), 200).size());
        for (String bad : new String[] {"{\"State\":0}", "{\"State\":9}", "{\"Name\":\"someone-else\"}", "{\"Password\":1}",
                "not json"}) {
            HttpResponse<String> r = wap.call(wap.admin, "PUT", user, bad);
            assertEquals(400, r.statusCode(), bad + " -> " + r.body());
            assertTrue(r.body().contains("<Error xmlns=\"http://schemas.microsoft.com/windowsazure\""), r.body());
        }
        assertEquals(404, wap.call(wap.admin, "PUT", "users/nobody@nowhere.test", "{\"State\":2}").statusCode());
        assertEquals(403, wap.call(tenant, "PUT", user, "{\"State\":2}").statusCode());

        HttpResponse<String> held = wap.call(wap.admin, "DELETE", user, null);
        assertEquals(409, held.statusCode(), held.body());
        assertTrue(held.body().contains(t.subscription()), held.body());
        assertEquals(202, wap.call(wap.admin, "DELETE", user + "?deleteSubscriptions=true", null).statusCode());
        assertEquals(401, wap.call(tenant, "GET", "subscriptions/", null).statusCode());
        wap.awaitStatus(wap.admin, user, 404);
        assertEquals(404, wap.call(wap.admin, "GET", "subscriptions/" + t.subscription(), null).statusCode());
        assertEquals(404, wap.call(wap.admin, "DELETE", user, null).statusCode());
    }
}
