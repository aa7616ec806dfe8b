package io.gio.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's configuration, validated before the server binds. Defaults live in
 * {@link #defaults()}; flags and environment variables override them.
 *
 * @param host the address to bind ({@code 0.0.0.0} for all interfaces)
 * @param driver the cluster driver's factory name ({@code sim} by default)
 * @param simSpeed how many times faster than real time the simulated clock runs
 * @param demo whether a new data directory gets the demo topology and tenants
 * @param demoVms extra demo VMs to seed (spread over the demo tenants)
 * @param adminPassword the admin password to set on first start; generated when empty
 * @param demoPassword the demo tenants' password to set on first start; generated when empty
 * @param syncWait how long a synchronous SPF command waits for its job before answering
 * @param pageSize the largest page of an OData 4 collection response (OData 3 clients get everything)
 * @param driverSettings the driver's settings, {@code gio.cluster.<driver>.*} without the prefix
 * @param benchEndpoints whether the benchmark-only {@code /bench/} resources are served (off by default)
 */
public record GatewayConfig(
        String host,
        int port,
        Path dataDir,
        String driver,
        double simSpeed,
        boolean demo,
        int demoVms,
        Optional<String> adminPassword,
        Optional<String> demoPassword,
        Duration syncWait,
        int pageSize,
        Map<String, String> driverSettings,
        boolean benchEndpoints) {

    public GatewayConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(driver, "driver is null");
        requireNonNull(adminPassword, "adminPassword is null");
        requireNonNull(demoPassword, "demoPassword is null");
        requireNonNull(syncWait, "syncWait is null");
        driverSettings = Map.copyOf(requireNonNull(driverSettings, "driverSettings is null"));
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        if (!(simSpeed > 0) || Double.isInfinite(simSpeed)) {
            throw new IllegalArgumentException("--sim-speed must be a positive number, got " + simSpeed);
        }
        if (simSpeed != 1.0 && !"sim".equals(driver)) {
            throw new IllegalArgumentException("--sim-speed applies to the simulated fabric only; the '" + driver
                    + "' fabric runs in real time");
        }
        if (demoVms < 0) {
            throw new IllegalArgumentException("--demo-vms must not be negative, got " + demoVms);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive, got " + pageSize);
        }
        adminPassword.ifPresent(p -> requireStrong("GIO_ADMIN_PASSWORD", p));
        demoPassword.ifPresent(p -> requireStrong("GIO_DEMO_PASSWORD", p));
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig("0.0.0.0", 8090, Path.of("data"), "sim", 1.0, true, 0, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(60), 1000, Map.of(), false);
    }

    public GatewayConfig withPort(int p) {
        return new GatewayConfig(host, p, dataDir, driver, simSpeed, demo, demoVms, adminPassword, demoPassword,
                syncWait, pageSize, driverSettings, benchEndpoints);
    }

    public GatewayConfig withDataDir(Path d) {
        return new GatewayConfig(host, port, d, driver, simSpeed, demo, demoVms, adminPassword, demoPassword,
                syncWait, pageSize, driverSettings, benchEndpoints);
    }

    public GatewayConfig withSim(double speed, boolean withDemo, int vms) {
        return new GatewayConfig(host, port, dataDir, driver, speed, withDemo, vms, adminPassword, demoPassword,
                syncWait, pageSize, driverSettings, benchEndpoints);
    }

    public GatewayConfig withPasswords(Optional<String> admin, Optional<String> tenants) {
        return new GatewayConfig(host, port, dataDir, driver, simSpeed, demo, demoVms, admin, tenants, syncWait,
                pageSize, driverSettings, benchEndpoints);
    }

    public GatewayConfig withHost(String h) {
        return new GatewayConfig(h, port, dataDir, driver, simSpeed, demo, demoVms, adminPassword, demoPassword,
                syncWait, pageSize, driverSettings, benchEndpoints);
    }

    /**
     * The cluster driver by factory name ({@code sim}, {@code libvirt}, ...) and its settings
     * ({@code gio.cluster.<name>.*} without the prefix).
     */
    public GatewayConfig withFabric(String name, Map<String, String> settings) {
        return new GatewayConfig(host, port, dataDir, name, simSpeed, demo, demoVms, adminPassword, demoPassword,
                syncWait, pageSize, settings, benchEndpoints);
    }

    /** Whether the fabric is the simulated one, the only one with a virtual clock and demo data. */
    public boolean simulated() {
        return "sim".equals(driver);
    }

    public GatewayConfig withBenchEndpoints(boolean on) {
        return new GatewayConfig(host, port, dataDir, driver, simSpeed, demo, demoVms, adminPassword, demoPassword,
                syncWait, pageSize, driverSettings, on);
    }

    private static void requireStrong(String name, String password) {
        if (password.length() < 8) {
            throw new IllegalArgumentException(name + " must be at least 8 characters long");
        }
    }
}
