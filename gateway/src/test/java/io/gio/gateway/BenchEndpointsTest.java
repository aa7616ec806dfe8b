package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DriverContext;
import io.gio.odata.VmmODataService;
import io.gio.spf.SpfAdapter;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark-only plain-JSON ceiling ({@code --bench-endpoints}): absent by default, and when
 * on, the same rows as the OData page it is compared with, behind the same authentication.
 */
class BenchEndpointsTest {

    private static final String SPF = "SC2012R2/VMM/Microsoft.Management.Odata.svc/";
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin-password-1".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The benchmark's filter, percent-encoded as wrk sends it. */
    private static final String FILTER_ENCODED = "Status%20eq%20'Running'%20and%20startswith(Name,'contoso-vm')";

    private static ScheduledExecutorService scheduler;
    private static ClusterDriver driver;
    private static SpfAdapter adapter;
    private static JerseyTest off;
    private static JerseyTest on;

    @BeforeAll
    static void setUp() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        driver = Drivers.find("sim").create(new DriverContext(Clock.systemUTC(), scheduler, ds, Map.of("topology", "demo")));
        adapter = SpfAdapter.open(ds, driver, Clock.systemUTC(), scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of("admin-password-1"));
        adapter.demoData().seed(Optional.of("demo-password-1"), 120);
        VmmODataService odata = VmmODataService.create(adapter, Duration.ofSeconds(5), 1000);
        off = jersey(GatewayServer.resourceConfig(adapter, odata));
        on = jersey(GatewayServer.resourceConfig(adapter, odata, true));
    }

    private static JerseyTest jersey(Application app) throws Exception {
        JerseyTest t = new JerseyTest() {
            @Override
            protected Application configure() {
                forceSet(TestProperties.CONTAINER_PORT, "0");
                return app;
            }
        };
        t.setUp();
        return t;
    }

    @AfterAll
    static void tearDown() throws Exception {
        off.tearDown();
        on.tearDown();
        adapter.close();
        driver.close();
        scheduler.shutdownNow();
    }

    @Test
    void offByDefault() {
        assertFalse(GatewayConfig.defaults().benchEndpoints());
        Response r = off.target("bench/plain/VirtualMachines").queryParam("$top", 50).request()
                .header("Authorization", ADMIN).get();
        assertEquals(404, r.getStatus());
    }

    @Test
    void needsTheAdmin() {
        assertEquals(401, on.target("bench/plain/VirtualMachines").queryParam("$top", 50).request().get().getStatus());
    }

    @Test
    void samePageAsODataThree() throws Exception {
        JsonNode plain = get(on.target("bench/plain/VirtualMachines").queryParam("$top", 50), Map.of());
        JsonNode v3 = get(on.target(SPF + "VirtualMachines").queryParam("$top", 50), Map.of("Accept", "application/json"));
        assertEquals(50, plain.get("value").size());
        assertSameRows(v3.get("value"), plain.get("value"));
    }

    @Test
    void sameFilteredOrderedPageAsBothDialects() throws Exception {
        JsonNode plain = get(on.target("bench/plain/VirtualMachines").queryParam("$filter", FILTER_ENCODED)
                .queryParam("$orderby", "Name%20desc").queryParam("$top", 50), Map.of());
        JsonNode v3 = get(on.target(SPF + "VirtualMachines").queryParam("$filter", FILTER_ENCODED)
                .queryParam("$orderby", "Name%20desc").queryParam("$top", 50), Map.of("Accept", "application/json"));
        JsonNode v4 = get(on.target(SPF + "VirtualMachines").queryParam("$filter", FILTER_ENCODED)
                .queryParam("$orderby", "Name%20desc").queryParam("$top", 50), Map.of("OData-MaxVersion", "4.0"));
        assertEquals(50, plain.get("value").size());
        assertSameRows(v3.get("value"), plain.get("value"));
        assertEquals(names(v4.get("value")), names(plain.get("value")));
        for (JsonNode vm : plain.get("value")) {
            assertEquals("Running", vm.get("Status").asText());
            assertTrue(vm.get("Name").asText().startsWith("contoso-vm"));
        }
    }

    @Test
    void singleEntity() throws Exception {
        JsonNode first = get(on.target("bench/plain/VirtualMachines").queryParam("$top", 1), Map.of()).get("value").get(0);
        String key = "(ID=" + first.get("ID").asText() + ",StampId=" + first.get("StampId").asText() + ")";
        JsonNode plain = get(on.target("bench/plain/VirtualMachines" + key), Map.of());
        JsonNode v3 = get(on.target(SPF + "VirtualMachines(ID=guid'" + first.get("ID").asText() + "',StampId=guid'"
                + first.get("StampId").asText() + "')"), Map.of("Accept", "application/json"));
        assertEquals(first, plain);
        assertEquals(v3.get("Name"), plain.get("Name"));
        assertEquals(404, on.target("bench/plain/VirtualMachines(ID=" + UUID.randomUUID() + ",StampId=" + UUID.randomUUID()
                + ")").request().header("Authorization", ADMIN).get().getStatus());
    }

    private static JsonNode get(WebTarget target, Map<String, String> headers) throws Exception {
        var b = target.request().header("Authorization", ADMIN);
        headers.forEach(b::header);
        Response r = b.get();
        String body = r.readEntity(String.class);
        assertEquals(200, r.getStatus(), body);
        return JSON.readTree(body);
    }

    /** Same entities in the same order, with the same property names and the same values. */
    private static void assertSameRows(JsonNode odata, JsonNode plain) {
        assertEquals(odata.size(), plain.size());
        for (int i = 0; i < plain.size(); i++) {
            JsonNode o = odata.get(i);
            JsonNode p = plain.get(i);
            assertEquals(o.get("ID").asText(), p.get("ID").asText());
            for (Iterator<String> it = p.fieldNames(); it.hasNext();) {
                String name = it.next();
                assertTrue(o.has(name), "OData 3 row lacks " + name);
                JsonNode pv = p.get(name);
                JsonNode ov = o.get(name);
                if (pv.isTextual() || pv.isBoolean() || pv.isNull()) {
                    // Dates are written differently (OData 3: /Date(..)/ or ISO without zone); compare the rest.
                    if (!(pv.isTextual() && pv.asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"))) {
                        assertEquals(pv.asText(), ov.asText(), name);
                    }
                }
            }
        }
    }

    private static List<String> names(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get("Name").asText()));
        return out;
    }
}
