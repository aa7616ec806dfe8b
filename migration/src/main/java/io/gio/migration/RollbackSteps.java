package io.gio.migration;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import java.util.Optional;

/**
 * The way back, for a cancel, a failure or the tenant's rollback: turn the target VM off, delete
 * it, discard what the transfers wrote, and put the source VM back in the power state it had.
 * The source VM is never touched otherwise. Each step observes the fabric, so repeating one after
 * a crash finds its effect done.
 */
final class RollbackSteps {

    private final StepContext ctx;

    RollbackSteps(StepContext ctx) {
        this.ctx = ctx;
    }

    boolean targetOff(MigrationRow r) {
        Optional<FabricVm> vm = ctx.driver.vm(r.targetVmId);
        if (vm.isEmpty()) {
            r.step = Step.DISCARD;
            ctx.save(r);
            return true;
        }
        if (busy(r, vm.get())) {
            return false;
        }
        PowerState s = vm.get().state();
        if (s == PowerState.STOPPED || s == PowerState.CREATION_FAILED) {
            r.step = Step.TARGET_DELETE;
            ctx.save(r, "Deleting the target VM");
            return true;
        }
        run(r, ctx.driver.power(r.targetVmId, PowerAction.TURN_OFF));
        return false;
    }

    boolean targetDelete(MigrationRow r) {
        Optional<FabricVm> vm = ctx.driver.vm(r.targetVmId);
        if (vm.isEmpty()) {
            r.step = Step.DISCARD;
            ctx.save(r, "Target VM deleted", MigrationListener.Milestone.TARGET_REMOVED);
            return true;
        }
        if (busy(r, vm.get())) {
            return false;
        }
        if (vm.get().state() != PowerState.STOPPED && vm.get().state() != PowerState.CREATION_FAILED) {
            r.step = Step.TARGET_OFF; // started again meanwhile
            ctx.save(r);
            return true;
        }
        run(r, ctx.driver.deleteVm(r.targetVmId));
        return false;
    }

    boolean discard(MigrationRow r) {
        for (int seq = 0; seq <= r.transferSeq; seq++) {
            for (int attempt = 0; attempt <= r.attempts; attempt++) {
                try {
                    ctx.fabric.discard(r.transferIdFor(seq, attempt));
                } catch (ClusterException e) {
                    if (e.code() != ClusterErrorCode.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        r.step = Step.SOURCE_RESTORE;
        r.transferId = null;
        r.transferBytes = 0;
        ctx.save(r, "Copies on the target discarded; restoring the source VM");
        return true;
    }

    boolean sourceRestore(MigrationRow r) {
        Optional<FabricVm> found = ctx.driver.vm(r.vmId);
        if (found.isEmpty()) {
            return finish(r, "the source VM no longer exists");
        }
        FabricVm vm = found.get();
        if (busy(r, vm)) {
            return false;
        }
        PowerState want = r.sourcePowerState;
        PowerState is = vm.state();
        boolean wantsRunning = want == PowerState.RUNNING || want == PowerState.PAUSED;
        if (wantsRunning && (is == PowerState.STOPPED || is == PowerState.SAVED)) {
            run(r, ctx.driver.power(r.vmId, PowerAction.START));
            return false;
        }
        if (want == PowerState.PAUSED && is == PowerState.RUNNING) {
            run(r, ctx.driver.power(r.vmId, PowerAction.PAUSE));
            return false;
        }
        return finish(r, "the source VM is " + is.name().toLowerCase(java.util.Locale.ROOT) + " again");
    }

    private boolean finish(MigrationRow r, String how) {
        r.state = r.outcome == null ? MigrationState.ROLLED_BACK : r.outcome;
        r.step = Step.WAIT;
        r.endedAt = ctx.now();
        r.retryAt = null;
        r.fabricOperationId = null;
        r.reservedBytes = 0;
        r.reservedMemoryMb = 0;
        r.estimatedCompletion = null;
        ctx.save(r, r.state.wireName() + ": " + how);
        return false;
    }

    /** Waits for the VM's running operation; a failed one of ours is retried after a back-off. */
    private boolean busy(MigrationRow r, FabricVm vm) {
        Optional<FabricOperation> op = Optional.ofNullable(r.fabricOperationId).map(ctx.driver::operation);
        if (vm.state().isTransitional() || vm.runningOperation().isPresent()) {
            op.ifPresent(o -> ctx.expect(o.estimatedEnd()));
            return true;
        }
        if (op.isPresent() && op.get().state().isFinal()) {
            r.fabricOperationId = null;
            if (op.get().error().isPresent()) {
                ctx.fail(r, op.get().kind().toLowerCase(java.util.Locale.ROOT) + " of VM '" + vm.name() + "'",
                        op.get().error().get());
                return true;
            }
        }
        return false;
    }

    private void run(MigrationRow r, FabricOperation op) {
        r.fabricOperationId = op.id();
        ctx.expect(op.estimatedEnd());
        ctx.save(r);
    }
}
