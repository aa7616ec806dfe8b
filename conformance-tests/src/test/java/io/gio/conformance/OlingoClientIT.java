package io.gio.conformance;

import static io.gio.conformance.OlingoClients.VMM;
import static io.gio.conformance.OlingoClients.admin;
import static io.gio.conformance.OlingoClients.cast;
import static io.gio.conformance.OlingoClients.client;
import static io.gio.conformance.OlingoClients.entityUri;
import static io.gio.conformance.OlingoClients.full;
import static io.gio.conformance.OlingoClients.list;
import static io.gio.conformance.OlingoClients.minimal;
import static io.gio.conformance.OlingoClients.names;
import static io.gio.conformance.OlingoClients.only;
import static io.gio.conformance.OlingoClients.root;
import static io.gio.conformance.OlingoClients.string;
import static io.gio.conformance.OlingoClients.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.olingo.client.api.EdmEnabledODataClient;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.ODataClientErrorException;
import org.apache.olingo.client.api.communication.request.retrieve.ODataEntitySetIteratorRequest;
import org.apache.olingo.client.api.communication.response.ODataRetrieveResponse;
import org.apache.olingo.client.api.domain.ClientComplexValue;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.api.domain.ClientEntitySetIterator;
import org.apache.olingo.client.api.domain.ClientLink;
import org.apache.olingo.client.api.domain.ClientProperty;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntityContainer;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Apache Olingo OData 4 Java client (odata-client-core) reading the gateway's OData 4 dialect:
 * {@code $metadata} parsed into an Edm, every entity set of the container read to the end through
 * next links, query options, reads by composite key, and errors. Reads run with JSON minimal
 * metadata (values typed from {@code $metadata}) and with full metadata (Olingo's default, values
 * typed from the payload's annotations). {@link OlingoClientWritesIT} makes the writes.
 */
final class OlingoClientIT {

    private static final int PAGE = 40;
    private static final FullQualifiedName VM_TYPE = new FullQualifiedName(VMM, "VirtualMachine");

    @BeforeAll
    static void start() throws IOException {
        OlingoClients.start();
    }

    @Test
    void metadataParsesIntoTheVmmModel() {
        ODataClient plain = ODataClientFactory.getClient();
        plain.getConfiguration().setHttpClientFactory(admin());
        ODataRetrieveResponse<Edm> r = plain.getRetrieveRequestFactory().getMetadataRequest(root).execute();
        assertEquals(200, r.getStatusCode());
        Edm edm = r.getBody();
        EdmEntityContainer container = edm.getEntityContainer();
        assertEquals(new FullQualifiedName(VMM, "VMMContainer"), container.getFullQualifiedName());
        assertTrue(container.getEntitySets().size() >= 41, "sets: " + container.getEntitySets().size());
        for (String set : List.of("VirtualMachines", "VMCheckPoints", "Jobs", "Clouds", "VMTemplates")) {
            assertEquals(List.of("ID", "StampId"), container.getEntitySet(set).getEntityType().getKeyPredicateNames(), set);
        }
        assertEquals(List.of("PerformanceCounter", "StampId", "TimeFrame", "VMId"),
                container.getEntitySet("PerformanceData").getEntityType().getKeyPredicateNames());
        EdmEntityType vm = container.getEntitySet("VirtualMachines").getEntityType();
        assertEquals(VM_TYPE, vm.getFullQualifiedName());
        assertEquals(Map.of("ID", "Edm.Guid", "TotalSize", "Edm.Int64", "AddedTime", "Edm.DateTimeOffset",
                "VMConnection", "Edm.Stream", "Owner", "VMM.UserAndRole"), typesOf(vm, "ID", "TotalSize", "AddedTime",
                "VMConnection", "Owner"));
        EdmNavigationProperty disks = vm.getNavigationProperty("VirtualHardDisks");
        assertTrue(disks.isCollection());
        assertEquals(new FullQualifiedName(VMM, "VirtualHardDisk"), disks.getType().getFullQualifiedName());
        assertEquals("VirtualHardDisks", container.getEntitySet("VirtualMachines").getRelatedBindingTarget("VirtualHardDisks")
                .getName());
        assertNotNull(edm.getComplexType(new FullQualifiedName(VMM, "NewVMVirtualNetworkAdapterInput")));
    }

    private static Map<String, String> typesOf(EdmEntityType type, String... names) {
        Map<String, String> out = new TreeMap<>();
        for (String n : names) {
            out.put(n, type.getStructuralProperty(n).getType().getFullQualifiedName().getFullQualifiedNameAsString());
        }
        return out;
    }

    /** Every set of the container, empty or not, read page by page (Prefer: odata.maxpagesize) to the end. */
    @ParameterizedTest
    @ValueSource(strings = {"minimal", "full"})
    void everyEntitySetReadsCompletelyThroughNextLinks(String metadata) throws Exception {
        EdmEnabledODataClient c = client(metadata);
        awaitQuietFabric();
        Map<String, Integer> sizes = new TreeMap<>();
        for (EdmEntitySet set : c.getEdm(null).getEntityContainer().getEntitySets()) {
            sizes.put(set.getName(), readAll(c, set));
        }
        assertTrue(sizes.size() >= 41, sizes.toString());
        assertTrue(sizes.get("VirtualMachines") > 3 * PAGE, "several pages of VMs: " + sizes);
        for (String set : List.of("VMTemplates", "HardwareProfiles", "Clouds", "VirtualHardDisks", "LogicalNetworks")) {
            assertTrue(sizes.get(set) > 0, set + ": " + sizes);
        }
    }

    private static int readAll(EdmEnabledODataClient c, EdmEntitySet set) {
        long expected = count(c, set.getName());
        List<String> keys = new ArrayList<>();
        URI next = c.newURIBuilder(root).appendEntitySetSegment(set.getName()).build();
        int pages = 0;
        while (next != null) {
            ClientEntitySetIterator<ClientEntitySet, ClientEntity> page = page(c, next);
            int before = keys.size();
            while (page.hasNext()) {
                keys.add(key(page.next(), set.getEntityType()));
            }
            assertTrue(keys.size() - before <= PAGE, set.getName() + " page of " + (keys.size() - before));
            next = page.getNext();
            pages++;
        }
        assertEquals(expected, keys.size(), set.getName() + ": entities read vs $count");
        assertEquals(keys.size(), new HashSet<>(keys).size(), set.getName() + ": an entity came twice");
        assertEquals(Math.max(1, (keys.size() + PAGE - 1) / PAGE), pages, set.getName() + ": pages");
        return keys.size();
    }

    private static ClientEntitySetIterator<ClientEntitySet, ClientEntity> page(ODataClient c, URI uri) {
        ODataEntitySetIteratorRequest<ClientEntitySet, ClientEntity> req =
                c.getRetrieveRequestFactory().getEntitySetIteratorRequest(uri);
        req.setPrefer(c.newPreferences().maxPageSize(PAGE));
        ODataRetrieveResponse<ClientEntitySetIterator<ClientEntitySet, ClientEntity>> res = req.execute();
        assertEquals(200, res.getStatusCode(), uri.toString());
        assertEquals(List.of("odata.maxpagesize=" + PAGE), List.copyOf(res.getHeader("Preference-Applied")), uri.toString());
        return res.getBody();
    }

    private static String key(ClientEntity e, EdmEntityType type) {
        return type.getKeyPredicateNames().stream().map(k -> {
            ClientProperty p = e.getProperty(k);
            assertNotNull(p, "key property " + k + " missing in " + e);
            return String.valueOf(p.getPrimitiveValue().toValue());
        }).collect(Collectors.joining(","));
    }

    private static long count(ODataClient c, String set) {
        ClientEntitySet s = c.getRetrieveRequestFactory()
                .getEntitySetRequest(c.newURIBuilder(root).appendEntitySetSegment(set).count(true).top(0).build())
                .execute().getBody();
        assertNotNull(s.getCount(), set + ": no @odata.count");
        assertTrue(s.getEntities().isEmpty(), set + ": $top=0");
        return s.getCount();
    }

    /** Other suites leave asynchronous jobs behind; counts and pages are compared once the fabric is quiet. */
    private static void awaitQuietFabric() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (list(minimal, "Jobs", b -> b.filter("IsCompleted eq false").count(true).top(0)).getCount() > 0) {
            assertTrue(Instant.now().isBefore(deadline), "jobs still running after 60 s");
            Thread.sleep(200);
        }
    }

    @Test
    void filterOrderByTopCountAndSelect() {
        ClientEntitySet web = list(minimal, "VirtualMachines",
                b -> b.filter("startswith(Name,'web')").orderBy("Name").count(true).select("Name", "Status"));
        List<String> names = names(web);
        assertEquals(web.getCount(), names.size());
        assertTrue(names.containsAll(List.of("web01", "web02")), names.toString());
        names.forEach(n -> assertTrue(n.startsWith("web"), n));
        assertEquals(names.stream().sorted().toList(), names);
        for (ClientEntity e : web.getEntities()) {
            Set<String> props = e.getProperties().stream().map(ClientProperty::getName).collect(Collectors.toSet());
            assertTrue(props.containsAll(Set.of("Name", "Status")), props.toString());
            assertTrue(Set.of("ID", "StampId", "Name", "Status").containsAll(props), "$select: " + props);
        }

        ClientEntitySet running = list(minimal, "VirtualMachines", b -> b.filter("Status eq 'Running'").orderBy("Name desc").top(5));
        assertEquals(5, running.getEntities().size());
        running.getEntities().forEach(e -> assertEquals("Running", string(e, "Status")));
        assertEquals(names(running).stream().sorted(Comparator.reverseOrder()).toList(), names(running));

        // Olingo's client reads a text/plain /$count as an Edm.String.
        long total = Long.parseLong(minimal.getRetrieveRequestFactory()
                .getValueRequest(minimal.newURIBuilder(root).appendEntitySetSegment("VirtualMachines").count().build())
                .execute().getBody().toString());
        ClientEntitySet seven = list(minimal, "VirtualMachines", b -> b.top(7).count(true));
        assertEquals(7, seven.getEntities().size());
        assertEquals(total, seven.getCount().longValue());
        assertTrue(total > 100, "demo VMs: " + total);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "full"})
    void expandAndReadByCompositeKey(String metadata) {
        EdmEnabledODataClient c = client(metadata);
        ClientEntity sql = only(list(c, "VirtualMachines", b -> b.filter("Name eq 'sql01'").expand("VirtualHardDisks")));
        UUID id = uuid(sql, "ID");
        ClientLink link = sql.getNavigationLink("VirtualHardDisks");
        assertNotNull(link, "no inline VirtualHardDisks: " + sql);
        List<ClientEntity> disks = link.asInlineEntitySet().getEntitySet().getEntities();
        assertFalse(disks.isEmpty());
        disks.forEach(d -> assertEquals(id, uuid(d, "VMId")));

        URI uri = entityUri(c, "VirtualMachines", id, uuid(sql, "StampId"));
        ClientEntity one = c.getRetrieveRequestFactory().getEntityRequest(uri).execute().getBody();
        assertEquals("sql01", string(one, "Name"));
        assertEquals(id, uuid(one, "ID"));
        assertEquals("Edm.Int64", one.getProperty("TotalSize").getPrimitiveValue().getTypeName());
        assertTrue(cast(one.getProperty("TotalSize").getPrimitiveValue(), Long.class) > 0);
        assertEquals("Edm.DateTimeOffset", one.getProperty("AddedTime").getPrimitiveValue().getTypeName());
        ClientComplexValue owner = one.getProperty("Owner").getComplexValue();
        assertEquals("alice@contoso.example", owner.get("UserName").getPrimitiveValue().toString());
        if ("full".equals(metadata)) {
            assertEquals(uri, URI.create(root + "/").resolve(one.getId()), "@odata.id is the canonical URL");
            ClientLink stream = one.getMediaEditLink("VMConnection");
            assertNotNull(stream, "the named stream's media link: " + one.getMediaEditLinks());
            assertEquals(URI.create(uri + "/VMConnection"), stream.getLink());
        }
    }

    @Test
    void errorsParseAsODataErrors() {
        URI nowhere = entityUri(minimal, "VirtualMachines", new UUID(0, 1), new UUID(0, 2));
        ODataClientErrorException missing = assertThrows(ODataClientErrorException.class,
                () -> minimal.getRetrieveRequestFactory().getEntityRequest(nowhere).execute());
        assertEquals(404, missing.getStatusLine().getStatusCode());
        assertNotNull(missing.getODataError(), "an OData 4 error body");
        assertFalse(missing.getODataError().getMessage().isBlank());
        ODataClientErrorException bad = assertThrows(ODataClientErrorException.class,
                () -> list(minimal, "VirtualMachines", b -> b.filter("Name eq")));
        assertEquals(400, bad.getStatusLine().getStatusCode());
        assertNotNull(bad.getODataError());
    }
}
