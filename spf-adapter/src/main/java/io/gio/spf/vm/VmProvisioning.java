package io.gio.spf.vm;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.VmSpec;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.inventory.VmInventoryWriter;
import io.gio.spf.inventory.VmMetadata;
import io.gio.spf.jobs.JobStore;
import io.gio.spf.tenancy.Quotas;
import io.gio.spf.tenancy.Reservation;
import io.gio.spf.tenancy.Usage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates VMs as SPF does: validated against the stamp's generation before anything happens,
 * visible at once as "Creating..." with its job, built by the fabric in the background.
 */
public final class VmProvisioning {

    /** The new VM and the job that builds it. */
    public record Created(UUID vmId, UUID stampId, UUID jobId) {}

    private static final long DEFAULT_DIRTY_BYTES_PER_SECOND = 2L << 20;

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final JobStore jobs;
    private final VmStore vms;
    private final VmInventoryWriter writer;
    private final Clock clock;
    private final Quotas quotas;

    /**
     * @param quotas the subscriptions' quotas: a VM created in a cloud bound to a subscription
     *     reserves its share first (refused when the quota is used up); other clouds are not checked
     */
    public VmProvisioning(Jdbi jdbi, ClusterDriver driver, JobStore jobs, VmStore vms, VmInventoryWriter writer,
            Clock clock, Quotas quotas) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.jobs = jobs;
        this.vms = vms;
        this.writer = writer;
        this.clock = clock;
        this.quotas = quotas;
    }

    public Created create(CreateVmRequest r, String principal) {
        String name = r.name().trim();
        if (name.isEmpty() || name.length() > 64) {
            throw SpfException.badRequest("Name must be 1 to 64 characters long.");
        }
        if (r.templateId().isEmpty() && r.virtualHardDiskId().isEmpty()) {
            throw SpfException.badRequest("Give VMTemplateId, or VirtualHardDiskId with HardwareProfileId.");
        }
        Plan plan = jdbi.withHandle(h -> {
            VmCatalog.StampLimits stamp = VmCatalog.stamp(h, r.stampId());
            VmCatalog.CloudOwner owner = VmCatalog.cloud(h, r.cloudId(), r.stampId());
            Optional<VmCatalog.Profile> profile = r.hardwareProfileId().map(p -> VmCatalog.profile(h, p, r.stampId()));
            VmSource source;
            if (r.templateId().isPresent()) {
                source = VmCatalog.template(h, r.templateId().get(), r.stampId());
            } else {
                UUID profileId = r.hardwareProfileId().orElseThrow(() -> SpfException.badRequest(
                        "A VM made from a VirtualHardDiskId needs a HardwareProfileId for its size."));
                source = VmCatalog.libraryDisk(h, r.virtualHardDiskId().get(), r.stampId(), profile.orElseThrow(), profileId);
            }
            List<VmCatalog.Network> networks = new ArrayList<>();
            for (CreateVmRequest.NetworkRef n : r.networks()) {
                networks.add(VmCatalog.network(h, n, r.stampId()));
            }
            return new Plan(stamp, owner, profile, source, networks);
        });
        int cpu = r.cpuCount().orElse(plan.profile().map(VmCatalog.Profile::cpu).orElse(plan.source().cpuCount()));
        int memory = r.memoryMb().orElse(plan.profile().map(VmCatalog.Profile::memoryMb).orElse(plan.source().memoryMb()));
        Limits.check(plan.stamp(), cpu, memory);
        if (!plan.stamp().diskFormats().contains(plan.source().format())) {
            throw SpfException.badRequest(plan.stamp().describe() + " cannot attach " + plan.source().format() + " disks.");
        }

        UUID vmId = UUID.randomUUID();
        Optional<Reservation> reservation = quotas.reserveVmInCloud(r.cloudId(), vmId,
                Usage.ofVm(cpu, memory, plan.source().diskMaxBytes()));
        try {
            return build(r, principal, name, plan, cpu, memory, vmId);
        } finally {
            // Once the VM's row exists it counts by itself; before that (a refusal) nothing is held.
            reservation.ifPresent(quotas::release);
        }
    }

    private Created build(CreateVmRequest r, String principal, String name, Plan plan, int cpu, int memory,
            UUID vmId) {
        DiskSpec disk = new DiskSpec(UUID.randomUUID(), name + "_disk_1", DiskFormat.valueOf(plan.source().format()),
                plan.source().diskMaxBytes(), plan.source().diskUsedBytes(), DEFAULT_DIRTY_BYTES_PER_SECOND,
                Optional.empty(), true, plan.source().image());
        List<NicSpec> nics = plan.networks().stream().map(n -> new NicSpec(UUID.randomUUID(), n.logicalNetworkId())).toList();
        VmSpec spec = new VmSpec(vmId, r.stampId(), name, cpu, memory, List.of(disk), nics, r.startVm());
        FabricOperation op;
        try {
            op = driver.createVm(spec);
        } catch (ClusterException e) {
            throw new SpfException(e.code() == io.gio.cluster.spi.ClusterErrorCode.CAPACITY ? SpfErrorCode.CONFLICT
                    : SpfErrorCode.BAD_REQUEST, e.getMessage(), e);
        }
        FabricVm created = driver.vm(vmId).orElseThrow(() -> new SpfException(SpfErrorCode.INTERNAL,
                "The fabric lost VM " + vmId + " while creating it."));
        UUID jobId = UUID.randomUUID();
        jobs.create(jobId, r.stampId(), "Create virtual machine", "New-SCVirtualMachine", "Create", vmId, "VM", name,
                principal, clock.instant());
        VmMetadata meta = new VmMetadata(r.cloudId(), principal, plan.owner().roleName() == null ? principal
                : plan.owner().roleName(), plan.owner().roleId() == null ? r.cloudId() : plan.owner().roleId(),
                plan.source().templateId(), r.hardwareProfileId(), plan.source().osName(), plan.source().osType(),
                plan.source().osVersion(), r.computerName().orElse(name), r.description().orElse(""),
                plan.source().vmGeneration(), plan.networks().stream()
                        .map(n -> new VmMetadata.NicNetwork(n.id(), n.name())).toList());
        Map<UUID, String> hostNames = driver.hosts(r.stampId()).stream()
                .collect(Collectors.toMap(Host::id, Host::name, (a, b) -> a));
        writer.insert(List.of(new VmInventoryWriter.Entry(created, meta)), hostNames, clock.instant());
        vms.startedJob(vmId, jobId);
        jobs.attachOperation(jobId, op.id());
        return new Created(vmId, r.stampId(), jobId);
    }

    private record Plan(VmCatalog.StampLimits stamp, VmCatalog.CloudOwner owner, Optional<VmCatalog.Profile> profile,
            VmSource source, List<VmCatalog.Network> networks) {}

}
