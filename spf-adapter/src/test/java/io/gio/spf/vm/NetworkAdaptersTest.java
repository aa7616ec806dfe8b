package io.gio.spf.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.query.EntityRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkAdaptersTest {

    private static final CreateVmRequest.NetworkRef CONTOSO =
            new CreateVmRequest.NetworkRef(Optional.empty(), Optional.of("Contoso Network"));

    TestFabric fabric;
    NetworkAdapters adapters;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        adapters = fabric.adapter.networkAdapters();
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    private EntityRow vm(String name) {
        return fabric.row("VirtualMachines", "Name", name);
    }

    private EntityRow job(UUID id) {
        return fabric.row("Jobs", "ID", id);
    }

    private EntityRow nic(UUID id) {
        return fabric.row("VirtualNetworkAdapters", "ID", id);
    }

    private List<EntityRow> nicsOf(EntityRow vm) {
        return fabric.rows("VirtualNetworkAdapters", "VMId", vm.get("ID"));
    }

    private NetworkAdapters.Added add(EntityRow vm, CreateVmRequest.NetworkRef network) {
        return adapters.add((UUID) vm.get("ID"), (UUID) vm.get("StampId"), network, Optional.empty(), Optional.empty(),
                "admin");
    }

    private void runJobs() {
        for (int i = 0; i < 10; i++) {
            fabric.clock.advance(Duration.ofSeconds(5));
            fabric.adapter.jobRunner().tick();
        }
    }

    private static CreateVmRequest.NetworkRef named(String name) {
        return new CreateVmRequest.NetworkRef(Optional.empty(), Optional.of(name));
    }

    /** A second VM network on GIO-V1, carved from its Internet logical network. */
    private UUID internetVmNetwork(String name) {
        EntityRow internet = fabric.rows("LogicalNetworks", "Name", "Internet").stream()
                .filter(l -> l.get("StampId").equals(vm("web01").get("StampId"))).findFirst().orElseThrow();
        return fabric.adapter.vmNetworks().create((UUID) internet.get("StampId"), name, (UUID) internet.get("ID"),
                Optional.empty(), "admin");
    }

    @Test
    void aStoppedVmGetsItsAdapterListedAtOnceAndAddressedWhenTheJobEnds() {
        EntityRow app = vm("app01");
        assertEquals("PowerOff", app.get("Status"));
        assertEquals(1, nicsOf(app).size());
        NetworkAdapters.Added added = add(app, CONTOSO);
        EntityRow pending = nic(added.nicId());
        assertEquals("Network Adapter 2", pending.get("Name"));
        assertEquals(1, pending.get("SlotId"));
        assertEquals("00:00:00:00:00:00", pending.get("MACAddress"), "VMM shows no dynamic MAC before it is assigned");
        assertEquals("Dynamic", pending.get("MACAddressType"));
        assertEquals("Contoso Network", pending.get("VMNetworkName"));
        assertEquals(List.of(), pending.get("IPv4Addresses"));
        assertEquals(app.get("ID"), pending.get("VMId"));
        EntityRow running = job(added.jobId());
        assertEquals("Running", running.get("Status"));
        assertEquals("New-SCVirtualNetworkAdapter", running.get("CmdletName"));
        assertEquals(added.jobId(), vm("app01").get("MostRecentTaskId"));

        runJobs();
        assertEquals("Completed", job(added.jobId()).get("Status"));
        EntityRow done = nic(added.nicId());
        assertTrue(((String) done.get("MACAddress")).startsWith("00:15:5D:"), done.toString());
        @SuppressWarnings("unchecked")
        List<Object> ips = (List<Object>) done.get("IPv4Addresses");
        assertEquals(1, ips.size());
        assertTrue(ips.get(0).toString().startsWith("10.0."), ips.toString());
        assertEquals(pending.get("VMNetworkId"), done.get("VMNetworkId"));
        assertEquals(2, nicsOf(vm("app01")).size());
        assertEquals("PowerOff", vm("app01").get("Status"));
    }

    @Test
    void aRunningVmRefusesTheAddAndItsJobFails() {
        EntityRow web = vm("web01");
        assertEquals("Running", web.get("Status"));
        SpfException e = assertThrows(SpfException.class, () -> add(web, CONTOSO));
        assertEquals(SpfErrorCode.CONFLICT, e.code());
        assertTrue(e.getMessage().contains("RUNNING"), e.getMessage());
        UUID failed = (UUID) vm("web01").get("FailedJobID");
        assertTrue(e.getMessage().contains(failed.toString()), e.getMessage());
        EntityRow job = job(failed);
        assertEquals("Failed", job.get("Status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> err = (Map<String, Object>) job.get("ErrorInfo");
        assertEquals("INVALID_STATE", err.get("ErrorCodeString"));
        assertEquals(1, nicsOf(web).size(), "the adapter the job would have added is not listed");
    }

    @Test
    void aRunningVmsAdapterIsReconnectedByItsJob() {
        EntityRow web = vm("web01");
        EntityRow nic = nicsOf(web).get(0);
        UUID nicId = (UUID) nic.get("ID");
        UUID stamp = (UUID) nic.get("StampId");
        UUID dmz = internetVmNetwork("contoso-dmz");
        UUID job = adapters.update(nicId, stamp, Optional.of(named("contoso-dmz")), Optional.of("Dynamic"),
                Optional.of((String) nic.get("MACAddress")), "admin").orElseThrow();
        assertEquals("Contoso Network", nic(nicId).get("VMNetworkName"), "the new network shows once the job ends");
        SpfException inUse = assertThrows(SpfException.class,
                () -> fabric.adapter.vmNetworks().delete(dmz, stamp, "admin"));
        assertEquals(SpfErrorCode.CONFLICT, inUse.code(), "a network an adapter is being connected to is in use");

        runJobs();
        assertEquals("Completed", job(job).get("Status"));
        EntityRow moved = nic(nicId);
        assertEquals(dmz, moved.get("VMNetworkId"));
        assertEquals("contoso-dmz", moved.get("VMNetworkName"));
        assertEquals(nic.get("MACAddress"), moved.get("MACAddress"));
        @SuppressWarnings("unchecked")
        List<Object> ips = (List<Object>) moved.get("IPv4Addresses");
        assertTrue(ips.get(0).toString().startsWith("203.0.113."), ips.toString());
        assertEquals("Running", vm("web01").get("Status"));
        assertEquals(Optional.empty(), adapters.update(nicId, stamp, Optional.of(new CreateVmRequest.NetworkRef(
                Optional.of(dmz), Optional.empty())), Optional.empty(), Optional.empty(), "admin"), "nothing changes");
        assertEquals(Optional.empty(), adapters.update(nicId, stamp, Optional.empty(), Optional.empty(),
                Optional.empty(), "admin"));
    }

    @Test
    void removingNeedsAStoppedVmOrTheJobFails() {
        EntityRow web = vm("web01");
        UUID nicId = (UUID) nicsOf(web).get(0).get("ID");
        UUID stamp = (UUID) web.get("StampId");
        UUID refused = adapters.remove(nicId, stamp, "admin");
        assertEquals("Failed", job(refused).get("Status"));
        assertEquals(refused, vm("web01").get("FailedJobID"));
        assertEquals(1, nicsOf(web).size());

        EntityRow app = vm("app01");
        UUID appNic = (UUID) nicsOf(app).get(0).get("ID");
        UUID job = adapters.remove(appNic, stamp, "admin");
        assertEquals(1, nicsOf(app).size(), "the adapter goes when the job ends");
        runJobs();
        assertEquals("Completed", job(job).get("Status"));
        assertTrue(nicsOf(app).isEmpty());
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class,
                () -> adapters.remove(appNic, stamp, "admin")).code());
        NetworkAdapters.Added again = add(app, CONTOSO);
        assertEquals("Network Adapter 1", nic(again.nicId()).get("Name"), "the freed slot is used again");
        assertEquals(0, nic(again.nicId()).get("SlotId"));
    }

    @Test
    void theVmNetworkMustBeOnTheVmsStamp() {
        EntityRow app = vm("app01");
        SpfException unknown = assertThrows(SpfException.class, () -> add(app, named("No Such Network")));
        assertEquals(SpfErrorCode.BAD_REQUEST, unknown.code());
        assertTrue(unknown.getMessage().contains("No Such Network"), unknown.getMessage());
        UUID v2Network = fabric.rows("VMNetworks", "Name", "Contoso Network").stream()
                .filter(n -> !n.get("StampId").equals(app.get("StampId"))).map(n -> (UUID) n.get("ID"))
                .findFirst().orElseThrow();
        SpfException foreign = assertThrows(SpfException.class,
                () -> add(app, new CreateVmRequest.NetworkRef(Optional.of(v2Network), Optional.empty())));
        assertEquals(SpfErrorCode.BAD_REQUEST, foreign.code());
        assertTrue(foreign.getMessage().contains(v2Network.toString()), foreign.getMessage());
        assertEquals(1, nicsOf(app).size());
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class, () -> adapters.add(UUID.randomUUID(),
                (UUID) app.get("StampId"), CONTOSO, Optional.empty(), Optional.empty(), "admin")).code());
    }

    @Test
    void theNinthAdapterIsABadRequestNamingTheLimit() {
        EntityRow app = vm("app01");
        for (int i = 1; i < 8; i++) {
            add(app, CONTOSO);
            runJobs();
        }
        assertEquals(8, nicsOf(app).size());
        SpfException e = assertThrows(SpfException.class, () -> add(app, CONTOSO));
        assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
        assertEquals("GIO-V1 (Hyper-V 2.0 (Windows Server 2008 R2)) allows at most 8 network adapters per VM; the"
                + " virtual machine app01 has 8.", e.getMessage());
        assertEquals(8, nicsOf(app).size());
    }

    @Test
    void aStaticMacIsKeptAndCannotChange() {
        EntityRow app = vm("app01");
        NetworkAdapters.Added added = adapters.add((UUID) app.get("ID"), (UUID) app.get("StampId"), CONTOSO,
                Optional.of("Static"), Optional.of("00-1d-d8-b7-1c-00"), "admin");
        assertEquals("00:1D:D8:B7:1C:00", nic(added.nicId()).get("MACAddress"));
        assertEquals("Static", nic(added.nicId()).get("MACAddressType"));
        runJobs();
        assertEquals("Completed", job(added.jobId()).get("Status"));
        assertEquals("00:1D:D8:B7:1C:00", nic(added.nicId()).get("MACAddress"));
        assertEquals("Static", nic(added.nicId()).get("EthernetAddressType"));

        UUID stamp = (UUID) app.get("StampId");
        assertEquals(Optional.empty(), adapters.update(added.nicId(), stamp, Optional.empty(), Optional.of("static"),
                Optional.of("001DD8B71C00"), "admin"), "the same address in another spelling is no change");
        SpfException change = assertThrows(SpfException.class, () -> adapters.update(added.nicId(), stamp,
                Optional.empty(), Optional.of("Static"), Optional.of("00:1D:D8:B7:1C:01"), "admin"));
        assertEquals(SpfErrorCode.BAD_REQUEST, change.code());
        assertTrue(change.getMessage().contains("cannot be changed"), change.getMessage());
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class, () -> adapters.update(added.nicId(),
                stamp, Optional.empty(), Optional.of("Dynamic"), Optional.empty(), "admin")).code());
    }

    @Test
    void malformedMacRequestsAreBadRequests() {
        for (List<Optional<String>> bad : List.of(
                List.of(Optional.of("Static"), Optional.<String>empty()),
                List.of(Optional.of("Fixed"), Optional.of("00:1D:D8:B7:1C:00")),
                List.of(Optional.<String>empty(), Optional.of("01:00:5E:00:00:01")),
                List.of(Optional.of("Static"), Optional.of("00:00:00:00:00:00")),
                List.of(Optional.of("Static"), Optional.of("00:1D:D8:B7:1C")),
                List.of(Optional.of("Static"), Optional.of("00:1D-D8:B7:1C:00")))) {
            SpfException e = assertThrows(SpfException.class, () -> NetworkAdapters.staticMac(bad.get(0), bad.get(1)));
            assertEquals(SpfErrorCode.BAD_REQUEST, e.code(), bad.toString());
        }
        assertEquals(Optional.empty(), NetworkAdapters.staticMac(Optional.of("Dynamic"), Optional.of("00:15:5D:00:00:01")));
        assertEquals(Optional.empty(), NetworkAdapters.staticMac(Optional.empty(), Optional.of("00:00:00:00:00:00")));
        assertEquals(Optional.of("00:15:5D:0A:0B:0C"), NetworkAdapters.staticMac(Optional.empty(),
                Optional.of("00155d0a0b0c")));
    }

    @Test
    void aDeletedVmTakesItsAdaptersAndPendingChangesWithIt() {
        EntityRow app = vm("app01");
        NetworkAdapters.Added added = add(app, CONTOSO);
        runJobs();
        UUID job = fabric.adapter.vmCommands().delete((UUID) app.get("ID"), (UUID) app.get("StampId"), "admin");
        runJobs();
        assertEquals("Completed", job(job).get("Status"));
        assertTrue(fabric.rows("VirtualNetworkAdapters", "ID", added.nicId()).isEmpty());
        assertNotEquals(0, fabric.rows("VirtualNetworkAdapters", "Name", "Network Adapter 1").size(),
                "other VMs keep theirs");
    }
}
