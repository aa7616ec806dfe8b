package io.gio.migration;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The cut-over and after: stop the source, copy the last delta (the transfer step is
 * {@link ForwardSteps#copy}), import, verify the content, start the target, complete; the commit.
 * Each method does one step's worth of work and returns whether the migration may go on at once.
 */
final class CutoverSteps {

    private final StepContext ctx;

    CutoverSteps(StepContext ctx) {
        this.ctx = ctx;
    }

    boolean stop(MigrationRow r) {
        FabricVm vm = ctx.driver.vm(r.vmId).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "the source VM '" + r.vmName + "' disappeared"));
        Optional<FabricOperation> op = Optional.ofNullable(r.fabricOperationId).map(ctx.driver::operation);
        if (vm.state().isTransitional() || vm.runningOperation().isPresent()) {
            op.filter(o -> o.state() == OperationState.RUNNING).ifPresent(o -> ctx.expect(o.estimatedEnd()));
            return false;
        }
        if (vm.state() == PowerState.STOPPED || vm.state() == PowerState.SAVED) {
            if (r.sourceStoppedAt == null) {
                r.sourceStoppedAt = op.filter(o -> o.state() == OperationState.SUCCEEDED).flatMap(FabricOperation::ended)
                        .orElse(ctx.now());
            }
            r.fabricOperationId = null;
            r.step = Step.COPY;
            r.transferId = null;
            ctx.save(r, "Source VM " + vm.state().name().toLowerCase(Locale.ROOT) + "; copying the "
                    + (r.strategy == Strategy.EXPORT_IMPORT ? "whole disks" : "last delta"));
            return true;
        }
        boolean shutdownFailed = op.filter(o -> o.state() == OperationState.FAILED && o.kind().contains("SHUTDOWN")).isPresent();
        PowerAction action = vm.state() == PowerState.PAUSED ? PowerAction.SAVE
                : shutdownFailed ? PowerAction.TURN_OFF : PowerAction.SHUTDOWN;
        FabricOperation started = ctx.driver.power(r.vmId, action);
        r.fabricOperationId = started.id();
        ctx.expect(started.estimatedEnd());
        ctx.save(r, "Stopping the source VM (" + action.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        return false;
    }

    boolean importVm(MigrationRow r) {
        FabricVm source = ctx.driver.vm(r.vmId).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "the source VM '" + r.vmName + "' disappeared"));
        List<NicSpec> nics = new ArrayList<>();
        for (int i = 0; i < r.targetNetworks.size(); i++) {
            nics.add(new NicSpec(UUID.nameUUIDFromBytes((r.id + "/nic/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    r.targetNetworks.get(i)));
        }
        FabricOperation op = ctx.fabric.importVm(new ImportSpec(r.targetVmId, r.targetStampId, source.name(),
                r.targetCpuCount, r.targetMemoryMb, r.previousTransferId, nics));
        if (op.state() == OperationState.RUNNING) {
            if (!op.id().equals(r.fabricOperationId)) {
                r.fabricOperationId = op.id();
                ctx.save(r, r.strategy == Strategy.LIVE_MIGRATION ? "Switching the running VM over" : "Importing the VM on the target");
            }
            ctx.expect(op.estimatedEnd());
            return false;
        }
        if (op.state() == OperationState.FAILED) {
            r.fabricOperationId = null;
            ctx.fail(r, "the import", op.error().map(RuntimeException.class::cast)
                    .orElse(new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the import failed")));
            return false;
        }
        r.fabricOperationId = null;
        r.state = MigrationState.VERIFYING;
        r.step = Step.DIGEST;
        if (r.strategy == Strategy.LIVE_MIGRATION) {
            r.sourceStoppedAt = op.started();
            r.targetRunningAt = op.ended().orElse(ctx.now());
            r.downtimeMillis = Duration.between(r.sourceStoppedAt, r.targetRunningAt).toMillis();
        }
        ctx.save(r, "Target VM imported; verifying its content", MigrationListener.Milestone.TARGET_IMPORTED);
        return true;
    }

    boolean verify(MigrationRow r) {
        if (r.strategy != Strategy.LIVE_MIGRATION) {
            String digest = ctx.fabric.contentDigest(r.targetVmId);
            if (!digest.equals(r.chainDigest)) {
                ctx.startRollback(r, MigrationState.FAILED, "the target's disks do not hold what was copied (digest "
                        + digest + ", expected " + r.chainDigest + ")");
                return true;
            }
        }
        boolean start = r.strategy != Strategy.LIVE_MIGRATION
                && (r.sourcePowerState == PowerState.RUNNING || r.sourcePowerState == PowerState.PAUSED);
        if (!start) {
            return complete(r);
        }
        r.step = Step.START;
        ctx.save(r, "Content verified; starting the target VM");
        return true;
    }

    boolean startTarget(MigrationRow r) {
        FabricVm vm = ctx.driver.vm(r.targetVmId).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "the target VM disappeared"));
        Optional<FabricOperation> op = Optional.ofNullable(r.fabricOperationId).map(ctx.driver::operation);
        if (vm.state() == PowerState.RUNNING && vm.runningOperation().isEmpty()) {
            r.targetRunningAt = op.filter(o -> o.state() == OperationState.SUCCEEDED).flatMap(FabricOperation::ended)
                    .orElse(ctx.now());
            r.downtimeMillis = r.sourceStoppedAt == null ? null
                    : Duration.between(r.sourceStoppedAt, r.targetRunningAt).toMillis();
            r.fabricOperationId = null;
            return complete(r);
        }
        if (op.isPresent() && op.get().state() == OperationState.FAILED) {
            r.fabricOperationId = null;
            ctx.fail(r, "starting the target VM", op.get().error().map(RuntimeException.class::cast)
                    .orElse(new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the start failed")));
            return false;
        }
        if (vm.state().isTransitional() || vm.runningOperation().isPresent()) {
            op.ifPresent(o -> ctx.expect(o.estimatedEnd()));
            return false;
        }
        FabricOperation started = ctx.driver.power(r.targetVmId, PowerAction.START);
        r.fabricOperationId = started.id();
        ctx.expect(started.estimatedEnd());
        ctx.save(r);
        return false;
    }

    private boolean complete(MigrationRow r) {
        r.state = MigrationState.COMPLETED;
        r.step = Step.WAIT;
        r.completedAt = ctx.now();
        r.reservedBytes = 0;
        r.reservedMemoryMb = 0;
        r.estimatedCompletion = null;
        // attempts is not reset: a rollback discards the transfers of every attempt up to it
        r.retryAt = r.completedAt.plus(ctx.settings.get().retention());
        ctx.save(r, "Completed" + (r.downtimeMillis == null ? "" : String.format(Locale.ROOT,
                "; downtime %.1f s", r.downtimeMillis / 1000.0)) + "; the source VM is kept until Commit or "
                + r.retryAt);
        return false;
    }

    /** Completed: commits by itself once the retention period has passed. */
    boolean retention(MigrationRow r) {
        Instant until = r.completedAt.plus(ctx.settings.get().retention());
        if (ctx.now().isBefore(until)) {
            if (!until.equals(r.retryAt)) {
                r.retryAt = until; // the operator changed the retention period
                ctx.save(r);
            }
            ctx.expect(until);
            return false;
        }
        r.step = Step.COMMIT;
        r.retryAt = null;
        ctx.save(r, "Retention period over; committing");
        return true;
    }

    boolean commit(MigrationRow r) {
        Optional<FabricVm> vm = ctx.driver.vm(r.vmId);
        if (vm.isEmpty()) {
            r.state = MigrationState.COMMITTED;
            r.step = Step.WAIT;
            r.endedAt = ctx.now();
            r.retryAt = null;
            ctx.save(r, "Committed: the source VM was deleted", MigrationListener.Milestone.SOURCE_DELETED);
            return false;
        }
        if (vm.get().state().isTransitional() || vm.get().runningOperation().isPresent()) {
            Optional.ofNullable(r.fabricOperationId).map(ctx.driver::operation).ifPresent(o -> ctx.expect(o.estimatedEnd()));
            return false;
        }
        FabricOperation op = vm.get().state() == PowerState.STOPPED || vm.get().state() == PowerState.CREATION_FAILED
                ? ctx.driver.deleteVm(r.vmId) : ctx.driver.power(r.vmId, PowerAction.TURN_OFF);
        r.fabricOperationId = op.id();
        ctx.expect(op.estimatedEnd());
        ctx.save(r);
        return false;
    }
}
