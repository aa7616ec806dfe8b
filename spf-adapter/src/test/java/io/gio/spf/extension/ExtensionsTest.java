package io.gio.spf.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.Screenshot;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.query.EntityRow;
import io.gio.spf.vm.CreateVmRequest;
import io.gio.spf.vm.VmOperation;
import io.gio.spf.vm.VmProvisioning;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Screenshots, QoS and backups through the adapter, on the simulated fabric. */
class ExtensionsTest {

    TestFabric fabric;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
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

    private String finish(UUID job) {
        for (int i = 0; i < 100 && !Boolean.TRUE.equals(one("Jobs", "ID", job).get("IsCompleted")); i++) {
            fabric.clock.advance(Duration.ofMinutes(2));
            fabric.adapter.jobRunner().tick();
        }
        return (String) one("Jobs", "ID", job).get("Status");
    }

    /** A running VM in Contoso's cloud on GIO-V2, the generation with QoS. */
    private EntityRow newGenerationVm() {
        EntityRow cloud = one("Clouds", "Name", "Contoso Cloud V2");
        UUID stamp = (UUID) cloud.get("StampId");
        UUID template = (UUID) where("VMTemplates", "Name", "CentOS Linux 7 (64 bit)").stream()
                .filter(t -> t.get("StampId").equals(stamp)).findFirst().orElseThrow().get("ID");
        VmProvisioning.Created c = fabric.adapter.vmProvisioning().create(new CreateVmRequest(stamp,
                (UUID) cloud.get("ID"), "v2vm", Optional.empty(), Optional.empty(), Optional.of(template),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                List.of(new CreateVmRequest.NetworkRef(Optional.empty(), Optional.of("Contoso Network"))), true),
                "admin");
        assertEquals("Completed", finish(c.jobId()));
        return one("VirtualMachines", "ID", c.vmId());
    }

    @Test
    void aScreenshotIsAPngOfTheConsole() throws Exception {
        EntityRow web = one("VirtualMachines", "Name", "web01");
        Screenshot s = fabric.adapter.screenshots().capture((UUID) web.get("ID"), (UUID) web.get("StampId"));
        var image = ImageIO.read(new ByteArrayInputStream(s.png()));
        assertEquals(s.width(), image.getWidth());
        assertEquals(s.height(), image.getHeight());
        assertEquals("image/png", one("VMScreenshots", "VMId", web.get("ID")).get("Image"));
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class, () -> fabric.adapter.screenshots()
                .capture(UUID.randomUUID(), (UUID) web.get("StampId"))).code());
    }

    @Test
    void qosIsRefusedOnTheOldGenerationByName() {
        EntityRow nic = one("VirtualNetworkAdapterQoS", "VMId", one("VirtualMachines", "Name", "web01").get("ID"));
        assertEquals(false, nic.get("Supported"));
        SpfException e = assertThrows(SpfException.class, () -> fabric.adapter.qos().changeNetwork(
                (UUID) nic.get("ID"), (UUID) nic.get("StampId"), Optional.of(100L), Optional.empty()));
        assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("GIO-V1"), e.getMessage());
        assertNull(one("VirtualNetworkAdapterQoS", "ID", nic.get("ID")).get("MaximumBandwidthMbps"));
    }

    @Test
    void qosOnTheNewGenerationIsSetKeptAndCleared() {
        EntityRow vm = newGenerationVm();
        UUID stamp = (UUID) vm.get("StampId");
        EntityRow nic = one("VirtualNetworkAdapterQoS", "VMId", vm.get("ID"));
        assertEquals(true, nic.get("Supported"));
        fabric.adapter.qos().changeNetwork((UUID) nic.get("ID"), stamp, Optional.of(500L), Optional.of(100L));
        fabric.adapter.qos().changeNetwork((UUID) nic.get("ID"), stamp, Optional.of(800L), Optional.empty());
        EntityRow after = one("VirtualNetworkAdapterQoS", "ID", nic.get("ID"));
        assertEquals(800L, after.get("MaximumBandwidthMbps"));
        assertEquals(100L, after.get("MinimumBandwidthMbps"), "an absent value keeps the setting");
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class, () -> fabric.adapter.qos()
                .changeNetwork((UUID) nic.get("ID"), stamp, Optional.of(50L), Optional.empty())).code(),
                "a maximum below the guaranteed minimum");
        fabric.adapter.qos().changeNetwork((UUID) nic.get("ID"), stamp, Optional.of(0L), Optional.of(0L));
        assertNull(one("VirtualNetworkAdapterQoS", "ID", nic.get("ID")).get("MaximumBandwidthMbps"));

        EntityRow disk = one("VirtualHardDiskQoS", "VMId", vm.get("ID"));
        fabric.adapter.qos().changeStorage((UUID) disk.get("ID"), stamp, Optional.of(5000L), Optional.of(300L));
        assertEquals(5000L, one("VirtualHardDiskQoS", "ID", disk.get("ID")).get("MaximumIops"));
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class, () -> fabric.adapter.qos()
                .changeStorage((UUID) disk.get("ID"), stamp, Optional.of(-1L), Optional.empty())).code());
    }

    @Test
    void aBackupOfARunningVmIsCrashConsistentAndRestoresIntoTheStoppedVm() {
        EntityRow web = one("VirtualMachines", "Name", "web01");
        UUID vm = (UUID) web.get("ID");
        UUID stamp = (UUID) web.get("StampId");
        Backups.Created b = fabric.adapter.backups().create(vm, stamp, Optional.of("nightly"), Optional.empty(),
                OptionalInt.of(7), "admin");
        assertEquals("Creating", one("VMBackups", "ID", b.backupId()).get("Status"));
        assertEquals("Running", one("VirtualMachines", "ID", vm).get("Status"), "the guest keeps running");
        assertEquals("Completed", finish(b.jobId()));
        EntityRow done = one("VMBackups", "ID", b.backupId());
        assertEquals("Available", done.get("Status"));
        assertEquals("CrashConsistent", done.get("Consistency"));
        assertTrue((Long) done.get("SizeBytes") > 0);

        UUID refused = fabric.adapter.backups().restore(b.backupId(), stamp, "admin");
        assertEquals("Failed", finish(refused), "a running VM cannot be restored into");
        assertEquals("Available", one("VMBackups", "ID", b.backupId()).get("Status"));

        assertEquals("Completed", finish(fabric.adapter.vmCommands().power(vm, stamp, VmOperation.STOP, "admin")));
        assertEquals("Completed", finish(fabric.adapter.backups().restore(b.backupId(), stamp, "admin")));
        assertEquals("PowerOff", one("VirtualMachines", "ID", vm).get("Status"));

        fabric.adapter.backups().delete(b.backupId(), stamp);
        assertEquals(0, where("VMBackups", "ID", b.backupId()).size());
    }

    @Test
    void backupsExpireAfterTheirRetention() {
        EntityRow app = one("VirtualMachines", "Name", "app01");
        Backups.Created b = fabric.adapter.backups().create((UUID) app.get("ID"), (UUID) app.get("StampId"),
                Optional.empty(), Optional.empty(), OptionalInt.of(1), "admin");
        assertEquals("Completed", finish(b.jobId()));
        assertEquals("Consistent", one("VMBackups", "ID", b.backupId()).get("Consistency"),
                "a stopped VM gives a consistent backup");
        assertEquals(0, fabric.adapter.backups().expire());
        fabric.clock.advance(Duration.ofDays(1));
        assertEquals(1, fabric.adapter.backups().expire());
        assertEquals(0, where("VMBackups", "ID", b.backupId()).size());
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class, () -> fabric.adapter.backups()
                .create((UUID) app.get("ID"), (UUID) app.get("StampId"), Optional.empty(), Optional.empty(),
                        OptionalInt.of(0), "admin")).code());
    }
}
