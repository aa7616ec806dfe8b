package io.gio.spf.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.query.EntityRow;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmSettingsTest {

    TestFabric fabric;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
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

    private static VmSettingsChange change(Optional<String> name, OptionalInt cpu, OptionalInt memory) {
        return new VmSettingsChange(name, Optional.empty(), Optional.empty(), cpu, memory, Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty());
    }

    private Optional<UUID> apply(EntityRow vm, VmSettingsChange c) {
        return fabric.adapter.vmSettings().apply((UUID) vm.get("ID"), (UUID) vm.get("StampId"), c, "admin");
    }

    private void runJobs() {
        for (int i = 0; i < 20; i++) {
            fabric.clock.advance(Duration.ofSeconds(10));
            fabric.adapter.jobRunner().tick();
        }
    }

    @Test
    void aRenameNeedsNoJob() {
        EntityRow web = vm("web01");
        assertTrue(apply(web, change(Optional.of("  web01-renamed "), OptionalInt.empty(), OptionalInt.empty()))
                .isEmpty());
        assertEquals(web.get("ID"), vm("web01-renamed").get("ID"));
    }

    @Test
    void aStoppedVmIsResizedByItsJob() {
        EntityRow app = vm("app01");
        assertEquals("PowerOff", app.get("Status"));
        UUID job = apply(app, change(Optional.empty(), OptionalInt.of(3), OptionalInt.of(6144))).orElseThrow();
        runJobs();
        assertEquals("Completed", job(job).get("Status"));
        EntityRow after = vm("app01");
        assertEquals((short) 3, after.get("CPUCount"));
        assertEquals(6144, after.get("Memory"));
        assertEquals("PowerOff", after.get("Status"));
    }

    @Test
    void theGenerationLimitIsNamedAndNothingChanges() {
        EntityRow app = vm("app01");
        SpfException e = assertThrows(SpfException.class,
                () -> apply(app, change(Optional.of("renamed"), OptionalInt.of(8), OptionalInt.empty())));
        assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("at most 4 virtual processors"), e.getMessage());
        assertEquals(app.get("CPUCount"), vm("app01").get("CPUCount"));
    }

    @Test
    void aRunningVmFailsItsJobAndKeepsItsHardware() {
        EntityRow web = vm("web01");
        assertEquals("Running", web.get("Status"));
        UUID job = apply(web, change(Optional.empty(), OptionalInt.empty(), OptionalInt.of(16384))).orElseThrow();
        runJobs();
        assertEquals("Failed", job(job).get("Status"));
        assertEquals(web.get("Memory"), vm("web01").get("Memory"));
        assertEquals("Running", vm("web01").get("Status"));
    }

    @Test
    void inconsistentMemoryAndBadNamesAreBadRequests() {
        EntityRow app = vm("app01");
        VmSettingsChange dynamic = new VmSettingsChange(Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalInt.of(2048), Optional.of(true), OptionalInt.of(4096), OptionalInt.of(1024));
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class, () -> apply(app, dynamic)).code());
        assertEquals(SpfErrorCode.BAD_REQUEST, assertThrows(SpfException.class,
                () -> apply(app, change(Optional.of(" "), OptionalInt.empty(), OptionalInt.empty()))).code());
        assertEquals(SpfErrorCode.NOT_FOUND, assertThrows(SpfException.class, () -> fabric.adapter.vmSettings()
                .apply(UUID.randomUUID(), (UUID) app.get("StampId"), change(Optional.of("x"), OptionalInt.empty(),
                        OptionalInt.empty()), "admin")).code());
    }
}
