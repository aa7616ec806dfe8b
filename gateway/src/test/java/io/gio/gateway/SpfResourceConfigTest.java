package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import io.gio.odata.VmmODataService;
import io.gio.spf.SpfAdapter;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.jersey.test.JerseyTest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real resource configuration, in process, over the simulated fabric and an in-memory store. */
class SpfResourceConfigTest {

    private static final String SPF = "SC2012R2/VMM/Microsoft.Management.Odata.svc/";
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin-password-1".getBytes(StandardCharsets.UTF_8));

    private ScheduledExecutorService scheduler;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private JerseyTest jersey;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:gw-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        driver = Drivers.find("sim").create(new DriverContext(Clock.systemUTC(), scheduler, ds, Map.of("topology", "demo")));
        adapter = SpfAdapter.open(ds, driver, Clock.systemUTC(), scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of("admin-password-1"));
        adapter.demoData().seed(Optional.of("demo-password-1"), 0);
        VmmODataService odata = VmmODataService.create(adapter, Duration.ofSeconds(5), 100);
        jersey = new JerseyTest() {
            @Override
            protected Application configure() {
                return GatewayServer.resourceConfig(adapter, odata);
            }
        };
        jersey.setUp();
    }

    @AfterEach
    void tearDown() throws Exception {
        jersey.tearDown();
        adapter.close();
        driver.close();
        scheduler.shutdownNow();
    }

    @Test
    void healthIsOpen() {
        assertEquals(200, jersey.target("healthz").request().get().getStatus());
    }

    @Test
    void spfNeedsTheAdmin() {
        Response none = jersey.target(SPF + "Clouds").request().get();
        assertEquals(401, none.getStatus());
        assertTrue(none.getHeaderString("WWW-Authenticate").startsWith("Basic"));
        String alice = "Basic " + Base64.getEncoder().encodeToString(
                "alice@contoso.example:demo-password-1".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, jersey.target(SPF + "Clouds").request().header("Authorization", alice).get().getStatus());
    }

    @Test
    void bothServicePathsServeTheSameSets() {
        for (String root : new String[] {SPF, "SC2012/VMM/Microsoft.Management.Odata.svc/"}) {
            Response r = jersey.target(root + "VMTemplates").request().header("Authorization", ADMIN)
                    .header("Accept", "application/json").get();
            assertEquals(200, r.getStatus());
            assertEquals("3.0;", r.getHeaderString("DataServiceVersion"));
            assertTrue(r.readEntity(String.class).contains("Windows Server 2012 R2 Datacenter"));
        }
    }

    @Test
    void serviceDocumentAndMerge() {
        Response doc = jersey.target(SPF).request().header("Authorization", ADMIN).header("Accept", "application/json").get();
        assertEquals(200, doc.getStatus());
        assertTrue(doc.readEntity(String.class).contains("\"VirtualMachines\""));
        String key = "(ID=guid'" + UUID.randomUUID() + "',StampId=guid'" + UUID.randomUUID() + "')";
        Response merge = jersey.target(SPF + "VirtualMachines" + key).request().header("Authorization", ADMIN)
                .header("X-HTTP-Method", "MERGE").method("POST", Entity.json("{\"Operation\":\"Start\"}"));
        assertEquals(404, merge.getStatus());
    }
}
