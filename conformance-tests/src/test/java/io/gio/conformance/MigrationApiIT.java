package io.gio.conformance;

import static io.gio.conformance.MigrationClient.key;
import static io.gio.conformance.MigrationClient.keyV4;
import static io.gio.conformance.MigrationClient.request;
import static io.gio.conformance.MigrationClient.spf;
import static io.gio.conformance.MigrationClient.wap;
import static io.gio.conformance.SharedGateway.SPF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's API over HTTP, as Alice: she migrates VMs of her own from her V1 Standard subscription's
 * cloud to the cloud of its successor (V2 Premium) on the shared gateway (simulated clock x200),
 * watches them, commands them (Rollback, Cutover, Commit, Cancel) in both dialects and on both
 * tenant paths, sees the moved VM, its {@code .vhdx} disk and the jobs; and the refusals.
 */
class MigrationApiIT {

    static final String V4 = "OData-Version";
    static Http admin;
    static MigrationClient alice;
    static JsonNode v2Cloud;

    @BeforeAll
    static void start() throws Exception {
        admin = SharedGateway.admin();
        alice = new MigrationClient(admin.anonymous(), "alice@contoso.example", GatewayProcess.DEMO_PASSWORD, "Contoso");
        v2Cloud = alice.cloud(alice.v2);
    }

    @Test
    void aMigrationToTheSuccessorCompletesAndRollsBackInOData3() throws Exception {
        JsonNode vm = alice.vm("mig-it-rollback", true);
        HttpResponse<String> posted = alice.send("POST", wap(alice.v1) + "Migrations", request(vm, ""));
        assertEquals(201, posted.statusCode(), posted.body());
        assertTrue(posted.headers().firstValue("Location").orElse("").contains("Migrations(ID=guid'"));
        String job = posted.headers().firstValue("x-ms-request-id").orElseThrow();
        JsonNode m = Http.json(posted);
        assertEquals(v2Cloud.get("ID").asText(), m.get("TargetCloudId").asText(), "the successor's cloud by default");
        assertEquals("Automatic", m.get("CutoverMode").asText());
        assertEquals(vm.get("StampId").asText(), m.get("StampId").asText(), "keyed by the source stamp");
        String url = wap(alice.v1) + "Migrations" + key(m);

        m = alice.await(url, Set.of("Completed", "Failed"));
        assertEquals("Completed", m.get("State").asText(), m.toString());
        assertEquals(100, m.get("Progress").asInt());
        assertTrue(Double.parseDouble(m.get("DowntimeSeconds").asText()) > 0, "measured downtime: " + m);
        JsonNode j = alice.first(wap(alice.v1) + "Jobs?$filter=ID%20eq%20guid'" + job + "'");
        assertEquals("Completed", j.get("Status").asText());
        assertTrue(j.get("Name").asText().startsWith("Migrate virtual machine"), j.toString());

        // The moved VM is in the successor's cloud, with its disk converted to VHDX.
        String target = m.get("TargetVMId").asText();
        JsonNode moved = alice.first(wap(alice.v2) + "VirtualMachines?$filter=ID%20eq%20guid'" + target
                + "'&$expand=VirtualHardDisks");
        assertEquals("mig-it-rollback", moved.get("Name").asText());
        assertEquals("Running", moved.get("Status").asText());
        JsonNode disk = moved.get("VirtualHardDisks").get(0);
        assertTrue(disk.get("Location").asText().endsWith(".vhdx") && disk.get("Name").asText().endsWith(".vhdx"),
                disk.toString());

        // The timeline: navigation, $orderby, $top, $expand and $filter, from both subscriptions.
        JsonNode last = alice.get(url + "/Events?$orderby=Seq%20desc&$top=2").get("value");
        assertEquals(2, last.size());
        assertTrue(last.get(0).get("Seq").asInt() > last.get(1).get("Seq").asInt());
        JsonNode expanded = alice.first(wap(alice.v2) + "Migrations?$filter=ID%20eq%20guid'" + m.get("ID").asText()
                + "'&$expand=Events");
        assertTrue(expanded.get("Events").size() >= 4, expanded.toString());
        assertEquals(1, alice.get(wap(alice.v1) + "MigrationEvents?$filter=MigrationId%20eq%20guid'"
                + m.get("ID").asText() + "'%20and%20startswith(Message,'Completed')").get("value").size());

        // The retained source may not change while the migration can roll back.
        HttpResponse<String> start = alice.send("PUT", wap(alice.v1) + "VirtualMachines" + key(vm),
                "{\"Operation\":\"Start\"}");
        assertEquals(409, start.statusCode(), start.body());
        assertTrue(start.body().contains(m.get("ID").asText()), start.body());
        JsonNode drive = alice.get(wap(alice.v1) + "VirtualMachines" + key(vm) + "/VirtualDiskDrives").get("value")
                .get(0);
        HttpResponse<String> grow = alice.send("POST", wap(alice.v1) + "VirtualDiskDrives" + key(drive) + "/Expand",
                "{\"VirtualHardDiskSizeGB\":500}");
        assertEquals(409, grow.statusCode(), "nor its disks: " + grow.body());
        HttpResponse<String> unknown = alice.send("PUT", url, "{\"Operation\":\"Explode\"}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals(405, alice.send("DELETE", url, null).statusCode());

        // Rollback, from the successor's side.
        HttpResponse<String> rollback = alice.send("MERGE", wap(alice.v2) + "Migrations" + key(m),
                "{\"Operation\":\"Rollback\"}");
        assertEquals(204, rollback.statusCode(), rollback.body());
        String rollbackJob = rollback.headers().firstValue("x-ms-request-id").orElseThrow();
        m = alice.await(url, Set.of("RolledBack", "Failed"));
        assertEquals("RolledBack", m.get("State").asText(), m.toString());
        assertEquals("Completed", alice.awaitJob(wap(alice.v2), rollbackJob).get("Status").asText());
        assertEquals(0, alice.get(wap(alice.v2) + "VirtualMachines?$filter=ID%20eq%20guid'" + target + "'")
                .get("value").size(), "the target VM is gone");
        assertEquals("Running", alice.get(wap(alice.v1) + "VirtualMachines" + key(vm)).get("Status").asText());
        HttpResponse<String> late = alice.send("PUT", url, "{\"Operation\":\"Commit\"}");
        assertEquals(409, late.statusCode(), late.body());
    }

    @Test
    void confirmCutoverAndCommitInOData4OnSpfsTenantPath() throws Exception {
        JsonNode vm = alice.vm("mig-it-commit", false);
        String base = spf(alice.v1);
        HttpResponse<String> posted = alice.send("POST", base + "Migrations", request(vm,
                ",\"CutoverMode\":\"Confirm\",\"Strategy\":\"Auto\",\"TargetCPUCount\":2"), V4, "4.0");
        assertEquals(201, posted.statusCode(), posted.body());
        assertTrue(posted.headers().firstValue("x-ms-request-id").isPresent());
        JsonNode m = Http.json(posted);
        assertTrue(m.has("@odata.context"), m.toString());
        assertEquals(2, m.get("TargetCPUCount").asInt());
        String url = base + "Migrations" + keyV4(m);

        m = alice.await(url, Set.of("AwaitingCutover", "Failed"), V4, "4.0");
        assertEquals("AwaitingCutover", m.get("State").asText(), m.toString());
        HttpResponse<String> cutover = alice.send("PATCH", url, "{\"Operation\":\"Cutover\"}", V4, "4.0");
        assertEquals(204, cutover.statusCode(), cutover.body());
        m = alice.await(url, Set.of("Completed", "Failed"), V4, "4.0");
        assertEquals("Completed", m.get("State").asText(), m.toString());
        assertTrue(m.get("DowntimeSeconds").isNull(), "the VM was off: no downtime");
        HttpResponse<String> again = alice.send("PATCH", url, "{\"Operation\":\"Cutover\"}", V4, "4.0");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("Completed"), again.body());

        HttpResponse<String> commit = alice.send("PATCH", url, "{\"Operation\":\"Commit\"}", V4, "4.0");
        assertEquals(204, commit.statusCode(), commit.body());
        m = alice.await(url, Set.of("Committed"), V4, "4.0");
        assertEquals(404, alice.send("GET", base + "VirtualMachines" + keyV4(vm), null, V4, "4.0").statusCode(),
                "the source VM is deleted");
        JsonNode moved = alice.first(wap(alice.v2) + "VirtualMachines?$filter=ID%20eq%20guid'"
                + m.get("TargetVMId").asText() + "'");
        assertEquals(2, moved.get("CPUCount").asInt());
        JsonNode listed = alice.get(base + "Migrations?$filter=State%20eq%20'Committed'%20and%20VMId%20eq%20"
                + vm.get("ID").asText() + "&$count=true&$expand=Events", V4, "4.0");
        assertEquals(1, listed.get("@odata.count").asInt(), listed.toString());
        assertTrue(listed.get("value").get(0).get("Events").size() >= 4);
    }

    @Test
    void refusalsAndAtom() throws Exception {
        JsonNode bobVm = Http.json(admin.get(SPF + "VirtualMachines?$filter=Name%20eq%20'fab-web01'", "Accept",
                "application/json")).get("value").get(0);
        HttpResponse<String> bobs = alice.send("POST", wap(alice.v1) + "Migrations", request(bobVm, ""));
        assertEquals(404, bobs.statusCode(), "another tenant's VM is missing: " + bobs.body());

        JsonNode vm = alice.vm("mig-it-refusals", false);
        String past = Instant.now().minus(1, ChronoUnit.DAYS).toString();
        String future = Instant.now().plus(3650, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        HttpResponse<String> window = alice.send("POST", wap(alice.v1) + "Migrations",
                request(vm, ",\"NotBefore\":\"" + past + "\""));
        assertEquals(400, window.statusCode(), window.body());
        assertTrue(window.body().contains("past"), window.body());
        HttpResponse<String> cpus = alice.send("POST", wap(alice.v1) + "Migrations", request(vm, ",\"TargetCPUCount\":65"));
        assertEquals(400, cpus.statusCode(), cpus.body());
        HttpResponse<String> strategy = alice.send("POST", wap(alice.v1) + "Migrations",
                request(vm, ",\"Strategy\":\"Teleport\""), V4, "4.0");
        assertEquals(400, strategy.statusCode(), strategy.body());
        assertTrue(strategy.body().contains("SmbTransfer"), strategy.body());

        // Atom, as the WCF Data Services client asks; then the same VM again: 409.
        HttpResponse<String> atom = alice.send("POST", spf(alice.v1) + "Migrations",
                request(vm, ",\"NotBefore\":\"" + future + "\""), "Accept", "application/atom+xml");
        assertEquals(201, atom.statusCode(), atom.body());
        assertTrue(atom.body().contains("<entry") && atom.body().contains("<d:State>Scheduled</d:State>"), atom.body());
        HttpResponse<String> twice = alice.send("POST", wap(alice.v1) + "Migrations", request(vm, ""));
        assertEquals(409, twice.statusCode(), twice.body());
        assertTrue(twice.body().contains("already migrating"), twice.body());

        JsonNode scheduled = alice.first(wap(alice.v1) + "Migrations?$filter=VMId%20eq%20guid'" + vm.get("ID").asText()
                + "'");
        HttpResponse<String> bobReads = admin.anonymous().get(wap(TenantIsolationIT.demoSubscription("Fabrikam", "v1"))
                + "Migrations" + key(scheduled), "Authorization", "Bearer " + TenantIsolationIT.token(admin.anonymous(),
                "bob@fabrikam.example", GatewayProcess.DEMO_PASSWORD), "Accept", "application/json");
        assertEquals(404, bobReads.statusCode(), bobReads.body());
        JsonNode asAdmin = Http.json(admin.get(SPF + "Migrations" + key(scheduled), "Accept", "application/json"));
        assertEquals("Scheduled", asAdmin.get("State").asText());

        HttpResponse<String> cancel = alice.send("PUT", wap(alice.v1) + "Migrations" + key(scheduled),
                "{\"Operation\":\"Cancel\"}");
        assertEquals(204, cancel.statusCode(), cancel.body());
        JsonNode cancelled = alice.await(wap(alice.v1) + "Migrations" + key(scheduled), Set.of("Cancelled"));
        assertFalse(cancelled.get("Phase").asText().isEmpty());
        JsonNode job = alice.awaitJob(wap(alice.v1), cancel.headers().firstValue("x-ms-request-id").orElseThrow());
        assertEquals("Completed", job.get("Status").asText());
    }

    @Test
    void theTargetsQuotaIsHeldFromTheRequestOn() throws Exception {
        String adminToken = TenantIsolationIT.token(admin.anonymous(), "admin", GatewayProcess.ADMIN_PASSWORD);
        String quota = "subscriptions/" + alice.v2 + "/quota";
        long used = Http.json(admin.anonymous().get(quota, "Authorization", "Bearer " + adminToken, "Accept",
                "application/json")).get("Usage").get("VMCount").asLong();
        HttpResponse<String> set = admin.anonymous().method("PUT", quota, "{\"RoleVMCount\":" + (used + 1) + "}",
                "Authorization", "Bearer " + adminToken, "Content-Type", "application/json", "Accept", "application/json");
        assertEquals(200, set.statusCode(), set.body());
        try {
            String later = ",\"NotBefore\":\"" + Instant.now().plus(3650, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                    + "\"";
            JsonNode one = alice.vm("mig-it-quota-1", false);
            JsonNode two = alice.vm("mig-it-quota-2", false);
            HttpResponse<String> negative = alice.send("POST", wap(alice.v1) + "Migrations",
                    request(one, later + ",\"TargetCPUCount\":-3"));
            assertEquals(400, negative.statusCode(), negative.body());
            assertTrue(negative.body().contains("at least 1"), negative.body());
            HttpResponse<String> first = alice.send("POST", wap(alice.v1) + "Migrations", request(one, later));
            assertEquals(201, first.statusCode(), first.body());
            HttpResponse<String> second = alice.send("POST", wap(alice.v1) + "Migrations", request(two, later));
            assertEquals(400, second.statusCode(), "the first scheduled migration holds the last VM: " + second.body());
            assertTrue(second.body().contains("quota"), second.body());
            JsonNode held = Http.json(first);
            assertEquals(204, alice.send("PUT", wap(alice.v1) + "Migrations" + key(held), "{\"Operation\":\"Cancel\"}")
                    .statusCode());
            alice.await(wap(alice.v1) + "Migrations" + key(held), Set.of("Cancelled"));
            HttpResponse<String> again = alice.send("POST", wap(alice.v1) + "Migrations", request(two, later));
            assertEquals(201, again.statusCode(), "a cancelled migration holds nothing: " + again.body());
            assertEquals(204, alice.send("PUT", wap(alice.v1) + "Migrations" + key(Http.json(again)),
                    "{\"Operation\":\"Cancel\"}").statusCode());
            alice.await(wap(alice.v1) + "Migrations" + key(Http.json(again)), Set.of("Cancelled"));
        } finally {
            admin.anonymous().method("DELETE", quota, null, "Authorization", "Bearer " + adminToken);
        }
    }
}
