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
 * the quota.
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
}
