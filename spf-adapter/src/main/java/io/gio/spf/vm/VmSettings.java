package io.gio.spf.vm;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.VmHardware;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.VmJobs;
import io.gio.spf.tenancy.Quotas;
import io.gio.spf.tenancy.Reservation;
import io.gio.spf.tenancy.Usage;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Changes a VM's settings as SPF does (AzPS's Set-WAPackVM): name and description at once;
 * processors and memory, from explicit values or a hardware profile, checked against the stamp's
 * generation before anything happens and then applied by the fabric as a job. The fabric refuses
 * hardware changes of a VM that is not stopped; that fails the job, as it does in VMM.
 *
 * <p>A VM in a cloud a subscription holds may grow only within the subscription's quotas: what it
 * grows by (processors, memory) is reserved atomically before anything changes, as a create's size
 * is, and refused with a 400 naming the quota; the reservation is held by the job and released when
 * the job ends (then the VM's row carries its new size), or at once when the fabric refuses the job.
 */
public final class VmSettings {

    private final Jdbi jdbi;
    private final VmStore vms;
    private static final VmJobs.Kind RECONFIGURE = new VmJobs.Kind("Change properties of virtual machine",
            "Set-SCVirtualMachine", "Reconfigure");

    private final VmJobs vmJobs;
    private final ClusterDriver driver;
    private final Clock clock;
    private final Quotas quotas;

    public VmSettings(Jdbi jdbi, VmStore vms, VmJobs vmJobs, ClusterDriver driver, Clock clock, Quotas quotas) {
        this.jdbi = jdbi;
        this.vms = vms;
        this.vmJobs = vmJobs;
        this.driver = driver;
        this.clock = clock;
        this.quotas = quotas;
    }

    /** Applies the change; returns the job of a hardware change, empty when only VMM settings changed. */
    public Optional<UUID> apply(UUID vmId, UUID stampId, VmSettingsChange c, String principal) {
        VmRecord vm = vms.find(vmId, stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine with ID " + vmId + " on stamp " + stampId + " was not found."));
        c.name().map(String::trim).filter(n -> n.isEmpty() || n.length() > 64).ifPresent(n -> {
            throw SpfException.badRequest("Name must be 1 to 64 characters long.");
        });
        FabricVm observed = driver.vm(vmId).orElseThrow(() -> new SpfException(SpfErrorCode.CONFLICT,
                "The virtual machine " + vm.name() + " is missing from the fabric; its settings cannot change."));
        Optional<VmCatalog.Profile> profile = c.hardwareProfileId()
                .map(p -> jdbi.withHandle(h -> VmCatalog.profile(h, p, stampId)));
        VmHardware current = observed.hardware();
        int cpu = c.cpuCount().orElse(profile.map(VmCatalog.Profile::cpu).orElse(current.cpuCount()));
        int memory = c.memoryMb().orElse(profile.map(VmCatalog.Profile::memoryMb).orElse(current.memoryMb()));
        boolean dynamic = c.dynamicMemory().orElse(current.dynamicMemory().isPresent());
        VmHardware target;
        try {
            target = dynamic
                    ? VmHardware.dynamic(cpu, memory,
                            c.dynamicMinimumMb().orElse(current.dynamicMemory().map(VmHardware.DynamicMemory::minimumMb)
                                    .orElse(Math.min(512, memory))),
                            c.dynamicMaximumMb().orElse(current.dynamicMemory().map(VmHardware.DynamicMemory::maximumMb)
                                    .orElse(memory)))
                    : VmHardware.fixed(cpu, memory);
        } catch (IllegalArgumentException e) {
            throw SpfException.badRequest("The memory settings are inconsistent: " + e.getMessage());
        }
        VmCatalog.StampLimits limits = jdbi.withHandle(h -> VmCatalog.stamp(h, stampId));
        Limits.check(limits, target.cpuCount(), target.peakMemoryMb());
        UUID jobId = UUID.randomUUID();
        Usage growth = new Usage(0, Math.max(0, target.cpuCount() - current.cpuCount()),
                Math.max(0, target.memoryMb() - current.memoryMb()), 0);
        Optional<Reservation> reservation = vm.cloudId().flatMap(cloud -> quotas.reserveResize(cloud, jobId, growth,
                new Usage(1, target.cpuCount(), target.memoryMb(), 0)));
        boolean started = false;
        try {
            vms.rename(vmId, c.name().map(String::trim), c.description(), c.hardwareProfileId(), clock.instant());
            if (target.equals(current)) {
                return Optional.empty();
            }
            started = vmJobs.start(jobId, vm, c.name().orElse(vm.name()), RECONFIGURE, principal,
                    () -> driver.reconfigure(vmId, target), () -> { });
            return Optional.of(jobId);
        } finally {
            if (!started && reservation.isPresent()) {
                quotas.settle(jobId);
            }
        }
    }
}
