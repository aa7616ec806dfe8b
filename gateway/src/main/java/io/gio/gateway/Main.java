package io.gio.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gio-gateway}: the one entry point. */
@Command(name = "gio-gateway", mixinStandardHelpOptions = true, version = "GIO Gateway 0.1.0",
        description = "Speaks the SPF/WAP VM Clouds API over a pluggable cluster driver.",
        subcommands = {Main.Serve.class, RotateKeys.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Held so the JDK keeps the levels (it references loggers weakly). */
    private static final java.util.List<java.util.logging.Logger> QUIETED = java.util.List.of(
            quiet("org.glassfish.grizzly", java.util.logging.Level.WARNING),
            // Jersey warns that resource instances are not providers; they are registered as resources.
            quiet("org.glassfish.jersey.internal.inject.Providers", java.util.logging.Level.SEVERE));

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    private static java.util.logging.Logger quiet(String name, java.util.logging.Level level) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(level);
        return logger;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Runs the gateway (default: simulated fabric, embedded store, demo data; a real fabric"
                    + " such as --fabric libvirt gets no demo data).")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--port", description = "TCP port to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "8090")
        int port;

        @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
        String host;

        @Option(names = "--data", description = "Data directory for the embedded store (default: ${DEFAULT-VALUE}).",
                defaultValue = "data")
        Path data;

        @Option(names = "--sim-speed", description = "Run the simulated clock N times faster than real time (default: ${DEFAULT-VALUE}).",
                defaultValue = "1")
        double simSpeed;

        @Option(names = "--no-demo", description = "Do not seed the demo topology, tenants and VMs.")
        boolean noDemo;

        @Option(names = "--demo-vms", description = "Add N more demo VMs spread over the demo tenants (default: ${DEFAULT-VALUE}).",
                defaultValue = "0")
        int demoVms;

        @Option(names = "--fabric", paramLabel = "NAME", defaultValue = "sim",
                description = "The cluster driver: sim (simulated Hyper-V fabric) or libvirt (KVM/QEMU hosts)"
                        + " (default: ${DEFAULT-VALUE}).")
        String fabric;

        @Option(names = "--libvirt-uri", paramLabel = "URI",
                description = "A libvirt host of the libvirt fabric, e.g. qemu:///system or qemu+ssh://root@h1/system;"
                        + " repeat it for several hosts (one stamp). Same as --fabric-setting uris=URI,URI.")
        List<String> libvirtUris = new ArrayList<>();

        @Option(names = "--fabric-setting", paramLabel = "NAME=VALUE",
                description = "A setting of the chosen driver (gio.cluster.<driver>.NAME), e.g."
                        + " stamps=GIO-KVM1=qemu+ssh://h1/system,qemu+ssh://h2/system;GIO-KVM2=qemu+ssh://h3/system."
                        + " Java system properties gio.cluster.<driver>.NAME are read too; flags win.")
        List<String> fabricSettings = new ArrayList<>();

        @Option(names = "--bench-endpoints", description = "Also serve the benchmark-only plain-JSON ceiling under /bench/"
                + " (same Basic authentication; see docs/performance.md).")
        boolean benchEndpoints;

        @Override
        public Integer call() throws InterruptedException {
            GatewayConfig config;
            try {
                config = config(env("GIO_ADMIN_PASSWORD"), env("GIO_DEMO_PASSWORD"));
            } catch (IllegalArgumentException e) {
                System.err.println("gio-gateway: " + e.getMessage());
                return 2;
            }
            GatewayServer server;
            try {
                server = GatewayServer.start(config, System.out);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Main.class).debug("Start-up failed", e);
                System.err.println("gio-gateway: cannot start: " + rootMessage(e));
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "gio-shutdown"));
            stopped.await();
            return 0;
        }

        /**
         * The configuration the options describe. Demo data exists on the simulated fabric only: a
         * real fabric starts without it, as with {@code --no-demo}.
         */
        GatewayConfig config(Optional<String> adminPassword, Optional<String> demoPassword) {
            Map<String, String> settings = new LinkedHashMap<>();
            String prefix = "gio.cluster." + fabric + ".";
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(prefix)).sorted()
                    .forEach(n -> settings.put(n.substring(prefix.length()), System.getProperty(n)));
            for (String setting : fabricSettings) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--fabric-setting takes NAME=VALUE, got '" + setting + "'");
                }
                String name = setting.substring(0, eq).trim();
                settings.put(name.startsWith(prefix) ? name.substring(prefix.length()) : name, setting.substring(eq + 1));
            }
            if (!libvirtUris.isEmpty()) {
                if (!"libvirt".equals(fabric)) {
                    throw new IllegalArgumentException("--libvirt-uri needs --fabric libvirt");
                }
                settings.put("uris", String.join(",", libvirtUris));
            }
            boolean simulated = "sim".equals(fabric);
            return GatewayConfig.defaults().withHost(host).withPort(port).withDataDir(data)
                    .withFabric(fabric, settings)
                    .withSim(simSpeed, !noDemo && simulated, simulated ? demoVms : 0)
                    .withPasswords(adminPassword, demoPassword)
                    .withBenchEndpoints(benchEndpoints);
        }

        private static String rootMessage(Throwable e) {
            StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                    sb.append(": ").append(c.getMessage());
                }
            }
            return sb.toString();
        }

        private static Optional<String> env(String name) {
            String v = System.getenv(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
        }
    }
}
