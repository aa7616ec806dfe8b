package io.gio.conformance;

import static io.gio.conformance.OlingoClients.VMM;
import static io.gio.conformance.OlingoClients.awaitJob;
import static io.gio.conformance.OlingoClients.cast;
import static io.gio.conformance.OlingoClients.entityUri;
import static io.gio.conformance.OlingoClients.full;
import static io.gio.conformance.OlingoClients.list;
import static io.gio.conformance.OlingoClients.minimal;
import static io.gio.conformance.OlingoClients.names;
import static io.gio.conformance.OlingoClients.only;
import static io.gio.conformance.OlingoClients.root;
import static io.gio.conformance.OlingoClients.status;
import static io.gio.conformance.OlingoClients.string;
import static io.gio.conformance.OlingoClients.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.olingo.client.api.communication.ODataClientErrorException;
import org.apache.olingo.client.api.communication.request.cud.ODataEntityUpdateRequest;
import org.apache.olingo.client.api.communication.request.cud.UpdateType;
import org.apache.olingo.client.api.communication.request.invoke.ClientNoContent;
import org.apache.olingo.client.api.communication.response.ODataDeleteResponse;
import org.apache.olingo.client.api.communication.response.ODataEntityCreateResponse;
import org.apache.olingo.client.api.communication.response.ODataEntityUpdateResponse;
import org.apache.olingo.client.api.communication.response.ODataInvokeResponse;
import org.apache.olingo.client.api.domain.ClientCollectionValue;
import org.apache.olingo.client.api.domain.ClientComplexValue;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.api.domain.ClientObjectFactory;
import org.apache.olingo.client.api.domain.ClientValue;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Apache Olingo OData 4 Java client making the writes SPF clients make, on a VM of its own:
 * create it from a template, PATCH {@code Operation}s ({@code Suspend}, {@code Resume} with
 * {@code return=representation}, {@code Stop}) and a new name, create and delete a checkpoint,
 * invoke the bound action {@code VMM.Expand} on its disk drive, delete it; each job polled by key
 * through the client.
 */
final class OlingoClientWritesIT {

    private static final FullQualifiedName VM_TYPE = new FullQualifiedName(VMM, "VirtualMachine");
    private static final String VM_NAME = "olingo-vm01";

    @BeforeAll
    static void start() throws IOException {
        OlingoClients.start();
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
}
