package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One transfer of {@link LibvirtTransfers} and its progress. The copies of a chain (a first copy,
 * then deltas) write the same target volumes, which belong to the chain's first copy (its
 * {@link #root}): discarding any of them discards the chain, importing it makes them the new VM's.
 */
final class Copy {

    /**
     * How the data moves: {@code PUMP} streams each disk's file from the source host to a volume
     * of the target (a byte copy, rate-limited); {@code MIRROR} has QEMU mirror the disks of the
     * running VM into the target volumes (a block copy); {@code CHECK} copies nothing and checks
     * that the chain's copy is the stopped VM's content.
     */
    enum Mode { PUMP, MIRROR, CHECK }

    /**
     * A disk and where its copy goes: {@code targetPath}, in libvirt format {@code targetType}
     * (the source's {@code sourceType}, or {@code vhd}, VHDX, when it converts); for a streamed copy
     * that converts, {@code staging} is the file in the source's format the stream writes and QEMU
     * then converts into {@code targetPath}.
     */
    record Piece(String target, String sourcePath, String targetPath, long virtualBytes, String name, UUID diskId,
            boolean boot, String sourceType, String targetType, Optional<String> staging) {}

    final UUID id;
    final UUID vmId;
    final TransferKind kind;
    final Mode mode;
    final UUID volumeId;
    final DiskFormat format;
    final Copy root;
    final Instant started;
    final HostConnection source;
    final HostConnection target;
    final String poolName;
    final List<Piece> pieces;
    final long total;
    volatile long done;
    volatile long rate;
    volatile boolean cancelled;
    private OperationState state = OperationState.RUNNING;
    private Instant ended;
    private ClusterException error;
    private String digest = "";
    /** Of a chain: its data was discarded, or became an imported VM's. */
    boolean discarded;
    boolean imported;
    /** Of a mirror: the VM stopped after every disk's mirror had caught up, so the target is its content. */
    boolean stoppedInSync;
    /** Of a streamed copy that converts: the conversion running now, and how far the conversions got. */
    volatile Conversions.Conversion conversion;
    volatile boolean converting;
    volatile long converted;
    /** What the conversions read in all (the staged disks' sizes), and at what rate they are expected to. */
    final long toConvert;
    final long convertRate;

    Copy(UUID id, UUID vmId, TransferKind kind, Mode mode, UUID volumeId, DiskFormat format, Copy root,
            Instant started, HostConnection source, HostConnection target, String poolName, List<Piece> pieces,
            long total, long rate, long convertRate) {
        this.id = id;
        this.vmId = vmId;
        this.kind = kind;
        this.mode = mode;
        this.volumeId = volumeId;
        this.format = format;
        this.root = root == null ? this : root;
        this.started = started;
        this.source = source;
        this.target = target;
        this.poolName = poolName;
        this.pieces = List.copyOf(pieces);
        this.total = total;
        this.rate = rate;
        this.toConvert = pieces.stream().filter(p -> p.staging().isPresent()).mapToLong(Piece::virtualBytes).sum();
        this.convertRate = Math.max(1, convertRate);
    }

    synchronized OperationState state() {
        return state;
    }

    synchronized boolean running() {
        return state == OperationState.RUNNING;
    }

    synchronized void succeed(Instant at, String contentDigest) {
        if (state == OperationState.RUNNING) {
            done = total;
            digest = contentDigest;
            state = OperationState.SUCCEEDED;
            ended = at;
        }
    }

    synchronized void fail(Instant at, ClusterException why) {
        if (state == OperationState.RUNNING) {
            state = OperationState.FAILED;
            error = why;
            ended = at;
        }
    }

    /** Whether the chain's data can still be continued or imported. */
    boolean dataKept() {
        synchronized (root) {
            return !root.discarded && !root.imported;
        }
    }

    synchronized Transfer view(Instant now) {
        long shown = Math.min(done, total);
        long perSecond = Math.max(1, rate);
        long convertLeft = Math.max(0, toConvert - converted);
        Instant end = ended != null ? ended
                : now.plus(Duration.ofMillis((total - shown) * 1000 / perSecond + convertLeft * 1000 / convertRate));
        boolean nowConverting = state == OperationState.RUNNING && converting;
        return new Transfer(id, vmId, kind, volumeId, state, total,
                state == OperationState.SUCCEEDED || nowConverting ? total : shown, rate, nowConverting, started, end,
                Optional.ofNullable(ended), Optional.ofNullable(error), digest);
    }

    static ClusterException cancelled() {
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The transfer was discarded.");
    }
}
