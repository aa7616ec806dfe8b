package io.gio.spf.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.query.EntityRow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmProvisioningTest {

    TestFabric fabric;
    UUID v1;
    UUID contosoCloud;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        EntityRow cloud = one("Clouds", "Name", "Contoso Cloud");
        v1 = (UUID) cloud.get("StampId");
        contosoCloud = (UUID) cloud.get("ID");
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    private List<EntityRow> where(String set, String prop, Object value) {
        return fabric.rows(set, prop, value);
    }

    private EntityRow one(String set, String prop, Object value) {
        return fabric.row(set, prop, value);
    }

    private UUID template(String name) {
        return (UUID) where("VMTemplates", "Name", name).stream().filter(t -> t.get("StampId").equals(v1))
                .findFirst().orElseThrow().get("ID");
    }

    private CreateVmRequest request(String name, Optional<UUID> template, Optional<UUID> vhd, Optional<UUID> profile,
            OptionalInt cpu, boolean start) {
        return new CreateVmRequest(v1, contosoCloud, name, Optional.empty(), Optional.of("made by a test"), template, vhd,
                profile, cpu, OptionalInt.empty(),
                List.of(new CreateVmRequest.NetworkRef(Optional.empty(), Optional.of("Contoso Network"))), start);
    }

    private void runJobs(Duration d) {
        for (int i = 0; i < 10; i++) {
            fabric.clock.advance(d.dividedBy(10));
            fabric.adapter.jobRunner().tick();
        }
    }

    @Test
    void createFromATemplateShowsCreatingThenRuns() {
        UUID tpl = template("Windows Server 2012 R2 Datacenter");
        VmProvisioning.Created c = fabric.adapter.vmProvisioning().create(
                request("new01", Optional.of(tpl), Optional.empty(), Optional.empty(), OptionalInt.empty(), true), "admin");
        EntityRow vm = one("VirtualMachines", "ID", c.vmId());
        assertEquals("UnderCreation", vm.get("Status"));
        assertEquals("Creating...", vm.get("StatusString"));
        assertEquals(tpl, vm.get("VMTemplateId"));
        assertEquals("Windows Server 2012 R2 Datacenter", vm.get("OperatingSystem"));
        assertEquals(c.jobId(), vm.get("MostRecentTaskId"));
        EntityRow nic = one("VirtualNetworkAdapters", "VMId", c.vmId());
        assertEquals("Contoso Network", nic.get("VMNetworkName"));
        assertTrue(((String) one("VirtualHardDisks", "VMId", c.vmId()).get("Location")).endsWith(".vhd"));

        runJobs(Duration.ofMinutes(3));
        assertEquals("Completed", one("Jobs", "ID", c.jobId()).get("Status"));
        assertEquals("Running", one("VirtualMachines", "ID", c.vmId()).get("Status"));
    }

    @Test
    void createFromALibraryDiskWithAProfile() {
        EntityRow vhd = where("VirtualHardDisks", "StampId", v1).stream().filter(d -> d.get("VMId") == null)
                .findFirst().orElseThrow();
        EntityRow large = where("HardwareProfiles", "StampId", v1).stream()
                .filter(p -> ((String) p.get("Name")).startsWith("Large")).findFirst().orElseThrow();
        VmProvisioning.Created c = fabric.adapter.vmProvisioning().create(request("fromdisk", Optional.empty(),
                Optional.of((UUID) vhd.get("ID")), Optional.of((UUID) large.get("ID")), OptionalInt.empty(), false), "admin");
        EntityRow vm = one("VirtualMachines", "ID", c.vmId());
        assertEquals((short) 4, vm.get("CPUCount"));
        assertEquals(large.get("ID"), vm.get("HardwareProfileId"));
        runJobs(Duration.ofMinutes(3));
        assertEquals("PowerOff", one("VirtualMachines", "ID", c.vmId()).get("Status"));
    }

    @Test
    void theGenerationsLimitsAreRefusedByName() {
        UUID tpl = template("CentOS Linux 7 (64 bit)");
        SpfException e = assertThrows(SpfException.class, () -> fabric.adapter.vmProvisioning().create(
                request("big", Optional.of(tpl), Optional.empty(), Optional.empty(), OptionalInt.of(8), false), "admin"));
        assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("at most 4 virtual processors"), e.getMessage());
        assertTrue(e.getMessage().contains("GIO-V1"), e.getMessage());
        assertEquals(0, where("VirtualMachines", "Name", "big").size(), "nothing was created");
    }

    @Test
    void badReferencesAreRefused() {
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class, () -> fabric.adapter.vmProvisioning()
                .create(request("x", Optional.of(UUID.randomUUID()), Optional.empty(), Optional.empty(),
                        OptionalInt.empty(), false), "admin")).code());
        EntityRow vhd = where("VirtualHardDisks", "StampId", v1).stream().filter(d -> d.get("VMId") == null)
                .findFirst().orElseThrow();
        SpfException noProfile = assertThrows(SpfException.class, () -> fabric.adapter.vmProvisioning().create(
                request("x", Optional.empty(), Optional.of((UUID) vhd.get("ID")), Optional.empty(), OptionalInt.empty(),
                        false), "admin"));
        assertTrue(noProfile.getMessage().contains("HardwareProfileId"));
        SpfException noSource = assertThrows(SpfException.class, () -> fabric.adapter.vmProvisioning().create(
                request("x", Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), false), "admin"));
        assertTrue(noSource.getMessage().contains("VMTemplateId"));
    }

    @Test
    void deleteNeedsAStoppedVmThenRemovesItAndItsDisks() {
        EntityRow web = one("VirtualMachines", "Name", "web01");
        SpfException running = assertThrows(SpfException.class, () -> fabric.adapter.vmCommands()
                .delete((UUID) web.get("ID"), (UUID) web.get("StampId"), "admin"));
        assertEquals(SpfErrorCode.CONFLICT, running.code());
        assertTrue(running.getMessage().contains("Running"));

        EntityRow app = one("VirtualMachines", "Name", "app01");
        UUID job = fabric.adapter.vmCommands().delete((UUID) app.get("ID"), (UUID) app.get("StampId"), "admin");
        assertEquals("Deleting", one("VirtualMachines", "Name", "app01").get("Status"));
        runJobs(Duration.ofSeconds(30));
        assertEquals("Completed", one("Jobs", "ID", job).get("Status"));
        assertEquals(0, where("VirtualMachines", "Name", "app01").size());
        assertEquals(0, where("VirtualHardDisks", "VMId", app.get("ID")).size());
        assertTrue(fabric.driver.vm((UUID) app.get("ID")).isEmpty());
    }
}
