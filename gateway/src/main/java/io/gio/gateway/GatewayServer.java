package io.gio.gateway;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import io.gio.gateway.auth.Authentication;
import io.gio.gateway.http.BasicAuthFilter;
import io.gio.gateway.http.BenchPlainResource;
import io.gio.gateway.http.DeclineH2cUpgrade;
import io.gio.gateway.http.MalformedUriGuard;
import io.gio.gateway.http.HealthResource;
import io.gio.gateway.http.SpfServiceResource;
import io.gio.odata.VmmODataService;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.PasswordHasher;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.gio.gateway.console.ConsoleRelay;
import io.gio.gateway.console.ConsoleTickets;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.websockets.WebSocketAddOn;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: reads top to bottom, builds every part once, and owns their lifecycle. */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final Database database;
    private final ScheduledExecutorService scheduler;
    private final ClusterDriver driver;
    private final SpfAdapter adapter;
    private final HttpServer http;
    private final DeclineH2cUpgrade h2c;
    private final URI uri;

    private GatewayServer(Database database, ScheduledExecutorService scheduler, ClusterDriver driver,
            SpfAdapter adapter, HttpServer http, DeclineH2cUpgrade h2c, URI uri) {
        this.database = database;
        this.scheduler = scheduler;
        this.driver = driver;
        this.adapter = adapter;
        this.http = http;
        this.h2c = h2c;
        this.uri = uri;
    }

    /** Starts the gateway; secrets generated on first start are printed once to {@code console}. */
    public static GatewayServer start(GatewayConfig config, PrintStream console) {
        Database database = Database.open(config.dataDir());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "gio-scheduler");
            t.setDaemon(true);
            return t;
        });
        Clock clock = Clock.systemUTC();
        if (config.simulated()) {
            SimClockFile clockFile = new SimClockFile(config.dataDir());
            Clock scaled = new ScaledClock(Clock.systemUTC(), clockFile.startingPoint(Clock.systemUTC()), config.simSpeed());
            scheduler.scheduleWithFixedDelay(() -> clockFile.save(scaled.instant()), 1, 1, TimeUnit.SECONDS);
            clock = scaled;
        }

        Map<String, String> driverSettings = new HashMap<>(config.driverSettings());
        if (config.demo() && config.simulated()) {
            driverSettings.putIfAbsent("topology", "demo");
        }
        ClusterDriver driver = Drivers.find(config.driver())
                .create(new DriverContext(clock, scheduler, database.dataSource(), driverSettings));
        SpfAdapter adapter = SpfAdapter.open(database.dataSource(), driver, clock, scheduler,
                PasswordHasher.DEFAULT_ITERATIONS);
        adapter.accounts().ensureAdmin(config.adminPassword()).ifPresent(p ->
                console.println("Generated password for 'admin' (shown once; set GIO_ADMIN_PASSWORD to choose it): " + p));
        if (config.demo() && driver.seeding().isEmpty()) {
            LOG.info("No demo data: the '{}' fabric is real (demo VMs exist on the simulated fabric only)", driver.name());
        } else if (config.demo()) {
            Optional<String> generated = adapter.demoData().seed(config.demoPassword(), config.demoVms());
            generated.ifPresent(p -> console.println("Generated password for the demo tenants alice@contoso.example and"
                    + " bob@fabrikam.example (shown once; set GIO_DEMO_PASSWORD to choose it): " + p));
        }
        adapter.startJobs(Duration.ofMillis(200));

        VmmODataService odata = VmmODataService.create(adapter, config.syncWait(), config.pageSize());
        Authentication auth = Authentication.open(adapter, config.dataDir(), scheduler);
        ConsoleTickets tickets = new ConsoleTickets(Clock.systemUTC());
        ResourceConfig rc = resourceConfig(adapter, odata, config.benchEndpoints(), auth, tickets);
        URI bind = URI.create("http://" + config.host() + ":" + config.port() + "/");
        DeclineH2cUpgrade h2c = new DeclineH2cUpgrade();
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(bind, rc, false);
        guardUris(http);
        http.getListeners().forEach(l -> {
            l.registerAddOn(h2c);
            l.registerAddOn(new WebSocketAddOn());
        });
        try {
            http.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        int port = http.getListener("grizzly").getPort();
        ConsoleRelay.attach(port, tickets, driver.consoles());
        String shownHost = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        URI uri = URI.create("http://" + shownHost + ":" + port);
        if (config.simulated()) {
            LOG.info("Cluster driver '{}' with {} stamp(s); simulated clock x{}", driver.name(), driver.stamps().size(),
                    config.simSpeed());
        } else {
            LOG.info("Cluster driver '{}' with {} stamp(s)", driver.name(), driver.stamps().size());
        }
        console.println("GIO Gateway listening on " + uri);
        return new GatewayServer(database, scheduler, driver, adapter, http, h2c, uri);
    }

    /**
     * Puts {@link MalformedUriGuard} in front of the Jersey container, and replaces Grizzly's
     * error page (which shows stack traces) with one that shows none.
     */
    static void guardUris(HttpServer http) {
        org.glassfish.grizzly.http.server.ServerConfiguration sc = http.getServerConfiguration();
        java.util.Map<org.glassfish.grizzly.http.server.HttpHandler,
                org.glassfish.grizzly.http.server.HttpHandlerRegistration[]> handlers = new java.util.HashMap<>(sc.getHttpHandlersWithMapping());
        handlers.forEach((handler, mappings) -> {
            sc.removeHttpHandler(handler);
            sc.addHttpHandler(new MalformedUriGuard(handler), mappings);
        });
        sc.setDefaultErrorPageGenerator((request, status, reason, description, exception) -> {
            if (exception != null) {
                LOG.error("Unhandled failure on {} {}", request.getMethod(), request.getRequestURI(), exception);
            }
            return "<html><head><title>" + status + "</title></head><body>" + status + " " + reason + "</body></html>";
        });
    }

    /** Every resource, filter and provider, registered explicitly. */
    static ResourceConfig resourceConfig(SpfAdapter adapter, VmmODataService odata) {
        return resourceConfig(adapter, odata, false);
    }

    /** As above; {@code benchEndpoints} adds the benchmark-only plain-JSON ceiling ({@code --bench-endpoints}). */
    static ResourceConfig resourceConfig(SpfAdapter adapter, VmmODataService odata, boolean benchEndpoints) {
        return resourceConfig(adapter, odata, benchEndpoints, Authentication.ephemeral(adapter));
    }

    /** As above, with the token service, Bearer filter and login throttle of {@code auth}. */
    static ResourceConfig resourceConfig(SpfAdapter adapter, VmmODataService odata, boolean benchEndpoints,
            Authentication auth) {
        return resourceConfig(adapter, odata, benchEndpoints, auth, new ConsoleTickets(Clock.systemUTC()));
    }

    /** As above, issuing console tickets into {@code tickets} (which the console WebSocket redeems). */
    static ResourceConfig resourceConfig(SpfAdapter adapter, VmmODataService odata, boolean benchEndpoints,
            Authentication auth, ConsoleTickets tickets) {
        ResourceConfig rc = new ResourceConfig();
        rc.register(new HealthResource());
        rc.register(new io.gio.gateway.http.PortalResource());
        rc.register(new SpfServiceResource(odata));
        rc.register(new io.gio.gateway.http.TenantServiceResource(adapter, odata));
        rc.register(new io.gio.gateway.http.SpfTenantServiceResource(adapter, odata));
        io.gio.gateway.wap.WapResources.register(rc, adapter, adapter.driver(), tickets);
        if (benchEndpoints) {
            rc.register(new BenchPlainResource(adapter));
        }
        rc.register(new BasicAuthFilter(adapter.accounts()));
        auth.register(rc);
        rc.property("jersey.config.server.wadl.disableWadl", true);
        return rc;
    }

    public URI uri() {
        return uri;
    }

    public SpfAdapter adapter() {
        return adapter;
    }

    @Override
    public void close() {
        ConsoleRelay.detach(uri.getPort());
        http.shutdownNow();
        adapter.close();
        scheduler.shutdownNow();
        driver.close();
        database.close();
    }
}
