package io.gio.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One gateway for the suites that only need a running demo, started on first use. */
final class SharedGateway {
    static final String SPF = "SC2012R2/VMM/Microsoft.Management.Odata.svc/";
    private static GatewayProcess gateway;

    private SharedGateway() {}

    static synchronized GatewayProcess get() throws IOException {
        if (gateway == null) {
            Path dir = Files.createTempDirectory("gio-conformance");
            gateway = GatewayProcess.start(dir, "--sim-speed", "200", "--demo-vms", "150");
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
        }
        return gateway;
    }

    static Http admin() throws IOException {
        return new Http(get().uri(), "admin", GatewayProcess.ADMIN_PASSWORD);
    }
}
