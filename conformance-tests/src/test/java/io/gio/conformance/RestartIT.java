package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Everything lives in the data directory: a restarted gateway has the same VMs, jobs and passwords. */
class RestartIT {

    private static final String SPF = SharedGateway.SPF;

    @Test
    void stateSurvivesARestartAndSecretsArePrintedOnce() throws Exception {
        Path dir = Files.createTempDirectory("gio-restart");
        String jobId;
        String vmUrl;
        try (GatewayProcess first = GatewayProcess.start(dir, "--sim-speed", "1")) {
            Http http = new Http(first.uri(), "admin", GatewayProcess.ADMIN_PASSWORD);
            assertEquals(200, http.get("healthz").statusCode());
            JsonNode vm = Http.json(http.get(SPF + "VirtualMachines?$filter=Name%20eq%20'app01'", "Accept",
                    "application/json")).get("value").get(0);
            vmUrl = SPF + "VirtualMachines" + SpfV3ConformanceIT.key(vm);
            // A start takes 30 simulated seconds: at real speed it is still running when we stop.
            HttpResponse<String> r = http.method("PUT", vmUrl + "?RunAsynchronously=1", "{\"Operation\":\"Start\"}",
                    "Content-Type", "application/json");
            assertEquals(204, r.statusCode(), r.body());
            jobId = r.headers().firstValue("x-ms-request-id").orElseThrow();
            JsonNode job = Http.json(http.get(SPF + "Jobs?$filter=ID%20eq%20guid'" + jobId + "'", "Accept",
                    "application/json")).get("value").get(0);
            assertFalse(job.get("IsCompleted").asBoolean());
        }
        try (GatewayProcess second = GatewayProcess.start(dir, "--sim-speed", "100")) {
            assertTrue(second.output().stream().noneMatch(l -> l.contains("Generated password")), second.output().toString());
            Http http = new Http(second.uri(), "admin", GatewayProcess.ADMIN_PASSWORD);
            long deadline = System.nanoTime() + 60_000_000_000L;
            JsonNode job;
            do {
                Thread.sleep(100);
                job = Http.json(http.get(SPF + "Jobs?$filter=ID%20eq%20guid'" + jobId + "'", "Accept",
                        "application/json")).get("value").get(0);
            } while (!job.get("IsCompleted").asBoolean() && System.nanoTime() < deadline);
            assertEquals("Completed", job.get("Status").asText(), job.toString());
            assertEquals("Running", Http.json(http.get(vmUrl, "Accept", "application/json")).get("Status").asText());
            assertEquals(13, Integer.parseInt(http.get(SPF + "VirtualMachines/$count").body()));
        }
    }

    @Test
    void generatedPasswordsArePrintedOnFirstStartOnlyAndKept() throws Exception {
        Path dir = Files.createTempDirectory("gio-secrets");
        String password;
        try (GatewayProcess first = GatewayProcess.start(dir, false, "--no-demo")) {
            String line = first.output().stream().filter(l -> l.contains("Generated password for 'admin'")).findFirst()
                    .orElseThrow(() -> new AssertionError(first.output().toString()));
            password = line.substring(line.lastIndexOf(' ') + 1);
            Http http = new Http(first.uri(), "admin", password);
            assertEquals("0", http.get(SPF + "VirtualMachines/$count").body());
            assertEquals("0", http.get(SPF + "Clouds/$count").body());
        }
        try (GatewayProcess second = GatewayProcess.start(dir, false, "--no-demo")) {
            assertTrue(second.output().stream().noneMatch(l -> l.contains("Generated password")), second.output().toString());
            assertEquals(200, new Http(second.uri(), "admin", password).get(SPF + "Clouds").statusCode());
        }
    }

    @Test
    void helpDescribesTheCommand() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("gio.gateway.home", "../gateway/target"), "gio-gateway.jar").toString(),
                "serve", "--help");
        Process p = pb.redirectErrorStream(true).start();
        String help = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        for (String option : new String[] {"--port", "--data", "--sim-speed", "--no-demo", "--demo-vms"}) {
            assertTrue(help.contains(option), help);
        }
        Process bad = new ProcessBuilder(pb.command().get(0), pb.command().get(1), pb.command().get(2), "serve",
                "--sim-speed", "0", "--data", Files.createTempDirectory("gio-bad").toString())
                .redirectErrorStream(true).start();
        String out = new String(bad.getInputStream().readAllBytes());
        assertEquals(2, bad.waitFor(), out);
        assertTrue(out.contains("--sim-speed must be a positive number"), out);
    }
}
