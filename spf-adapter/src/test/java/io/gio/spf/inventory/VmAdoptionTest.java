package io.gio.spf.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricSeeding;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.VmSpec;
import io.gio.spf.TestFabric;
import io.gio.spf.demo.DemoTenancy;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityReader;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Expr;
import io.gio.spf.query.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory refresh over the simulated fabric: VMs put on the fabric behind the adapter's back
 * are adopted into the VMM view (the administrator's, not a tenant's); VMs the fabric lost are
 * marked Missing and kept.
 */
class VmAdoptionTest {

    private TestFabric fabric;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    @Test
    void adoptsFabricVmsTheViewLacksForTheAdministratorOnly() {
        assertEquals(new VmAdoption.Result(0, 0, 0), fabric.adapter.refreshInventory(), "the demo data is complete");
        Stamp stamp = fabric.driver.stamps().get(0);
        UUID host = fabric.driver.hosts(stamp.id()).get(0).id();
        UUID volume = fabric.driver.volumes(stamp.id()).get(0).id();
        UUID network = fabric.driver.networks(stamp.id()).get(0).id();
        DiskFormat format = stamp.generation().diskFormats().iterator().next();
        UUID running = UUID.randomUUID();
        UUID stopped = UUID.randomUUID();
        UUID disk = UUID.randomUUID();
        UUID nic = UUID.randomUUID();
        fabric.driver.seeding().orElseThrow().seedVms(List.of(
                new FabricSeeding.SeededVm(new VmSpec(running, stamp.id(), "found-running", 2, 2048,
                        List.of(new DiskSpec(disk, "found-running_os", format, 40L << 30, 8L << 30, 0,
                                Optional.of(volume), true)),
                        List.of(new NicSpec(nic, network)), false), host, PowerState.RUNNING),
                new FabricSeeding.SeededVm(new VmSpec(stopped, stamp.id(), "found-stopped", 1, 1024, List.of(),
                        List.of(), false), host, PowerState.STOPPED)));
        assertTrue(fabric.rows("VirtualMachines", "ID", running).isEmpty(), "not seen before the refresh");

        assertEquals(new VmAdoption.Result(2, 0, 0), fabric.adapter.refreshInventory());

        EntityRow vm = fabric.row("VirtualMachines", "ID", running);
        assertEquals("found-running", vm.get("Name"));
        assertEquals("Running", vm.get("Status"));
        assertEquals(stamp.id(), vm.get("StampId"));
        assertNull(vm.get("CloudId"), "in no cloud");
        assertEquals("PowerOff", fabric.row("VirtualMachines", "ID", stopped).get("Status"));
        assertEquals(running, fabric.row("VirtualHardDisks", "ID", disk).get("VMId"));
        assertEquals(running, fabric.row("VirtualNetworkAdapters", "ID", nic).get("VMId"));

        EntityReader alice = fabric.adapter.reader(Scope.of(fabric.adapter.subscriptions()
                .get(DemoTenancy.subscriptionId("Contoso", false))));
        assertTrue(alice.list(byId(running)).isEmpty(), "a tenant does not see an adopted VM");
        assertTrue(alice.list(EntityQuery.all("VirtualMachines")).stream()
                .noneMatch(r -> r.get("Name").toString().startsWith("found-")));

        assertEquals(new VmAdoption.Result(0, 0, 0), fabric.adapter.refreshInventory(), "adopted once");
        assertEquals(1, fabric.rows("VirtualMachines", "ID", running).size());
    }

    @Test
    void marksVmsTheFabricLostAsMissingWithoutDeletingThem() {
        EntityRow vm = fabric.rows("VirtualMachines", "Status", "PowerOff").get(0);
        UUID id = (UUID) vm.get("ID");
        fabric.driver.deleteVm(id); // behind the adapter's back, as someone on the host would
        for (int i = 0; i < 600 && fabric.driver.vm(id).isPresent(); i++) {
            fabric.clock.advance(Duration.ofSeconds(10));
        }
        assertTrue(fabric.driver.vm(id).isEmpty(), "the fabric deleted it");

        assertEquals(new VmAdoption.Result(0, 1, 0), fabric.adapter.refreshInventory());
        EntityRow missing = fabric.row("VirtualMachines", "ID", id);
        assertEquals("Missing", missing.get("Status"));
        assertEquals(vm.get("Name"), missing.get("Name"));
        assertEquals(vm.get("CloudId"), missing.get("CloudId"), "kept where it was");

        assertEquals(new VmAdoption.Result(0, 0, 0), fabric.adapter.refreshInventory(), "marked once");
    }

    private static EntityQuery byId(UUID id) {
        return EntityQuery.all("VirtualMachines").withFilter(
                new Expr.Binary(Expr.BinaryOp.EQ, Expr.Prop.of("ID"), new Expr.Literal(id)));
    }
}
