package io.gio.conformance;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.olingo.client.api.EdmEnabledODataClient;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.ODataClientErrorException;
import org.apache.olingo.client.api.communication.request.cud.ODataEntityUpdateRequest;
import org.apache.olingo.client.api.communication.request.cud.UpdateType;
import org.apache.olingo.client.api.communication.request.invoke.ClientNoContent;
import org.apache.olingo.client.api.communication.request.retrieve.ODataEntitySetIteratorRequest;
import org.apache.olingo.client.api.communication.response.ODataDeleteResponse;
import org.apache.olingo.client.api.communication.response.ODataEntityCreateResponse;
import org.apache.olingo.client.api.communication.response.ODataEntityUpdateResponse;
import org.apache.olingo.client.api.communication.response.ODataInvokeResponse;
import org.apache.olingo.client.api.communication.response.ODataResponse;
import org.apache.olingo.client.api.communication.response.ODataRetrieveResponse;
import org.apache.olingo.client.api.domain.ClientCollectionValue;
import org.apache.olingo.client.api.domain.ClientComplexValue;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.api.domain.ClientEntitySetIterator;
import org.apache.olingo.client.api.domain.ClientLink;
import org.apache.olingo.client.api.domain.ClientObjectFactory;
import org.apache.olingo.client.api.domain.ClientPrimitiveValue;
import org.apache.olingo.client.api.domain.ClientProperty;
import org.apache.olingo.client.api.domain.ClientValue;
import org.apache.olingo.client.api.uri.URIBuilder;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.client.core.http.BasicAuthHttpClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntityContainer;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.format.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Apache Olingo OData 4 Java client (odata-client-core) against the gateway's OData 4 dialect:
 * {@code $metadata} parsed into an Edm, every entity set of the container read to the end through
 * next links, query options, reads by composite key, errors, and the writes SPF clients make
 * (create a VM and a checkpoint, PATCH an {@code Operation} or a new name, invoke the bound action
 * {@code VMM.Expand} on a disk drive, delete), with jobs polled
 * through the client. Reads run with JSON minimal metadata (values typed from {@code $metadata}) and with full
 * metadata (Olingo's default, values typed from the payload's annotations).
 */
final class OlingoClientIT {

    private static final int PAGE = 40;
    private static final String VMM = "VMM";
    private static final FullQualifiedName VM_TYPE = new FullQualifiedName(VMM, "VirtualMachine");
    private static final String VM_NAME = "olingo-vm01";

    private static String root;
    private static EdmEnabledODataClient minimal;
    private static EdmEnabledODataClient full;

    @BeforeAll
    static void start() throws IOException {
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

    private static BasicAuthHttpClientFactory admin() {
        return new BasicAuthHttpClientFactory("admin", GatewayProcess.ADMIN_PASSWORD);
    }

    private static EdmEnabledODataClient client(String metadata) {
        return "full".equals(metadata) ? full : minimal;
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

    /** A VM of this suite's own, so that no other suite's VM changes state. */
    @Test
    void createSuspendResumeCheckpointAndDeleteAVm() throws Exception {
        ClientEntity cloud = only(list(minimal, "Clouds", b -> b.filter("Name eq 'Contoso Cloud'")));
        UUID stamp = uuid(cloud, "StampId");
        UUID template = uuid(only(list(minimal, "VMTemplates",
                b -> b.filter("StampId eq " + stamp + " and Name eq 'CentOS Linux 7 (64 bit)'"))), "ID");
        ODataEntityCreateResponse<ClientEntity> created = full.getCUDRequestFactory().getEntityCreateRequest(
                full.newURIBuilder(root).appendEntitySetSegment("VirtualMachines").addCustomQueryOption("RunAsynchronously", "1")
                        .build(), newVm(full.getObjectFactory(), stamp, uuid(cloud, "ID"), template)).execute();
        assertEquals(201, created.getStatusCode());
        ClientEntity vm = created.getBody();
        assertEquals(VM_NAME, string(vm, "Name"));
        assertEquals("UnderCreation", string(vm, "Status"));
        URI uri = entityUri(minimal, "VirtualMachines", uuid(vm, "ID"), stamp);
        assertEquals(List.of(uri.toString()), List.copyOf(created.getHeader("Location")));
        assertEquals("Completed", string(awaitJob(created, stamp), "Status"));
        assertEquals("Running", status(uri));

        assertEquals("Paused", operation(uri, "Suspend", stamp));
        assertEquals("Running", operation(uri, "Resume", stamp));
        URI checkpoint = checkpoint(uri, uuid(vm, "ID"), stamp);
        assertEquals("PowerOff", operation(uri, "Stop", stamp));
        ClientEntity refused = expandDisk(uuid(vm, "ID"), stamp);
        assertEquals("Failed", string(refused, "Status"));
        assertTrue(refused.getProperty("ErrorInfo").getComplexValue().get("ExceptionDetails").getPrimitiveValue()
                .toString().contains("checkpoint"), "a disk with checkpoints does not grow: " + refused);
        ODataDeleteResponse deleted = minimal.getCUDRequestFactory().getDeleteRequest(checkpoint).execute();
        assertEquals(204, deleted.getStatusCode());
        assertEquals("Completed", string(awaitJob(deleted, stamp), "Status"));
        ClientEntity expanded = expandDisk(uuid(vm, "ID"), stamp);
        assertEquals("Completed", string(expanded, "Status"), expanded.toString());
        rename(uri);
        delete(uri, stamp);
    }

    private static ClientEntity newVm(ClientObjectFactory of, UUID stamp, UUID cloud, UUID template) {
        ClientEntity vm = of.newEntity(VM_TYPE);
        vm.getProperties().add(of.newPrimitiveProperty("StampId", of.newPrimitiveValueBuilder().buildGuid(stamp)));
        vm.getProperties().add(of.newPrimitiveProperty("CloudId", of.newPrimitiveValueBuilder().buildGuid(cloud)));
        vm.getProperties().add(of.newPrimitiveProperty("VMTemplateId", of.newPrimitiveValueBuilder().buildGuid(template)));
        vm.getProperties().add(of.newPrimitiveProperty("Name", of.newPrimitiveValueBuilder().buildString(VM_NAME)));
        vm.getProperties().add(of.newPrimitiveProperty("StartVM", of.newPrimitiveValueBuilder().buildBoolean(true)));
        ClientComplexValue nic = of.newComplexValue("VMM.NewVMVirtualNetworkAdapterInput");
        nic.add(of.newPrimitiveProperty("VMNetworkName", of.newPrimitiveValueBuilder().buildString("Contoso Network")));
        ClientCollectionValue<ClientValue> nics = of.newCollectionValue("Collection(VMM.NewVMVirtualNetworkAdapterInput)");
        nics.add(nic);
        vm.getProperties().add(of.newCollectionProperty("NewVirtualNetworkAdapterInput", nics));
        return vm;
    }

    /**
     * The bound action VMM.Expand on the VM's drive, invoked as the client invokes actions: 204, and
     * its job, once ended; when it completed, the drive shows the new size.
     */
    private static ClientEntity expandDisk(UUID vmId, UUID stamp) throws InterruptedException {
        ClientEntity drive = only(list(minimal, "VirtualDiskDrives", b -> b.filter("VMId eq " + vmId)));
        long before = cast(drive.getProperty("Size").getPrimitiveValue(), Long.class);
        int gb = (int) (before >> 30) + 8;
        URI driveUri = entityUri(minimal, "VirtualDiskDrives", uuid(drive, "ID"), stamp);
        URI action = minimal.newURIBuilder(driveUri.toString()).appendActionCallSegment("VMM.Expand").build();
        Map<String, ClientValue> parameters = Map.of("VirtualHardDiskSizeGB",
                minimal.getObjectFactory().newPrimitiveValueBuilder().buildInt32(gb));
        ODataInvokeResponse<ClientNoContent> r = minimal.getInvokeRequestFactory()
                .getActionInvokeRequest(action, ClientNoContent.class, parameters).execute();
        assertEquals(204, r.getStatusCode());
        ClientEntity job = awaitJob(r, stamp);
        ClientEntity after = minimal.getRetrieveRequestFactory().getEntityRequest(driveUri).execute().getBody();
        assertEquals("Completed".equals(string(job, "Status")) ? (long) gb << 30 : before,
                cast(after.getProperty("Size").getPrimitiveValue(), Long.class));
        return job;
    }

    /** PATCH {"Operation": op}; the job must complete. Resume asks for the entity back. */
    private static String operation(URI vm, String op, UUID stamp) throws InterruptedException {
        ClientObjectFactory of = minimal.getObjectFactory();
        ClientEntity patch = of.newEntity(VM_TYPE);
        patch.getProperties().add(of.newPrimitiveProperty("Operation", of.newPrimitiveValueBuilder().buildString(op)));
        ODataEntityUpdateRequest<ClientEntity> req = minimal.getCUDRequestFactory().getEntityUpdateRequest(vm,
                UpdateType.PATCH, patch);
        boolean representation = "Resume".equals(op);
        if (representation) {
            req.setPrefer(minimal.newPreferences().returnRepresentation());
        }
        ODataEntityUpdateResponse<ClientEntity> res = req.execute();
        assertEquals(representation ? 200 : 204, res.getStatusCode(), op);
        ClientEntity job = awaitJob(res, stamp);
        assertEquals("Completed", string(job, "Status"), op + ": " + job);
        if (representation) {
            assertEquals(VM_NAME, string(res.getBody(), "Name"));
            assertEquals("Running", string(res.getBody(), "Status"), "the entity after the job");
        }
        return status(vm);
    }

    /** PATCH {"Name": ..} on the stopped VM: a VMM setting, changed at once (no fabric job). */
    private static void rename(URI vm) {
        ClientObjectFactory of = minimal.getObjectFactory();
        ClientEntity patch = of.newEntity(VM_TYPE);
        patch.getProperties().add(of.newPrimitiveProperty("Name", of.newPrimitiveValueBuilder().buildString(VM_NAME + "-renamed")));
        ODataEntityUpdateResponse<ClientEntity> res = minimal.getCUDRequestFactory()
                .getEntityUpdateRequest(vm, UpdateType.PATCH, patch).execute();
        assertEquals(204, res.getStatusCode());
        ClientEntity now = minimal.getRetrieveRequestFactory().getEntityRequest(vm).execute().getBody();
        assertEquals(VM_NAME + "-renamed", string(now, "Name"));
        assertEquals("PowerOff", string(now, "Status"));
    }

    private static URI checkpoint(URI vm, UUID vmId, UUID stamp) throws InterruptedException {
        ClientObjectFactory of = full.getObjectFactory();
        ClientEntity cp = of.newEntity(new FullQualifiedName(VMM, "VMCheckPoint"));
        cp.getProperties().add(of.newPrimitiveProperty("StampId", of.newPrimitiveValueBuilder().buildGuid(stamp)));
        cp.getProperties().add(of.newPrimitiveProperty("VMId", of.newPrimitiveValueBuilder().buildGuid(vmId)));
        cp.getProperties().add(of.newPrimitiveProperty("Name", of.newPrimitiveValueBuilder().buildString("olingo-cp1")));
        ODataEntityCreateResponse<ClientEntity> r = full.getCUDRequestFactory()
                .getEntityCreateRequest(full.newURIBuilder(root).appendEntitySetSegment("VMCheckPoints").build(), cp).execute();
        assertEquals(201, r.getStatusCode());
        UUID id = uuid(r.getBody(), "ID");
        assertEquals(vmId, uuid(r.getBody(), "VMId"));
        assertEquals("Completed", string(awaitJob(r, stamp), "Status"));
        ClientEntitySet ofVm = minimal.getRetrieveRequestFactory()
                .getEntitySetRequest(minimal.newURIBuilder(vm.toString()).appendNavigationSegment("VMCheckpoints").build())
                .execute().getBody();
        assertEquals(List.of("olingo-cp1"), names(ofVm));
        URI checkpoint = entityUri(minimal, "VMCheckPoints", id, stamp);
        ClientEntity read = minimal.getRetrieveRequestFactory().getEntityRequest(checkpoint).execute().getBody();
        assertEquals(vmId, uuid(read, "VMId"));
        return checkpoint;
    }

    private static void delete(URI vm, UUID stamp) throws InterruptedException {
        ODataDeleteResponse r = minimal.getCUDRequestFactory().getDeleteRequest(vm).execute();
        assertEquals(204, r.getStatusCode());
        assertEquals("Completed", string(awaitJob(r, stamp), "Status"));
        ODataClientErrorException gone = assertThrows(ODataClientErrorException.class,
                () -> minimal.getRetrieveRequestFactory().getEntityRequest(vm).execute());
        assertEquals(404, gone.getStatusLine().getStatusCode());
    }

    /** Polls {@code Jobs(ID=..,StampId=..)} through the client until the job of a response completes. */
    private static ClientEntity awaitJob(ODataResponse r, UUID stamp) throws InterruptedException {
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

    private static String status(URI vm) {
        return string(minimal.getRetrieveRequestFactory().getEntityRequest(vm).execute().getBody(), "Status");
    }

    private static ClientEntitySet list(ODataClient c, String set, UnaryOperator<URIBuilder> query) {
        URI uri = query.apply(c.newURIBuilder(root).appendEntitySetSegment(set)).build();
        return c.getRetrieveRequestFactory().getEntitySetRequest(uri).execute().getBody();
    }

    private static URI entityUri(ODataClient c, String set, UUID id, UUID stamp) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("ID", id);
        key.put("StampId", stamp);
        return c.newURIBuilder(root).appendEntitySetSegment(set).appendKeySegment(key).build();
    }

    private static ClientEntity only(ClientEntitySet s) {
        assertEquals(1, s.getEntities().size(), s.toString());
        return s.getEntities().get(0);
    }

    private static List<String> names(ClientEntitySet s) {
        return s.getEntities().stream().map(e -> string(e, "Name")).toList();
    }

    private static String string(ClientEntity e, String name) {
        ClientProperty p = e.getProperty(name);
        assertNotNull(p, name + " missing in " + e);
        return cast(p.getPrimitiveValue(), String.class);
    }

    private static UUID uuid(ClientEntity e, String name) {
        ClientProperty p = e.getProperty(name);
        assertNotNull(p, name + " missing in " + e);
        assertEquals("Edm.Guid", p.getPrimitiveValue().getTypeName(), name);
        return cast(p.getPrimitiveValue(), UUID.class);
    }

    private static <T> T cast(ClientPrimitiveValue v, Class<T> type) {
        try {
            return v.toCastValue(type);
        } catch (EdmPrimitiveTypeException e) {
            throw new AssertionError(v.getTypeName() + " " + v + " is no " + type.getSimpleName(), e);
        }
    }
}
