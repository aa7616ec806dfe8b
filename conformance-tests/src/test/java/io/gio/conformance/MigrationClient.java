package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What {@link MigrationApiIT} does over HTTP as Alice: her two demo subscriptions (V1 Standard and
 * its successor V2 Premium) on both tenant paths, VMs of her own, and polling a migration.
 */
final class MigrationClient {

    static final String JSON = "application/json";
    static final Duration TIMEOUT = Duration.ofSeconds(300);

    final Http http;
    final String token;
    final UUID v1;
    final UUID v2;

    MigrationClient(Http anonymous, String user, String password, String tenant) {
        this.http = anonymous;
        this.token = TenantIsolationIT.token(anonymous, user, password);
        this.v1 = TenantIsolationIT.demoSubscription(tenant, "v1");
        this.v2 = TenantIsolationIT.demoSubscription(tenant, "v2");
    }

    /** WAP's tenant path of a subscription. */
    static String wap(UUID subscription) {
        return subscription + "/services/systemcenter/vmm/";
    }

    /** SPF's tenant-scoped path of a subscription. */
    static String spf(UUID subscription) {
        return "SC2012R2/VMM/" + subscription + "/Microsoft.Management.Odata.svc/";
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        if (body != null) {
            h.addAll(List.of("Content-Type", JSON));
        }
        h.addAll(List.of(headers));
        if (h.stream().noneMatch(x -> x.equalsIgnoreCase("Accept"))) {
            h.addAll(List.of("Accept", JSON));
        }
        return http.method(method, path, body, h.toArray(String[]::new));
    }

    JsonNode get(String path, String... headers) {
        HttpResponse<String> r = send("GET", path, null, headers);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Http.json(r);
    }

    JsonNode first(String path) {
        JsonNode v = get(path).get("value");
        assertEquals(true, v.size() > 0, path);
        return v.get(0);
    }

    /** The subscription's cloud (each demo subscription is bound to one). */
    JsonNode cloud(UUID subscription) {
        return first(wap(subscription) + "Clouds");
    }

    /** A new CentOS VM of Alice's in her V1 cloud, built (and started when asked). */
    JsonNode vm(String name, boolean start) throws Exception {
        String template = first(wap(v1) + "VMTemplates?$filter=Name%20eq%20'CentOS%20Linux%207%20(64%20bit)'")
                .get("ID").asText();
        HttpResponse<String> r = send("POST", wap(v1) + "VirtualMachines?RunAsynchronously=1", "{\"Name\":\"" + name
                + "\",\"VMTemplateId\":\"" + template + "\",\"NewVirtualNetworkAdapterInput\":[{\"VMNetworkName\":"
                + "\"Contoso Network\"}],\"StartVM\":" + start + "}");
        assertEquals(201, r.statusCode(), r.body());
        String job = r.headers().firstValue("x-ms-request-id").orElseThrow();
        assertEquals("Completed", awaitJob(wap(v1), job).get("Status").asText());
        return get(wap(v1) + "VirtualMachines" + key(Http.json(r)));
    }

    JsonNode awaitJob(String base, String job) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            JsonNode j = first(base + "Jobs?$filter=ID%20eq%20guid'" + job + "'");
            if (j.get("IsCompleted").asBoolean()) {
                return j;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job did not complete: " + j);
            }
            Thread.sleep(200);
        }
    }

    /** Polls an entity (OData 3 JSON, or OData 4 with the headers given) until its State is one of those given. */
    JsonNode await(String url, Set<String> states, String... headers) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            JsonNode m = get(url, headers);
            if (states.contains(m.get("State").asText())) {
                return m;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("migration did not reach " + states + ": " + m);
            }
            Thread.sleep(250);
        }
    }

    /** {@code (ID=guid'..',StampId=guid'..')} of an entity read in OData 3. */
    static String key(JsonNode e) {
        return "(ID=guid'" + e.get("ID").asText() + "',StampId=guid'" + e.get("StampId").asText() + "')";
    }

    /** {@code (ID=..,StampId=..)} in OData 4. */
    static String keyV4(JsonNode e) {
        return "(ID=" + e.get("ID").asText() + ",StampId=" + e.get("StampId").asText() + ")";
    }

    /** The body of a POST Migrations for a VM read in OData 3, with more members ({@code ,"Strategy":".."}). */
    static String request(JsonNode vm, String more) {
        return "{\"VMId\":\"" + vm.get("ID").asText() + "\",\"StampId\":\"" + vm.get("StampId").asText() + "\"" + more
                + "}";
    }
}
