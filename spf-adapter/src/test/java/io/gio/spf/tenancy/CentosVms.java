package io.gio.spf.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.TestFabric;
import io.gio.spf.vm.CreateVmRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/**
 * For quota tests: subscriptions of Alice's with stopped CentOS VMs (1 vCPU, 2048 MB, one 20 GB
 * disk each) on a test fabric's GIO-V1, and its jobs run on its virtual clock.
 */
final class CentosVms {

    static final String ALICE = "alice@contoso.example";

    final TestFabric fabric;
    final UUID v1;

    CentosVms(TestFabric fabric) {
        this.fabric = fabric;
        this.v1 = (UUID) fabric.row("Clouds", "Name", "Contoso Cloud").get("StampId");
    }

    /** A subscription to a new plan with these role quotas and largest VM, holding {@code vms} VMs. */
    Subscription subscription(String name, QuotaLimits role, OptionalInt maxCpuPerVm, int vms) {
        Plan plan = fabric.adapter.plans().create(PlanSpec.of(name, v1)
                .withQuota(new QuotaSettings(role, QuotaLimits.UNLIMITED))
                .withVmLimits(false, maxCpuPerVm, OptionalInt.empty()));
        Subscription s = fabric.adapter.subscriptions().create(NewSubscription.of(name, ALICE, plan.id()));
        UUID template = (UUID) fabric.rows("VMTemplates", "Name", "CentOS Linux 7 (64 bit)").stream()
                .filter(t -> t.get("StampId").equals(v1)).findFirst().orElseThrow().get("ID");
        for (int i = 0; i < vms; i++) {
            fabric.adapter.vmProvisioning().create(new CreateVmRequest(v1, s.cloudId(), name + "-" + i, Optional.empty(),
                    Optional.empty(), Optional.of(template), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), List.of(), false), ALICE);
        }
        runJobs();
        return s;
    }

    /** The subscription's {@code i}-th VM, stopped. */
    UUID vm(Subscription s, int i) {
        UUID id = (UUID) fabric.rows("VirtualMachines", "CloudId", s.cloudId()).stream()
                .filter(r -> r.get("Name").equals(s.name() + "-" + i)).findFirst().orElseThrow().get("ID");
        assertEquals("PowerOff", fabric.row("VirtualMachines", "ID", id).get("Status"));
        return id;
    }

    /** Ten simulated minutes of jobs. */
    void runJobs() {
        for (int i = 0; i < 20; i++) {
            fabric.clock.advance(Duration.ofSeconds(30));
            fabric.adapter.jobRunner().tick();
        }
    }

    static SpfException refused(SpfErrorCode code, Executable call) {
        SpfException e = org.junit.jupiter.api.Assertions.assertThrows(SpfException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }
}
