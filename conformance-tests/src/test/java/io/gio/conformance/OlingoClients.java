package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.olingo.client.api.EdmEnabledODataClient;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.response.ODataResponse;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.api.domain.ClientPrimitiveValue;
import org.apache.olingo.client.api.domain.ClientProperty;
import org.apache.olingo.client.api.uri.URIBuilder;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.client.core.http.BasicAuthHttpClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.format.ContentType;

/**
 * The Apache Olingo OData 4 Java clients the Olingo suites share, pointed at the shared gateway with
 * the administrator's Basic credentials: one asking for JSON minimal metadata (values typed from
 * {@code $metadata}), one for full metadata (Olingo's default, values typed from the payload's
 * annotations); and what the suites read and poll with them.
 */
final class OlingoClients {

    static final String VMM = "VMM";

    static String root;
    static EdmEnabledODataClient minimal;
    static EdmEnabledODataClient full;

    private OlingoClients() {
    }

    /** Points both clients at the shared gateway (once). */
    static synchronized void start() throws IOException {
        if (root != null) {
            return;
        }
        String spf = SharedGateway.get().uri().resolve(SharedGateway.SPF).toString();
        root = spf.substring(0, spf.length() - 1);
        minimal = client(ContentType.JSON);
        full = client(ContentType.JSON_FULL_METADATA);
    }

    private static EdmEnabledODataClient client(ContentType format) {
        EdmEnabledODataClient c = ODataClientFactory.getEdmEnabledClient(root, format);
        c.getConfiguration().setHttpClientFactory(admin());
        return c;
    }

    static BasicAuthHttpClientFactory admin() {
        return new BasicAuthHttpClientFactory("admin", GatewayProcess.ADMIN_PASSWORD);
    }

    static EdmEnabledODataClient client(String metadata) {
        return "full".equals(metadata) ? full : minimal;
    }

    /** Polls {@code Jobs(ID=..,StampId=..)} through the client until the job of a response completes. */
    static ClientEntity awaitJob(ODataResponse r, UUID stamp) throws InterruptedException {
        List<String> ids = List.copyOf(r.getHeader("x-ms-request-id"));
        assertEquals(1, ids.size(), "job header: " + ids);
        URI job = entityUri(minimal, "Jobs", UUID.fromString(ids.get(0)), stamp);
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            ClientEntity j = minimal.getRetrieveRequestFactory().getEntityRequest(job).execute().getBody();
            if (cast(j.getProperty("IsCompleted").getPrimitiveValue(), Boolean.class)) {
                return j;
            }
            assertTrue(Instant.now().isBefore(deadline), "job did not complete: " + j);
            Thread.sleep(100);
        }
    }

    static String status(URI vm) {
        return string(minimal.getRetrieveRequestFactory().getEntityRequest(vm).execute().getBody(), "Status");
    }

    static ClientEntitySet list(ODataClient c, String set, UnaryOperator<URIBuilder> query) {
        URI uri = query.apply(c.newURIBuilder(root).appendEntitySetSegment(set)).build();
        return c.getRetrieveRequestFactory().getEntitySetRequest(uri).execute().getBody();
    }

    static URI entityUri(ODataClient c, String set, UUID id, UUID stamp) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("ID", id);
        key.put("StampId", stamp);
        return c.newURIBuilder(root).appendEntitySetSegment(set).appendKeySegment(key).build();
    }

    static ClientEntity only(ClientEntitySet s) {
        assertEquals(1, s.getEntities().size(), s.toString());
        return s.getEntities().get(0);
    }

    static List<String> names(ClientEntitySet s) {
        return s.getEntities().stream().map(e -> string(e, "Name")).toList();
    }

    static String string(ClientEntity e, String name) {
        ClientProperty p = e.getProperty(name);
        assertNotNull(p, name + " missing in " + e);
        return cast(p.getPrimitiveValue(), String.class);
    }

    static UUID uuid(ClientEntity e, String name) {
        ClientProperty p = e.getProperty(name);
        assertNotNull(p, name + " missing in " + e);
        assertEquals("Edm.Guid", p.getPrimitiveValue().getTypeName(), name);
        return cast(p.getPrimitiveValue(), UUID.class);
    }

    static <T> T cast(ClientPrimitiveValue v, Class<T> type) {
        try {
            return v.toCastValue(type);
        } catch (EdmPrimitiveTypeException e) {
            throw new AssertionError(v.getTypeName() + " " + v + " is no " + type.getSimpleName(), e);
        }
    }
}
