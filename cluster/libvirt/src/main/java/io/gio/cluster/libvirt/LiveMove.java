package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** One live migration of {@link LiveMigrations} and its progress. */
final class LiveMove {

    /** A disk of the moving domain ({@code vda}) and where its copy goes. */
    record Piece(String target, String targetPath) {}

    final UUID id;
    final UUID vmId;
    final UUID domainUuid;
    final UUID volumeId;
    final HostConnection source;
    final HostConnection target;
    final List<Piece> pieces;
    final Instant started;
    final int cpus;
    final int memoryMb;
    private long total;
    private long done;
    volatile long rate;
    final AtomicBoolean speedPending = new AtomicBoolean();
    private OperationState state = OperationState.RUNNING;
    private Instant ended;
    private ClusterException error;
    private Instant switchStarted;
    boolean discarded;
    boolean imported;

    LiveMove(UUID id, UUID vmId, int cpus, int memoryMb, UUID domainUuid, UUID volumeId, HostConnection source,
            HostConnection target, List<Piece> pieces, Instant started, long total, long rate) {
        this.id = id;
        this.vmId = vmId;
        this.domainUuid = domainUuid;
        this.volumeId = volumeId;
        this.source = source;
        this.target = target;
        this.pieces = List.copyOf(pieces);
        this.started = started;
        this.cpus = cpus;
        this.memoryMb = memoryMb;
        this.total = total;
        this.rate = rate;
    }

    synchronized OperationState state() {
        return state;
    }

    /** What the migration job reported it moved, while it runs; nothing when it reported none. */
    synchronized void progress(long totalBytes, long doneBytes) {
        if (state == OperationState.RUNNING && totalBytes > 0) {
            total = totalBytes;
            done = Math.min(totalBytes, doneBytes);
        }
    }

    /** The copy converged and QEMU switched over between {@code switchStarted} and {@code at}. */
    synchronized void switchedOver(Instant switchStarted, Instant at) {
        done = total;
        state = OperationState.SUCCEEDED;
        this.switchStarted = switchStarted;
        ended = at;
    }

    /** The migration call failed (or was aborted, when discarded). */
    synchronized void failed(Instant at, ClusterException why) {
        state = OperationState.FAILED;
        error = discarded ? Copy.cancelled() : why;
        ended = at;
    }

    synchronized Instant switchStarted() {
        return switchStarted;
    }

    synchronized Instant ended() {
        return ended;
    }

    synchronized Transfer view(Instant now) {
        long shown = Math.min(done, total);
        Instant end = ended != null ? ended
                : now.plus(Duration.ofMillis((total - shown) * 1000 / Math.max(1, rate)));
        return new Transfer(id, vmId, TransferKind.LIVE, volumeId, state, total,
                state == OperationState.SUCCEEDED ? total : shown, rate, false, started, end,
                Optional.ofNullable(ended), Optional.ofNullable(error), "");
    }
}
