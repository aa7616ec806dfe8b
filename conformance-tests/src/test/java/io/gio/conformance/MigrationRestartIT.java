package io.gio.conformance;

import static io.gio.conformance.MigrationClient.key;
import static io.gio.conformance.MigrationClient.request;
import static io.gio.conformance.MigrationClient.wap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's safety clause, black-box: after a kill -9 of the gateway, every migration resumes or
 * rolls back on restart, and none is lost or run twice.
 *
 * <p>The test runs its own gateway on its own data directory (simulated clock x{@value #SPEED}) and
 * moves Alice's demo VMs from her V1 cloud to her V2 successor's cloud. It kills the gateway's JVM
 * with SIGKILL three times in all: while {@code sql01} is {@code Precopying} (mid base copy), a few
 * milliseconds after a migration of {@code dc01} was acknowledged (201), and while {@code files01}
 * is {@code CuttingOver} with {@code ExportImport} (mid copy of the whole disks, the source
 * stopped). After each restart on the same data directory every migration is still listed under its
 * ID with its job, goes on from where it was, and ends: Completed with exactly one VM of its name in
 * the target cloud, one of each milestone in its timeline and its job completed; or Failed with the
 * source VM running again and no VM left in the target cloud.
 */
class MigrationRestartIT {

    /** At x100, 400 MB/s of copy is 40 GB a second: sql01's 350 GiB base copy takes 9 s, files01's 170 GiB 4.5 s. */
    static final String SPEED = "100";
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final Set<String> FORWARD = Set.of("Precopying", "AwaitingCutover", "CuttingOver", "Verifying", "Completed");
    /** Timeline entries every completed migration records once; two of one would mean a step ran twice. */
    static final List<String> EVERY = List.of("Scheduled:", "Stopping the source VM", "Source VM stopped",
            "Importing the VM on the target", "Target VM imported", "Content verified", "Completed");
    /** ... and those of its strategy: a pre-copy (SmbTransfer, which Auto picks here) or ExportImport. */
    static final List<String> PRECOPY = List.of("Pre-copy started", "Copy of the base disks started",
            "Copy of the base disks done");
    static final List<String> EXPORT = List.of("Cutting over:", "Export copy of the whole disks started",
            "Export copy of the whole disks done");
    static final List<String> MILESTONES = concat(EVERY, concat(PRECOPY, EXPORT));

    /** A migration as posted: its ID, URL (Alice's V1 path), job, and its VM's name and key. */
    record Posted(String id, String url, String job, String vmName, String vmKey) {}

    @Test
    void everyMigrationResumesAfterKill9AndNoneIsLostOrRunTwice() throws Exception {
        Path dir = Files.createTempDirectory("gio-migration-restart");
        List<String> summary = new ArrayList<>();
        List<Long> pids = new ArrayList<>();

        // --- First life: sql01 pre-copies; kill -9 mid base copy, right after dc01's migration is acknowledged.
        GatewayProcess first = GatewayProcess.start(dir, "--sim-speed", SPEED);
        Posted sql01;
        Posted dc01;
        JsonNode atKill1;
        double ackToKillMillis;
        try {
            MigrationClient alice = alice(first);
            JsonNode vm = vm(alice, "sql01");
            assertEquals("Running", vm.get("Status").asText(), vm.toString());
            sql01 = schedule(alice, vm, "");
            atKill1 = poll(alice, sql01, m -> m.get("State").asText().equals("Precopying")
                    && m.get("BytesTransferred").asLong() * 10 >= m.get("BytesTotal").asLong(), Set.of("Precopying"));
            JsonNode small = vm(alice, "dc01");
            pids.add(assertJvm(first));
            dc01 = schedule(alice, small, ""); // acknowledged with 201 ...
            long acked = System.nanoTime();
            assertKilled(first); // ... and killed at once
            ackToKillMillis = (System.nanoTime() - acked) / 1e6;
        } finally {
            first.close();
        }
        summary.add(String.format(Locale.ROOT, "kill -9 of pid %d: sql01 %s at %.0f%% (%s), dc01 %.1f ms after its 201"
                + " (to the JVM's exit)", pids.get(0), atKill1.get("State").asText(), percent(atKill1),
                atKill1.get("Phase").asText(), ackToKillMillis));

        // --- Second life: both are there and go on; sql01 and dc01 complete, once each.
        GatewayProcess second = GatewayProcess.start(dir, "--sim-speed", SPEED);
        Posted files01;
        JsonNode atKill2;
        try {
            MigrationClient alice = alice(second);
            JsonNode resumed = listed(alice, sql01);
            assertTrue(FORWARD.contains(resumed.get("State").asText()),
                    "sql01 was Precopying when killed; on restart it is " + resumed);
            JsonNode acked = listed(alice, dc01);
            assertTrue(acked.get("State").asText().equals("Scheduled") || FORWARD.contains(acked.get("State").asText()),
                    "dc01 was just scheduled when killed; on restart it is " + acked);
            summary.add(String.format(Locale.ROOT, "restarted: sql01 %s at %.0f%%, dc01 %s",
                    resumed.get("State").asText(), percent(resumed), acked.get("State").asText()));

            JsonNode m1 = completedOnce(alice, sql01, PRECOPY);
            JsonNode m0 = completedOnce(alice, dc01, PRECOPY);
            summary.add(String.format(Locale.ROOT, "sql01 %s (downtime %s s), dc01 %s (downtime %s s)",
                    m1.get("State").asText(), m1.get("DowntimeSeconds").asText(), m0.get("State").asText(),
                    m0.get("DowntimeSeconds").asText()));

            // files01 is Saved: resumed first, so that the cut-over stops a running VM.
            JsonNode vm = vm(alice, "files01");
            HttpResponse<String> start = alice.send("PUT", wap(alice.v1) + "VirtualMachines" + key(vm)
                    + "?RunAsynchronously=1", "{\"Operation\":\"Start\"}");
            assertEquals(204, start.statusCode(), start.body());
            assertEquals("Completed", alice.awaitJob(wap(alice.v1), start.headers().firstValue("x-ms-request-id")
                    .orElseThrow()).get("Status").asText());
            vm = vm(alice, "files01");
            assertEquals("Running", vm.get("Status").asText(), vm.toString());
            files01 = schedule(alice, vm, ",\"Strategy\":\"ExportImport\"");
            atKill2 = poll(alice, files01, m -> m.get("State").asText().equals("CuttingOver")
                    && m.get("BytesTransferred").asLong() * 10 >= m.get("BytesTotal").asLong(),
                    Set.of("Scheduled", "CuttingOver"));
            assertEquals("ExportImport", atKill2.get("Strategy").asText());
            assertEquals("PowerOff", vm(alice, "files01").get("Status").asText(), "the source is off in the cut-over");
            pids.add(assertJvm(second));
            assertKilled(second);
        } finally {
            second.close();
        }
        summary.add(String.format(Locale.ROOT, "kill -9 of pid %d: files01 %s at %.0f%% (%s)", pids.get(1),
                atKill2.get("State").asText(), percent(atKill2), atKill2.get("Phase").asText()));

        // --- Third life: files01 resumes its cut-over and ends; the others are still listed, unchanged.
        GatewayProcess third = GatewayProcess.start(dir, "--sim-speed", SPEED);
        try {
            MigrationClient alice = alice(third);
            JsonNode resumed = listed(alice, files01);
            assertTrue(Set.of("CuttingOver", "Verifying", "Completed", "RollingBack", "Failed")
                    .contains(resumed.get("State").asText()), "files01 was CuttingOver when killed; now " + resumed);
            summary.add(String.format(Locale.ROOT, "restarted: files01 %s at %.0f%%", resumed.get("State").asText(),
                    percent(resumed)));
            for (Posted done : List.of(sql01, dc01)) {
                assertEquals("Completed", listed(alice, done).get("State").asText());
                assertEquals(1, namedInTarget(alice, done.vmName()).size(), done.vmName() + " in the target cloud");
            }

            JsonNode m2 = alice.await(files01.url(), Set.of("Completed", "Failed", "RolledBack"));
            String outcome = m2.get("State").asText();
            if (outcome.equals("Completed")) {
                m2 = completedOnce(alice, files01, EXPORT);
                String downtime = m2.get("DowntimeSeconds").asText();
                // The source comes back on a rollback: it runs again, and the target cloud has no files01.
                HttpResponse<String> rollback = alice.send("MERGE", files01.url(), "{\"Operation\":\"Rollback\"}");
                assertEquals(204, rollback.statusCode(), rollback.body());
                JsonNode back = alice.await(files01.url(), Set.of("RolledBack", "Failed"));
                assertEquals("RolledBack", back.get("State").asText(), back.toString());
                assertEquals("Completed", alice.awaitJob(wap(alice.v1), rollback.headers()
                        .firstValue("x-ms-request-id").orElseThrow()).get("Status").asText());
                assertEquals("Running", vm(alice, "files01").get("Status").asText());
                assertEquals(0, namedInTarget(alice, "files01").size(), "the rollback removed the target VM");
                summary.add("files01 Completed (downtime " + downtime + " s, killed mid cut-over), then RolledBack"
                        + " with the source Running");
            } else {
                assertEquals("Failed", alice.awaitJob(wap(alice.v1), files01.job()).get("Status").asText());
                assertEquals("Running", vm(alice, "files01").get("Status").asText(),
                        "a failed migration leaves the source VM running again: " + m2);
                assertEquals(0, namedInTarget(alice, "files01").size(), "no target VM is left: " + m2);
                summary.add("files01 " + outcome + " (" + m2.get("Error").asText() + ") with the source Running again");
            }
        } finally {
            third.close();
        }
        System.out.println("MigrationRestartIT: " + String.join("; ", summary));
    }

    private static MigrationClient alice(GatewayProcess gateway) {
        return new MigrationClient(new Http(gateway.uri(), null, null), "alice@contoso.example",
                GatewayProcess.DEMO_PASSWORD, "Contoso");
    }

    /** One of Alice's VMs in her V1 cloud, by name. */
    private static JsonNode vm(MigrationClient alice, String name) {
        JsonNode v = alice.get(wap(alice.v1) + "VirtualMachines?$filter=Name%20eq%20'" + name + "'").get("value");
        assertEquals(1, v.size(), name + ": " + v);
        return v.get(0);
    }

    /** The VMs of that name in Alice's V2 (target) cloud. */
    private static JsonNode namedInTarget(MigrationClient alice, String name) {
        return alice.get(wap(alice.v2) + "VirtualMachines?$filter=Name%20eq%20'" + name + "'").get("value");
    }

    private static Posted schedule(MigrationClient alice, JsonNode vm, String more) {
        HttpResponse<String> posted = alice.send("POST", wap(alice.v1) + "Migrations", request(vm, more));
        assertEquals(201, posted.statusCode(), posted.body());
        JsonNode m = Http.json(posted);
        String job = posted.headers().firstValue("x-ms-request-id").orElseThrow();
        return new Posted(m.get("ID").asText(), wap(alice.v1) + "Migrations" + key(m), job,
                vm.get("Name").asText(), key(vm));
    }

    /**
     * Polls a migration fast until {@code ready}; fails when it leaves {@code allowed} first (the phase
     * to catch was too short) or the time is up.
     */
    private static JsonNode poll(MigrationClient alice, Posted p, Predicate<JsonNode> ready, Set<String> allowed)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            JsonNode m = alice.get(p.url());
            if (ready.test(m)) {
                return m;
            }
            String state = m.get("State").asText();
            assertTrue(allowed.contains(state) || state.equals("Scheduled"), p.vmName()
                    + " went past the phase to kill it in: " + m);
            assertTrue(Instant.now().isBefore(deadline), p.vmName() + " did not reach the phase: " + m);
            Thread.sleep(30);
        }
    }

    /** The process the test kills is the gateway's JVM itself, not a wrapper; returns its pid. */
    private static long assertJvm(GatewayProcess gateway) {
        String command = gateway.handle().info().command().orElse("java");
        assertTrue(command.endsWith("java") || command.endsWith("java.exe"), "the gateway's process is " + command);
        return gateway.handle().pid();
    }

    /** SIGKILL to the gateway's JVM: it dies with 128 + 9. */
    private static void assertKilled(GatewayProcess gateway) throws InterruptedException {
        assertEquals(137, gateway.kill(), "killed by SIGKILL");
    }

    /** The migration is listed under its ID and readable by key, with its job, after a restart. */
    private static JsonNode listed(MigrationClient alice, Posted p) {
        JsonNode v = alice.get(wap(alice.v1) + "Migrations?$filter=ID%20eq%20guid'" + p.id() + "'").get("value");
        assertEquals(1, v.size(), "migration " + p.id() + " of " + p.vmName() + " is lost: " + v);
        assertEquals(p.id(), v.get(0).get("ID").asText());
        JsonNode byKey = alice.get(p.url());
        assertEquals(p.id(), byKey.get("ID").asText());
        job(alice, p);
        return byKey;
    }

    private static JsonNode job(MigrationClient alice, Posted p) {
        JsonNode v = alice.get(wap(alice.v1) + "Jobs?$filter=ID%20eq%20guid'" + p.job() + "'").get("value");
        assertEquals(1, v.size(), "the job of migration " + p.id() + " is lost");
        return v.get(0);
    }

    /**
     * Awaits Completed and its job completed, then: exactly one VM of the name in the target cloud (the
     * migration's target, running); a timeline with consecutive Seq and each milestone once.
     */
    private static JsonNode completedOnce(MigrationClient alice, Posted p, List<String> strategyMilestones)
            throws InterruptedException {
        JsonNode m = alice.await(p.url(), Set.of("Completed", "Failed", "RolledBack"));
        assertEquals("Completed", m.get("State").asText(), m.toString());
        assertTrue(Double.parseDouble(m.get("DowntimeSeconds").asText()) > 0, "measured downtime: " + m);
        // The job ends once the VMM view has caught up with the migration (jobs are synced after the view).
        JsonNode job = alice.awaitJob(wap(alice.v1), p.job());
        assertEquals("Completed", job.get("Status").asText(), job.toString());

        JsonNode named = namedInTarget(alice, p.vmName());
        assertEquals(1, named.size(), "one " + p.vmName() + " in the target cloud, not more: " + named);
        assertEquals(m.get("TargetVMId").asText(), named.get(0).get("ID").asText());
        assertEquals("Running", named.get(0).get("Status").asText());
        assertNotEquals(m.get("VMId").asText(), m.get("TargetVMId").asText());
        assertEquals("PowerOff", alice.get(wap(alice.v1) + "VirtualMachines" + p.vmKey()).get("Status").asText(),
                "the source is retained, stopped, until Commit");

        JsonNode events = alice.get(p.url() + "/Events?$orderby=Seq").get("value");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertEquals(i + 1, e.get("Seq").asInt(), "Seq is 1, 2, 3, ...: " + events);
            String message = e.get("Message").asText();
            MILESTONES.stream().filter(message::startsWith).forEach(ms -> seen.merge(ms, 1, Integer::sum));
        }
        seen.forEach((ms, n) -> assertEquals(1, n, "'" + ms + "' " + n + " times in " + p.vmName() + "'s timeline: "
                + events));
        for (String ms : concat(EVERY, strategyMilestones)) {
            assertEquals(1, seen.getOrDefault(ms, 0), "'" + ms + "' once in " + p.vmName() + "'s timeline: " + events);
        }
        return m;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static double percent(JsonNode m) {
        long total = m.get("BytesTotal").asLong();
        return total == 0 ? 0 : 100.0 * m.get("BytesTransferred").asLong() / total;
    }
}
