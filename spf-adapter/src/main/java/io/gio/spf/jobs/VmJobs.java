package io.gio.spf.jobs;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.spf.vm.VmRecord;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Starts a VMM job on a VM whose work is one fabric operation: the job is recorded first (so a
 * client can poll it at once), then the operation is started and attached for the
 * {@link JobRunner} to follow. A refusal by the fabric fails the job with the fabric's code and
 * message and records it as the VM's failed job, as VMM does; the request itself succeeds.
 */
public final class VmJobs {

    /** What a job is, in VMM's terms. */
    public record Kind(String name, String cmdlet, String action) {}

    private final JobStore jobs;
    private final VmStore vms;
    private final Clock clock;

    public VmJobs(JobStore jobs, VmStore vms, Clock clock) {
        this.jobs = jobs;
        this.vms = vms;
        this.clock = clock;
    }

    /**
     * @param targetName the name the job shows for the VM (its new name, during a rename)
     * @param onRefused what else to bring in line when the fabric refuses at once
     * @return whether the fabric accepted the operation
     */
    public boolean start(UUID jobId, VmRecord vm, String targetName, Kind kind, String principal,
            Supplier<FabricOperation> operation, Runnable onRefused) {
        jobs.create(jobId, vm.stampId(), kind.name(), kind.cmdlet(), kind.action(), vm.id(), "VM", targetName, principal,
                clock.instant());
        vms.startedJob(vm.id(), jobId);
        try {
            jobs.attachOperation(jobId, operation.get().id());
            return true;
        } catch (ClusterException e) {
            jobs.fail(jobId, e.code().name(), e.getMessage(), clock.instant());
            vms.recordFailure(vm.id(), jobId);
            onRefused.run();
            return false;
        }
    }
}
