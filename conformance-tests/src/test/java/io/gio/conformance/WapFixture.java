package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the black-box suites that make their own tenants share, over HTTP only: tokens from
 * {@code /auth/token}, WAP management calls with a Bearer token, a plan / user / subscription of
 * the test's own on a demo stamp, and VMs the administrator creates in a subscription's cloud
 * through the SPF service.
 */
final class WapFixture {

    static final String SPF = "SC2012R2/VMM/Microsoft.Management.Odata.svc/";
    static final String[] JSON = {"Accept", "application/json", "Content-Type", "application/json"};

    /** A subscription of the test's own: its account, password, IDs and tenant service path. */
    record Tenant(String user, String password, String subscription, String cloudId, String stampId) {
        String wap() {
            return subscription + "/services/systemcenter/vmm/";
        }
    }

    final Http http;
    final Http basicAdmin;
    final String admin;

    WapFixture(GatewayProcess gateway) {
        this.basicAdmin = new Http(gateway.uri(), "admin", GatewayProcess.ADMIN_PASSWORD);
        this.http = basicAdmin.anonymous();
        this.admin = token("admin", GatewayProcess.ADMIN_PASSWORD);
    }

    /** The password grant's response. */
    HttpResponse<String> tokenResponse(String user, String password) {
        return http.send(http.request("auth/token").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username="
                        + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8))));
    }

    String token(String user, String password) {
        HttpResponse<String> r = tokenResponse(user, password);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).get("access_token").asText();
    }

    /** A WAP management (or tenant service) call with a Bearer token and JSON. */
    HttpResponse<String> call(String token, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = http.request(path).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("x-ms-principal-id", "conformance");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b);
    }

    static JsonNode ok(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        return r.body().isEmpty() ? null : Http.json(r);
    }

    /** The demo plan's stamp ID: {@code V1 Standard} is on GIO-V1, {@code V2 Premium} on GIO-V2. */
    String stampOf(String demoPlan) {
        for (JsonNode p : ok(call(admin, "GET", "plans", null), 200)) {
            if (p.get("Name").asText().equals(demoPlan)) {
                return p.get("StampId").asText();
            }
        }
        throw new AssertionError("no plan " + demoPlan);
    }

    /** A public plan on the stamp of {@code demoPlan}; {@code extra} adds JSON members (",\"Quota\":{..}"). */
    String plan(String demoPlan, String extra) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return ok(call(admin, "POST", "plans", "{\"DisplayName\":\"IT " + suffix + "\",\"StampId\":\""
                + stampOf(demoPlan) + "\",\"State\":1" + extra + "}"), 201).get("Id").asText();
    }

    /** A new tenant user with a subscription to {@code planId}. */
    Tenant tenant(String planId) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String user = "it-" + suffix + "@example.test";
        String password = "it-password-" + suffix;
        ok(call(admin, "POST", "users", "{\"Name\":\"" + user + "\",\"Password\":\"" + password + "\"}"), 201);
        JsonNode s = ok(call(admin, "POST", "subscriptions", "{\"SubscriptionName\":\"IT " + suffix
                + "\",\"AccountAdminLiveEmailId\":\"" + user + "\",\"PlanId\":\"" + planId + "\"}"), 201);
        return new Tenant(user, password, s.get("SubscriptionID").asText(), s.get("CloudId").asText(),
                s.get("StampId").asText());
    }

    /** The ID of the stamp's template named {@code name}. */
    String template(String stampId, String name) {
        JsonNode v = Http.json(basicAdmin.get(SPF + "VMTemplates?$filter=Name%20eq%20'" + name.replace(" ", "%20")
                + "'%20and%20StampId%20eq%20guid'" + stampId + "'", "Accept", "application/json")).get("value");
        return v.get(0).get("ID").asText();
    }

    /** A CentOS 7 VM (1 vCPU, 2 GB) the administrator creates in the tenant's cloud; waits until it is {@code status}. */
    JsonNode vm(Tenant t, String name, boolean start, String status) throws Exception {
        HttpResponse<String> r = basicAdmin.method("POST", SPF + "VirtualMachines?RunAsynchronously=1",
                "{\"StampId\":\"" + t.stampId() + "\",\"CloudId\":\"" + t.cloudId() + "\",\"Name\":\"" + name
                        + "\",\"VMTemplateId\":\"" + template(t.stampId(), "CentOS Linux 7 (64 bit)") + "\",\"StartVM\":"
                        + start + "}", JSON);
        JsonNode vm = ok(r, 201);
        return awaitVm(vm, v -> v.get("Status").asText().equals(status));
    }

    /** Reads the VM as the administrator until {@code done}; 60 s at most. */
    JsonNode awaitVm(JsonNode vm, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> r = basicAdmin.get(SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm), "Accept",
                    "application/json");
            JsonNode now = ok(r, 200);
            if (done.test(now)) {
                return now;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the VM did not get there: " + now);
            }
            Thread.sleep(100);
        }
    }

    /** Waits for a job the administrator can see; returns it completed. */
    JsonNode awaitJob(String jobId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode job = Http.json(basicAdmin.get(SPF + "Jobs?$filter=ID%20eq%20guid'" + jobId + "'", "Accept",
                    "application/json")).get("value").get(0);
            if (job.get("IsCompleted").asBoolean()) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job did not complete: " + job);
            }
            Thread.sleep(100);
        }
    }

    /** Repeats a GET until it answers {@code status}; 60 s at most. */
    HttpResponse<String> awaitStatus(String token, String path, int status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> r = call(token, "GET", path, null);
            if (r.statusCode() == status) {
                return r;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(path + " still answers " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(100);
        }
    }
}
