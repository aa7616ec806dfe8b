package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JavaScript suites under {@code src/test/js}: third-party OData clients and CSDL parsers
 * that run in Node against the started gateway. The first use copies that project to
 * {@code target/js-clients} and installs its locked dependencies there with {@code npm ci}; each
 * suite then runs as {@code node --test FILE}, with the service root and the admin credentials
 * in {@code GIO_SPF_URL}, {@code GIO_USER} and {@code GIO_PASSWORD}. Node's spec report is
 * printed; its TAP report is read for the counts.
 */
final class NodeSuite {

    private static final long INSTALL_MINUTES = 10;
    private static final long RUN_MINUTES = 10;
    private static final int MIN_NODE_MAJOR = 18;
    private static final Pattern TAP_COUNT = Pattern.compile("^# (tests|pass|fail|cancelled|skipped|todo) (\\d+)$",
            Pattern.MULTILINE);
    private static final Pattern NOT_OK = Pattern.compile("^\\s*not ok .*$", Pattern.MULTILINE);
    private static Path installed;

    private NodeSuite() {
    }

    /**
     * The outcome of one suite.
     *
     * @param exitCode node's exit code
     * @param output node's spec report and anything it wrote to stderr
     * @param counts the TAP summary: tests, pass, fail, cancelled, skipped, todo
     * @param failures the TAP lines of the tests that failed
     */
    record Result(int exitCode, String output, Map<String, Integer> counts, List<String> failures) {

        /** Asserts that node passed every test of the suite, and that it ran at least {@code minimum} of them. */
        void assertAllPassed(int minimum) {
            String report = "node's report:\n" + output;
            assertEquals(List.of(), failures, report);
            assertEquals(0, exitCode, report);
            int tests = counts.getOrDefault("tests", 0);
            assertTrue(tests >= minimum, "only " + tests + " tests ran, expected at least " + minimum + "\n" + report);
            assertEquals(tests, counts.getOrDefault("pass", -1), report);
            for (String none : List.of("fail", "cancelled", "skipped", "todo")) {
                assertEquals(0, counts.getOrDefault(none, -1), none + "\n" + report);
            }
        }
    }

    /** The installed copy of the JavaScript project, installing it on first use. */
    static synchronized Path installed() throws IOException, InterruptedException {
        if (installed == null) {
            Path source = Path.of(System.getProperty("gio.js.source", "src/test/js"));
            Path work = Path.of(System.getProperty("gio.js.work", "target/js-clients"));
            copyProject(source, work);
            requireNode(work);
            Outcome npm = exec(work, Map.of(), INSTALL_MINUTES, "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline");
            if (npm.exitCode() != 0) {
                throw new IllegalStateException("npm ci failed in " + work.toAbsolutePath() + ":\n" + npm.output());
            }
            installed = work;
        }
        return installed;
    }

    /**
     * Runs one suite against a gateway.
     *
     * @param gateway the started gateway
     * @param testFile the suite, relative to {@code src/test/js}
     */
    static Result run(GatewayProcess gateway, String testFile) throws IOException, InterruptedException {
        Path dir = installed();
        Path tap = dir.resolve(testFile + ".tap").toAbsolutePath();
        Files.deleteIfExists(tap);
        String root = gateway.uri().toString();
        Map<String, String> env = Map.of(
                "GIO_SPF_URL", (root.endsWith("/") ? root : root + "/") + SharedGateway.SPF,
                "GIO_USER", "admin",
                "GIO_PASSWORD", GatewayProcess.ADMIN_PASSWORD);
        Outcome node = exec(dir, env, RUN_MINUTES, "node", "--test",
                "--test-reporter=spec", "--test-reporter-destination=stdout",
                "--test-reporter=tap", "--test-reporter-destination=" + tap, testFile);
        System.out.println("---- node --test " + testFile + " ----\n" + node.output());
        String report = Files.exists(tap) ? Files.readString(tap, StandardCharsets.UTF_8) : "";
        return new Result(node.exitCode(), node.output(), counts(report), failures(report));
    }

    private static Map<String, Integer> counts(String tap) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher m = TAP_COUNT.matcher(tap);
        while (m.find()) {
            counts.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return counts;
    }

    private static List<String> failures(String tap) {
        List<String> failures = new ArrayList<>();
        Matcher m = NOT_OK.matcher(tap);
        while (m.find()) {
            failures.add(m.group().trim());
        }
        return failures;
    }

    /** Fails with a clear message when node is missing or too old for {@code node --test} reporters. */
    private static void requireNode(Path dir) throws IOException, InterruptedException {
        Outcome version;
        try {
            version = exec(dir, Map.of(), 1, "node", "--version");
        } catch (IOException e) {
            throw new IllegalStateException("node and npm are needed for the JavaScript client suites"
                    + " (.ci/run installs them: apt-get install nodejs npm)", e);
        }
        Matcher m = Pattern.compile("v(\\d+)\\.").matcher(version.output());
        if (!m.find() || Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException("node " + MIN_NODE_MAJOR + ".19 or later is needed, found: " + version.output());
        }
    }

    /** Copies the project without any node_modules a developer may have installed in the source tree. */
    private static void copyProject(Path source, Path work) throws IOException {
        if (!Files.isRegularFile(source.resolve("package-lock.json"))) {
            throw new IllegalStateException("No JavaScript project at " + source.toAbsolutePath());
        }
        deleteTree(work);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().contains("node_modules")) {
                    continue;
                }
                Path target = work.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome exec(Path dir, Map<String, String> env, long timeoutMinutes, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("npm_config_update_notifier", "false");
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> copy(p.getInputStream(), out), "drain-" + command[0]);
        drain.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            drain.join(10_000);
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutMinutes
                    + " minutes:\n" + out.toString(StandardCharsets.UTF_8));
        }
        drain.join(10_000);
        return new Outcome(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
