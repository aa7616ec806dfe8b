package io.gio.migration;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The way forward, up to the cut-over: admission, the pre-copy and its convergence, the refresh
 * while the tenant decides ({@link CutoverSteps} takes it from there). Each method does one step's
 * worth of work and returns whether the migration may go on at once (false: it waits for the
 * fabric, the tenant or a back-off).
 */
final class ForwardSteps {

    /** A delta this small ends the pre-copy. */
    static final long CONVERGED_BYTES = 64L << 20;
    /** A delta that copies this fast ends the pre-copy. */
    static final Duration CONVERGED_TIME = Duration.ofSeconds(2);
    /** The most deltas before the cut-over, converged or not. */
    static final int MAX_DELTAS = 12;
    /** How often a running copy's progress is stored (engine time). */
    static final Duration PROGRESS_PERIOD = Duration.ofSeconds(5);
    /** While waiting for the tenant's Cutover, a delta is copied this often to stay converged. */
    static final Duration REFRESH = Duration.ofMinutes(5);

    private final StepContext ctx;

    ForwardSteps(StepContext ctx) {
        this.ctx = ctx;
    }

    /** Starts a scheduled migration the scheduler admitted; false when its VM is busy right now. */
    boolean admit(MigrationRow r) {
        Optional<FabricVm> vm = ctx.driver.vm(r.vmId);
        if (vm.isEmpty()) {
            r.state = MigrationState.FAILED;
            r.error = "VM '" + r.vmName + "' no longer exists";
            r.endedAt = ctx.now();
            ctx.save(r, "Failed: " + r.error);
            return false;
        }
        if (vm.get().state().isTransitional() || vm.get().runningOperation().isPresent()) {
            return false;
        }
        r.sourcePowerState = vm.get().state();
        r.reservedBytes = r.bytesTotal;
        r.reservedMemoryMb = r.targetMemoryMb;
        if (r.strategy == Strategy.EXPORT_IMPORT) {
            r.state = MigrationState.CUTTING_OVER;
            r.step = Step.STOP;
            ctx.save(r, "Cutting over: " + Strategy.EXPORT_IMPORT.wireName() + " copies the disks while the VM is stopped");
        } else {
            r.state = MigrationState.PRECOPYING;
            r.step = Step.COPY;
            ctx.save(r, "Pre-copy started (" + r.strategy.wireName() + ", " + Planner.gib(r.bytesTotal) + ")");
        }
        return true;
    }

    boolean copy(MigrationRow r, long rate) {
        if (r.transferId == null) {
            return startTransfer(r, rate);
        }
        Transfer t;
        try {
            t = ctx.fabric.transfer(r.transferId);
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.NOT_FOUND) {
                throw e;
            }
            t = ctx.fabric.startTransfer(spec(r, rate)); // stored, then the gateway stopped before the call
        }
        switch (t.state()) {
            case RUNNING -> {
                r.transferBytes = t.bytesDone();
                boolean converting = t.converting() != r.transferConverting;
                if (converting) {
                    r.transferConverting = t.converting();
                    ctx.changed = true; // its link share goes to the others
                }
                r.bytesTotal = Math.max(r.bytesTotal, r.bytesDone + t.bytesTotal());
                if (rate > 0 && Math.abs(t.bytesPerSecond() - rate) > rate / 50) {
                    t = ctx.fabric.throttle(t.id(), rate);
                }
                r.estimatedCompletion = t.estimatedEnd().plus(Scheduler.OVERHEAD);
                r.phase = phaseOf(r, t);
                ctx.expect(t.estimatedEnd());
                if (converting || !ctx.now().isBefore(r.updated.plus(PROGRESS_PERIOD))) {
                    ctx.save(r); // progress is stored now and then, not on every pass
                }
                return false;
            }
            case FAILED -> {
                ctx.fail(r, "copy " + r.transferSeq + " (" + r.transferKind + ")", t.error().map(RuntimeException.class::cast)
                        .orElse(new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the transfer failed")));
                return false;
            }
            default -> {
                return copied(r, t);
            }
        }
    }

    private boolean startTransfer(MigrationRow r, long rate) {
        r.transferKind = nextKind(r);
        r.transferSeq = r.transferKind == TransferKind.DELTA ? r.transferSeq + 1 : r.transferSeq;
        r.transferId = r.transferIdFor(r.transferSeq, r.attempts);
        r.transferBytes = 0;
        r.transferConverting = false;
        ctx.save(r, describe(r.transferKind) + " started");
        Transfer t = ctx.fabric.startTransfer(spec(r, rate > 0 ? rate : provisionalRate(r)));
        ctx.transfersStarted++;
        ctx.expect(t.estimatedEnd());
        return t.state() != OperationState.RUNNING;
    }

    /** The link's whole bandwidth (or the volume's): the pass's rebalance corrects it at once. */
    private long provisionalRate(MigrationRow r) {
        return ctx.driver.links().stream().filter(l -> l.id().equals(r.linkId)).findFirst()
                .map(l -> Math.max(1, l.bandwidthBitsPerSecond() / 8)).orElse(Long.MAX_VALUE / 4);
    }

    private TransferKind nextKind(MigrationRow r) {
        if (r.previousTransferId != null) {
            return TransferKind.DELTA;
        }
        return switch (r.strategy) {
            case EXPORT_IMPORT -> TransferKind.FULL;
            case STORAGE_REPLICATION -> TransferKind.VOLUME_MIRROR;
            case LIVE_MIGRATION -> TransferKind.LIVE;
            default -> TransferKind.BASE;
        };
    }

    private TransferSpec spec(MigrationRow r, long rate) {
        return new TransferSpec(r.transferId, r.vmId, r.transferKind,
                r.transferKind == TransferKind.DELTA ? Optional.of(r.previousTransferId) : Optional.empty(),
                r.targetVolumeId, r.convertToVhdx ? DiskFormat.VHDX : sourceFormat(r), Math.max(1, rate));
    }

    private DiskFormat sourceFormat(MigrationRow r) {
        return ctx.driver.vm(r.vmId).flatMap(v -> v.disks().stream().findFirst()).map(d -> d.format())
                .orElse(DiskFormat.VHD);
    }

    private boolean copied(MigrationRow r, Transfer t) {
        r.transferConverting = false;
        r.bytesDone += t.bytesTotal();
        r.transferBytes = 0;
        r.previousTransferId = t.id();
        r.transferId = null;
        r.chainDigest = t.contentDigest();
        long previousDelta = r.lastTransferBytes;
        r.lastTransferBytes = t.bytesTotal();
        String done = describe(t.kind()) + " done: " + Planner.gib(t.bytesTotal());
        if (r.state == MigrationState.CUTTING_OVER) {
            r.step = Step.IMPORT;
            ctx.save(r, done + "; importing the VM on the target");
            return true;
        }
        if (r.state == MigrationState.AWAITING_CUTOVER && r.cutoverRequested) {
            r.cutoverRequested = false;
            return beginCutover(r, done + "; cutting over as the tenant asked");
        }
        if (r.state == MigrationState.AWAITING_CUTOVER) {
            r.step = Step.WAIT;
            r.retryAt = ctx.now().plus(REFRESH);
            ctx.save(r, done + "; waiting for the tenant's Cutover");
            return false;
        }
        boolean running = ctx.driver.vm(r.vmId).map(v -> v.state() == PowerState.RUNNING).orElse(false);
        boolean converged = t.kind() == TransferKind.LIVE || !running
                || (t.kind() == TransferKind.DELTA && (t.bytesTotal() <= CONVERGED_BYTES
                        || t.bytesTotal() <= t.bytesPerSecond() * CONVERGED_TIME.toSeconds()
                        || (previousDelta > 0 && t.bytesTotal() * 2 > previousDelta) || r.transferSeq >= MAX_DELTAS));
        if (!converged) {
            r.transferKind = TransferKind.DELTA;
            ctx.save(r, done);
            return true;
        }
        if (r.cutoverMode == CutoverMode.CONFIRM) {
            r.state = MigrationState.AWAITING_CUTOVER;
            r.step = Step.WAIT;
            r.retryAt = t.kind() == TransferKind.LIVE ? null : ctx.now().plus(REFRESH);
            ctx.save(r, done + "; pre-copy converged, waiting for the tenant's Cutover");
            return false;
        }
        return beginCutover(r, done + "; pre-copy converged, cutting over");
    }

    boolean beginCutover(MigrationRow r, String message) {
        if (r.strategy != Strategy.LIVE_MIGRATION) { // a live migration's source runs (or, switched over, is stopped)
            ctx.driver.vm(r.vmId).filter(v -> !v.state().isTransitional() && v.runningOperation().isEmpty())
                    .ifPresent(v -> r.sourcePowerState = v.state()); // the tenant may have changed it since admission
        }
        r.state = MigrationState.CUTTING_OVER;
        r.step = r.strategy == Strategy.LIVE_MIGRATION ? Step.IMPORT : Step.STOP;
        r.retryAt = null;
        ctx.save(r, message);
        return true;
    }

    /** AwaitingCutover: copies a delta now and then so that the cut-over stays short. */
    boolean refresh(MigrationRow r) {
        if (r.strategy == Strategy.LIVE_MIGRATION) {
            return false;
        }
        boolean running = ctx.driver.vm(r.vmId).map(v -> v.state() == PowerState.RUNNING).orElse(false);
        if (!running) {
            r.retryAt = ctx.now().plus(REFRESH);
            ctx.save(r);
            return false;
        }
        // the copy is followed pass by pass, so that its end (and a Cutover asked meanwhile) is seen at once;
        // the next refresh is due REFRESH after it converges
        r.retryAt = null;
        r.step = Step.COPY;
        r.transferId = null;
        ctx.save(r);
        return true;
    }

    private static String describe(TransferKind kind) {
        return switch (kind) {
            case FULL -> "Export copy of the whole disks";
            case BASE -> "Copy of the base disks";
            case DELTA -> "Copy of the changes since the last copy";
            case VOLUME_MIRROR -> "Mirror of the source LUN";
            case LIVE -> "Live migration copy of disks and memory";
        };
    }

    private static String phaseOf(MigrationRow r, Transfer t) {
        String what = describe(t.kind());
        if (t.converting()) {
            return what + ": converting to VHDX on the target";
        }
        return String.format(Locale.ROOT, "%s: %.1f of %.1f GB at %.0f MB/s", what, t.bytesDone() / 1e9,
                t.bytesTotal() / 1e9, t.bytesPerSecond() / 1e6);
    }
}
