package io.gio.spf.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.vm.VmOperation;
import io.gio.spf.vm.VmSettingsChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A VM resize (processors, memory, a hardware profile) in a subscription's cloud is checked against
 * the subscription's quotas atomically, as a create is: it reserves what the VM grows by, the
 * reservation is held by the resize's job and settled when the job ends.
 */
class ResizeQuotaTest {

    static final String ALICE = CentosVms.ALICE;

    TestFabric fabric;
    Quotas quotas;
    CentosVms centos;
    UUID v1;

    @BeforeEach
    void setUp() {
        fabric = new TestFabric(0);
        quotas = fabric.adapter.quotas();
        centos = new CentosVms(fabric);
        v1 = centos.v1;
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    /** A subscription with {@code vms} stopped CentOS VMs (1 vCPU, 2048 MB each) and these role quotas. */
    private Subscription subscription(String name, Long cores, Long memoryMb, OptionalInt maxCpuPerVm, int vms) {
        return centos.subscription(name, QuotaLimits.of(null, cores, memoryMb, null), maxCpuPerVm, vms);
    }

    private UUID vm(Subscription s, int i) {
        return centos.vm(s, i);
    }

    private Optional<UUID> resize(UUID vm, Optional<String> name, OptionalInt cpu, OptionalInt memory) {
        return fabric.adapter.vmSettings().apply(vm, v1, new VmSettingsChange(name, Optional.empty(), Optional.empty(),
                cpu, memory, Optional.empty(), OptionalInt.empty(), OptionalInt.empty()), ALICE);
    }

    private UUID cpu(UUID vm, int cpu) {
        return resize(vm, Optional.empty(), OptionalInt.of(cpu), OptionalInt.empty()).orElseThrow();
    }

    private void runJobs() {
        centos.runJobs();
    }

    private static SpfException refused(SpfErrorCode code, org.junit.jupiter.api.function.Executable call) {
        return CentosVms.refused(code, call);
    }

    @Test
    void aResizeReservesWhatItGrowsByUntilItsJobEnds() {
        Subscription s = subscription("Resize", 5L, 12288L, OptionalInt.empty(), 3);
        UUID a = vm(s, 0);
        UUID b = vm(s, 1);
        assertEquals(new Usage(3, 3, 6144, 60), quotas.usage(s.id()));

        // +3 processors with 3 in use does not fit a quota of 5; nothing changes, not even the name
        assertEquals("The subscription's quota of 5 virtual processors does not leave room for 3 more (3 in use).",
                refused(SpfErrorCode.BAD_REQUEST, () -> resize(a, Optional.of("renamed"), OptionalInt.of(4),
                        OptionalInt.empty())).getMessage());
        assertEquals(s.name() + "-0", fabric.row("VirtualMachines", "ID", a).get("Name"));
        assertEquals(Usage.NONE, quotas.reserved(s.id()));

        UUID job = cpu(a, 3);
        assertEquals(new Usage(0, 2, 0, 0), quotas.reserved(s.id()), "the growth is held while the job runs");
        assertEquals("The subscription's quota of 5 virtual processors is used up (5 in use).",
                refused(SpfErrorCode.BAD_REQUEST, () -> cpu(b, 2)).getMessage());
        runJobs();
        assertEquals("Completed", fabric.row("Jobs", "ID", job).get("Status"));
        assertEquals(Usage.NONE, quotas.reserved(s.id()), "settled when the job ended");
        assertTrue(quotas.openReservations(s.id()).isEmpty());
        assertEquals(new Usage(3, 5, 6144, 60), quotas.usage(s.id()), "the VM's row carries the new size");

        // memory grows by the difference too
        assertEquals("The subscription's quota of 12288 MB of memory does not leave room for 8192 MB more"
                + " (6144 MB in use).", refused(SpfErrorCode.BAD_REQUEST,
                () -> resize(b, Optional.empty(), OptionalInt.empty(), OptionalInt.of(10240))).getMessage());
        resize(b, Optional.empty(), OptionalInt.empty(), OptionalInt.of(8192)).orElseThrow();
        assertEquals(new Usage(0, 0, 6144, 0), quotas.reserved(s.id()));
        runJobs();
        assertEquals(new Usage(3, 5, 12288, 60), quotas.usage(s.id()));

        // shrinking needs no room, even with the quota used up; then the room is there again
        cpu(a, 1);
        runJobs();
        assertEquals(3, quotas.usage(s.id()).cores());
        cpu(b, 3);
        runJobs();
        assertEquals(5, quotas.usage(s.id()).cores());
    }

    @Test
    void aResizeTheFabricRefusesReleasesItsReservation() {
        Subscription s = subscription("Refused", 4L, null, OptionalInt.empty(), 1);
        UUID a = vm(s, 0);
        fabric.adapter.vmCommands().power(a, v1, VmOperation.START, ALICE);
        runJobs();
        assertEquals("Running", fabric.row("VirtualMachines", "ID", a).get("Status"));
        UUID job = cpu(a, 4);
        runJobs();
        assertEquals("Failed", fabric.row("Jobs", "ID", job).get("Status"));
        assertEquals(Usage.NONE, quotas.reserved(s.id()));
        assertTrue(quotas.openReservations(s.id()).isEmpty());
        assertEquals(1, quotas.usage(s.id()).cores());
        fabric.adapter.vmCommands().power(a, v1, VmOperation.STOP, ALICE);
        runJobs();
        cpu(a, 4);
        runJobs();
        assertEquals(4, quotas.usage(s.id()).cores(), "the whole quota was free again");
    }

    @Test
    void concurrentResizesNeverPassTheQuota() throws Exception {
        Subscription s = subscription("Race", 10L, null, OptionalInt.empty(), 6);
        List<UUID> vms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            vms.add(vm(s, i));
        }
        // 6 in use, room for 4 more: of six resizes to 3 processors (+2 each) exactly two fit
        RaceResult result = Race.run(6, i -> cpu(vms.get(i), 3));
        assertEquals(2, result.succeeded(), result.toString());
        for (SpfException e : result.refused()) {
            assertEquals(SpfErrorCode.BAD_REQUEST, e.code());
            assertTrue(e.getMessage().startsWith("The subscription's quota of 10 virtual processors"), e.getMessage());
        }
        runJobs();
        assertEquals(10, quotas.usage(s.id()).cores());
        assertEquals(Usage.NONE, quotas.reserved(s.id()));
    }

    @Test
    void thePlansLargestVmAndTheSubscriptionsStateApply() {
        Subscription s = subscription("Small VMs", null, null, OptionalInt.of(2), 1);
        UUID a = vm(s, 0);
        assertEquals("Plan 'Small VMs' allows at most 2 virtual processors per VM; 3 were asked for.",
                refused(SpfErrorCode.BAD_REQUEST, () -> cpu(a, 3)).getMessage());
        fabric.adapter.subscriptions().suspend(s.id());
        refused(SpfErrorCode.FORBIDDEN, () -> cpu(a, 2));
        fabric.adapter.subscriptions().activate(s.id());
        cpu(a, 2);
        runJobs();
        assertEquals(2, quotas.usage(s.id()).cores());
    }
}
