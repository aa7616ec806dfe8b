package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Quotas hold under concurrency, over HTTP (issue: tenancy): with room for 10 more VMs in the
 * quota, fifty simultaneous creates by the tenant leave exactly ten more, and every refusal names
 * the quota. Resizes are held to the quota the same way: simultaneous resizes past it leave exactly
 * what fits, the refusals name the quota in either dialect, and a resize's reservation is settled
 * when its job ends.
 */
class QuotaRaceIT {

    private static final int CREATES = 50;
    private static final int QUOTA = 10;

    @Test
    void fiftyConcurrentCreatesAgainstAQuotaOfTenLeaveExactlyTen() throws Exception {
        Http http = new Http(SharedGateway.get().uri(), null, null);
        String admin = "Bearer " + TenantIsolationIT.token(http, "admin", GatewayProcess.ADMIN_PASSWORD);
        String bob = "Bearer " + TenantIsolationIT.token(http, "bob@fabrikam.example", GatewayProcess.DEMO_PASSWORD);
        UUID subscription = TenantIsolationIT.demoSubscription("Fabrikam", "v2");
        String base = subscription + "/services/systemcenter/vmm/";
        String[] asBob = {"Authorization", bob, "Accept", "application/json", "Content-Type", "application/json"};
        int before = Http.json(http.get(base + "VirtualMachines?$select=ID", asBob)).get("value").size();
        int limit = before + QUOTA;
        HttpResponse<String> quota = http.method("PUT", "subscriptions/" + subscription + "/quota?sync=true",
                "{\"RoleVMCount\":" + limit + "}", "Authorization", admin, "Content-Type", "application/json",
                "Accept", "application/json");
        assertEquals(200, quota.statusCode(), quota.body());
        JsonNode template = Http.json(http.get(base + "VMTemplates?$filter=substringof('CentOS',Name)", asBob))
                .get("value").get(0);

        ExecutorService pool = Executors.newFixedThreadPool(CREATES);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < CREATES; i++) {
                String body = "{\"Name\":\"race-" + i + "\",\"VMTemplateId\":\"" + template.get("ID").asText()
                        + "\",\"NewVirtualNetworkAdapterInput\":[{\"VMNetworkName\":\"Fabrikam Network\"}]}";
                results.add(pool.submit(() -> {
                    go.await();
                    return http.method("POST", base + "VirtualMachines?RunAsynchronously=1", body, asBob);
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<HttpResponse<String>> f : results) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 201) {
                    created++;
                } else {
                    assertEquals(400, r.statusCode(), r.body());
                    assertTrue(r.body().contains("quota of " + limit + " virtual machines"), r.body());
                }
            }
            assertEquals(QUOTA, created, "exactly the quota was created");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(limit, Http.json(http.get(base + "VirtualMachines?$select=ID", asBob)).get("value").size());
    }

    @Test
    void concurrentResizesPastTheProcessorQuotaLeaveExactlyWhatFits() throws Exception {
        WapFixture wap = new WapFixture(SharedGateway.get());
        WapFixture.Tenant t = wap.tenant(wap.plan("V1 Standard", ",\"Quota\":{\"RoleCPUCount\":6,\"RoleMemoryMB\":16384}"));
        List<JsonNode> vms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            vms.add(wap.vm(t, "resize-" + i, false, "PowerOff"));
        }
        String tenant = wap.token(t.user(), t.password());
        JsonNode usage = WapFixture.ok(wap.call(tenant, "GET", "subscriptions/" + t.subscription() + "/quota", null), 200);
        assertEquals(4, usage.get("Usage").get("CPUCount").asInt(), usage.toString());

        // 4 processors in use, room for 2 more: of four simultaneous resizes to 2 processors exactly two fit
        ExecutorService pool = Executors.newFixedThreadPool(vms.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try {
            for (JsonNode vm : vms) {
                results.add(pool.submit(() -> {
                    go.await();
                    return wap.call(tenant, "PUT", t.wap() + "VirtualMachines" + SpfV3ConformanceIT.key(vm)
                            + "?RunAsynchronously=1", "{\"CPUCount\":2}");
                }));
            }
            go.countDown();
            List<String> jobs = new ArrayList<>();
            for (Future<HttpResponse<String>> f : results) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 204) {
                    jobs.add(r.headers().firstValue("x-ms-request-id").orElseThrow());
                } else {
                    assertEquals(400, r.statusCode(), r.body());
                    assertTrue(Http.json(r).get("odata.error").get("message").get("value").asText()
                            .startsWith("The subscription's quota of 6 virtual processors"), r.body());
                }
            }
            assertEquals(2, jobs.size(), "exactly what fits was resized");
            for (String job : jobs) {
                assertEquals("Completed", wap.awaitJob(job).get("Status").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        usage = WapFixture.ok(wap.call(tenant, "GET", "subscriptions/" + t.subscription() + "/quota", null), 200);
        assertEquals(6, usage.get("Usage").get("CPUCount").asInt(), usage.toString());

        // OData 4 names the quota too, for memory as for processors; nothing changed
        JsonNode small = vms.stream().filter(v -> Http.json(wap.basicAdmin.get(WapFixture.SPF + "VirtualMachines"
                + SpfV3ConformanceIT.key(v), "Accept", "application/json")).get("CPUCount").asInt() == 1).findFirst()
                .orElseThrow();
        String v4Key = "(ID=" + small.get("ID").asText() + ",StampId=" + small.get("StampId").asText() + ")";
        HttpResponse<String> memory = wap.call(tenant, "PATCH", t.wap() + "VirtualMachines" + v4Key,
                "{\"Memory\":16384}", "OData-Version", "4.0");
        assertEquals(400, memory.statusCode(), memory.body());
        assertTrue(Http.json(memory).get("error").get("message").asText().contains("quota of 16384 MB of memory"),
                memory.body());
        assertEquals(2048, Http.json(wap.basicAdmin.get(WapFixture.SPF + "VirtualMachines" + SpfV3ConformanceIT.key(small),
                "Accept", "application/json")).get("Memory").asInt());

        // the finished resizes hold nothing any more: one more processor of quota is one more resize
        WapFixture.ok(wap.call(wap.admin, "PUT", "subscriptions/" + t.subscription() + "/quota",
                "{\"RoleCPUCount\":7}"), 200);
        HttpResponse<String> fits = wap.call(tenant, "PUT", t.wap() + "VirtualMachines" + SpfV3ConformanceIT.key(small),
                "{\"CPUCount\":2}");
        assertEquals(204, fits.statusCode(), fits.body());
        assertEquals(7, WapFixture.ok(wap.call(tenant, "GET", "subscriptions/" + t.subscription() + "/quota", null), 200)
                .get("Usage").get("CPUCount").asInt());
    }
}
