package io.gio.spf.vm;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import io.gio.spf.jobs.JobRunner;
import io.gio.spf.jobs.JobStore;
import java.time.Clock;
import java.util.UUID;

/**
 * VM commands as SPF runs them: every accepted command becomes a job first; what the fabric
 * refuses (e.g. Resume of a running VM) fails that job with the fabric's reason, as VMM does.
 */
public final class VmCommands {

    private static final java.util.Set<String> DELETABLE = java.util.Set.of("PowerOff", "CreationFailed", "Missing");

    private final VmStore vms;
    private final JobStore jobs;
    private final ClusterDriver driver;
    private final Clock clock;

    public VmCommands(VmStore vms, JobStore jobs, ClusterDriver driver, Clock clock) {
        this.vms = vms;
        this.jobs = jobs;
        this.driver = driver;
        this.clock = clock;
    }

    /**
     * Starts deleting a VM and its disks and returns the job's ID. As SPF, the VM must be stopped:
     * CONFLICT otherwise, naming its state. A VM the fabric no longer has is removed at once.
     */
    public UUID delete(UUID vmId, UUID stampId, String principal) {
        VmRecord vm = vms.find(vmId, stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine with ID " + vmId + " on stamp " + stampId + " was not found."));
        if (!DELETABLE.contains(vm.status())) {
            throw new SpfException(SpfErrorCode.CONFLICT, "The virtual machine " + vm.name() + " is " + vm.status()
                    + "; stop it (Operation Stop or Shutdown) before deleting it.");
        }
        UUID jobId = UUID.randomUUID();
        jobs.create(jobId, vm.stampId(), "Remove virtual machine", "Remove-SCVirtualMachine", JobRunner.DELETE, vm.id(),
                "VM", vm.name(), principal, clock.instant());
        if (driver.vm(vm.id()).isEmpty()) {
            vms.remove(vm.id());
            jobs.complete(jobId, clock.instant());
            return jobId;
        }
        vms.startedJob(vm.id(), jobId);
        try {
            FabricOperation op = driver.deleteVm(vm.id());
            // the state as the operation starts, written before the job runner can see the job: once
            // attached, the runner may end it at once, and a later write would put back a stale state
            vms.refreshState(vm.id(), driver.vm(vm.id()), clock.instant());
            jobs.attachOperation(jobId, op.id());
        } catch (ClusterException e) {
            jobs.fail(jobId, e.code().name(), e.getMessage(), clock.instant());
            vms.recordFailure(vm.id(), jobId);
        }
        return jobId;
    }

    /**
     * Starts a power operation on a VM and returns its job's ID. NOT_FOUND when the VM does not
     * exist; never throws for a state the fabric refuses (the job fails instead).
     */
    public UUID power(UUID vmId, UUID stampId, VmOperation operation, String principal) {
        VmRecord vm = vms.find(vmId, stampId).orElseThrow(() -> SpfException.notFound(
                "The virtual machine with ID " + vmId + " on stamp " + stampId + " was not found."));
        UUID jobId = UUID.randomUUID();
        jobs.create(jobId, vm.stampId(), operation.jobName(), operation.cmdlet(), operation.wireName(), vm.id(),
                "VM", vm.name(), principal, clock.instant());
        vms.startedJob(vm.id(), jobId);
        try {
            FabricOperation op = driver.power(vm.id(), operation.action());
            // the state as the operation starts, written before the job runner can see the job: once
            // attached, the runner may end it at once, and a later write would put back a stale state
            vms.refreshState(vm.id(), driver.vm(vm.id()), clock.instant());
            jobs.attachOperation(jobId, op.id());
        } catch (ClusterException e) {
            jobs.fail(jobId, e.code().name(), e.getMessage(), clock.instant());
            vms.recordFailure(vm.id(), jobId);
        }
        return jobId;
    }
}
