package io.gio.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway, started as a separate process on a free port with its own data
 * directory, exactly as {@code bin/gio-gateway serve} runs it. Ready when it prints its
 * "listening" line.
 */
final class GatewayProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "conformance-admin-1";
    static final String DEMO_PASSWORD = "conformance-demo-1";
    private static final Pattern LISTENING = Pattern.compile("GIO Gateway listening on (http://\\S+)");

    private final Process process;
    private final URI uri;
    private final Path dataDir;
    private final List<String> output;

    private GatewayProcess(Process process, URI uri, Path dataDir, List<String> output) {
        this.process = process;
        this.uri = uri;
        this.dataDir = dataDir;
        this.output = output;
    }

    static GatewayProcess start(Path dataDir, String... extraArgs) throws IOException {
        return start(dataDir, true, extraArgs);
    }

    /** @param setPasswords whether to choose the passwords through the environment (else the gateway generates them) */
    static GatewayProcess start(Path dataDir, boolean setPasswords, String... extraArgs) throws IOException {
        Path home = Path.of(System.getProperty("gio.gateway.home", "../gateway/target"));
        Path jar = home.resolve("gio-gateway.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("The packaged gateway is missing: " + jar.toAbsolutePath());
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString(), "serve", "--host", "127.0.0.1",
                "--port", "0", "--data", dataDir.toString()));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("GIO_ADMIN_PASSWORD");
        pb.environment().remove("GIO_DEMO_PASSWORD");
        if (setPasswords) {
            pb.environment().put("GIO_ADMIN_PASSWORD", ADMIN_PASSWORD);
            pb.environment().put("GIO_DEMO_PASSWORD", DEMO_PASSWORD);
        }
        pb.environment().put("GIO_LOG_LEVEL", "WARN");
        Process p = pb.start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        ready.complete(URI.create(m.group(1)));
                    }
                }
                ready.completeExceptionally(new IllegalStateException("gateway exited: " + String.join("\n", output)));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "gateway-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI uri = ready.get(180, TimeUnit.SECONDS);
            return new GatewayProcess(p, uri, dataDir, output);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("The gateway did not start: " + e.getMessage() + "\n" + String.join("\n", output), e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    URI uri() {
        return uri;
    }

    Path dataDir() {
        return dataDir;
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** The gateway's own process: the JVM started with {@code java -jar}, no wrapper script. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Kills the gateway's JVM with SIGKILL (kill -9: no shutdown hook, no close, nothing flushed)
     * and waits for it to be gone. Returns its exit status (137 on Linux: 128 + SIGKILL).
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway (pid " + process.pid() + ") did not die");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
