package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.libvirt.StoragePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work behind {@link Copy}s, on threads of {@link LibvirtTransfers}: streaming disk files
 * between hosts at a rate, converting streamed VHDs to VHDX on the target host, checking content,
 * and QEMU block copies of running VMs.
 */
final class CopyJobs {

    private static final Logger LOG = LoggerFactory.getLogger(CopyJobs.class);
    private static final long POLL_MILLIS = 200;
    private static final int REFRESH_ATTEMPTS = 30;

    private final Fabric fabric;
    private final Clock clock;

    CopyJobs(Fabric fabric) {
        this.fabric = fabric;
        this.clock = fabric.clock;
    }

    /**
     * PUMP: streams each disk's file from the source host into its target volume at the copy's
     * rate, computing the content's digest from the same bytes on the way; then converts the
     * staged VHDs into VHDX on the target host, and checks that the VHDX hold that content.
     */
    void pump(Copy c) {
        try {
            ContentDigest digest = new ContentDigest();
            Pace pace = new Pace();
            byte[] rest = new byte[1 << 20];
            for (Copy.Piece p : c.pieces) {
                try (NativeCopies.Stream in = NativeCopies.download(c.source.connect(), p.sourcePath());
                        NativeCopies.Stream out = NativeCopies.upload(c.target.connect(),
                                p.staging().orElse(p.targetPath()))) {
                    ContentDigest.Source tee = buffer -> {
                        if (c.cancelled) {
                            throw Copy.cancelled();
                        }
                        int n = in.read(buffer);
                        if (n > 0) {
                            out.write(buffer, n);
                            c.done += n;
                            pace.after(n, c.rate);
                        }
                        return n;
                    };
                    digest.addDisk(tee);
                    while (tee.read(rest) >= 0) {
                        // the file's last structures (a footer) are copied too
                    }
                    out.finish();
                }
            }
            refreshPatiently(c.target, c.poolName);
            if (c.toConvert > 0) {
                convert(c, digest.digest());
            }
            c.succeed(clock.instant(), digest.digest());
        } catch (RuntimeException e) {
            LOG.warn("Transfer {} of VM {} failed: {}", c.id, c.vmId, e.getMessage());
            c.fail(clock.instant(), asCluster(e));
        }
    }

    /**
     * Converts each staged VHD into its VHDX with QEMU on the target host ({@link Conversions}),
     * removes the VHD, and reads the VHDX back: they must hold what was streamed.
     */
    private void convert(Copy c, String streamed) {
        c.converting = true;
        long before = 0;
        for (Copy.Piece p : c.pieces) {
            if (p.staging().isEmpty()) {
                continue;
            }
            Conversions.Conversion conversion = Conversions.start(c.target, c.id, p.staging().get(), p.sourceType(),
                    p.targetPath(), c.poolName);
            c.conversion = conversion;
            try {
                while (true) {
                    if (c.cancelled) {
                        throw Copy.cancelled();
                    }
                    Conversions.Progress progress = Conversions.progress(conversion);
                    c.converted = before + (progress.end() == 0 ? 0
                            : (long) (p.virtualBytes() * ((double) progress.done() / progress.end())));
                    if (progress.ready()) {
                        break;
                    }
                    LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
                    if (Thread.currentThread().isInterrupted()) {
                        throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The driver closed while QEMU "
                                + "converted " + p.staging().get() + ".");
                    }
                }
                Conversions.finish(conversion);
            } catch (RuntimeException e) {
                try {
                    Conversions.cancel(conversion, c.poolName);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            } finally {
                c.conversion = null;
            }
            before += p.virtualBytes();
            c.converted = before;
            Volumes.deleteQuietly(c.target, p.staging().get());
        }
        refreshPatiently(c.target, c.poolName);
        String converted = digest(c.target, c.pieces.stream().map(Copy.Piece::targetPath).toList());
        if (!converted.equals(streamed)) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The VHDX QEMU wrote does not hold what was "
                    + "copied (content " + converted + ", the copy's " + streamed + ").");
        }
    }

    /**
     * CHECK, once the VM is stopped: reads its disks; the chain's copy must hold the same content
     * (for a block copy, its target volumes are read too; for a streamed copy, its digest is
     * compared).
     */
    void check(Copy c, Copy previous) {
        try {
            String source = digest(c.source, c.pieces.stream().map(Copy.Piece::sourcePath).toList());
            String copy = c.root.mode == Copy.Mode.MIRROR
                    ? digest(c.target, c.pieces.stream().map(Copy.Piece::targetPath).toList())
                    : previous.view(clock.instant()).contentDigest();
            if (!source.equals(copy)) {
                throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The copy does not hold what the VM's "
                        + "disks hold now (content " + copy + ", the VM's " + source + "); start again with a new copy.");
            }
            c.succeed(clock.instant(), source);
        } catch (RuntimeException e) {
            c.fail(clock.instant(), asCluster(e));
        }
    }

    /** The content digest of disk files on a host, in order. */
    String digest(HostConnection h, List<String> paths) {
        ContentDigest digest = new ContentDigest();
        for (String path : paths) {
            try (NativeCopies.Stream in = NativeCopies.download(h.connect(), path)) {
                digest.addDisk(in);
            }
        }
        return digest.digest();
    }

    /**
     * MIRROR: starts QEMU's block copy of every disk into its target, sharing the rate: into the
     * VHD volume made for it, or into a new VHDX file libvirt creates (QEMU converts as it copies).
     */
    void startMirror(Copy c) {
        long each = Math.max(1, c.rate / c.pieces.size());
        for (Copy.Piece p : c.pieces) {
            boolean created = DiskFormats.VHDX.equals(p.targetType());
            if (created) {
                Volumes.removeFile(c.target, c.poolName, p.targetPath());
            }
            NativeCopies.blockCopy(c.source.connect(), fabric.domains.domainUuid(c.vmId), p.target(), p.targetPath(),
                    p.targetType(), each, !created);
        }
        refreshQuietly(c.target, c.poolName);
    }

    void throttleMirror(Copy c) {
        long each = Math.max(1, c.rate / c.pieces.size());
        for (Copy.Piece p : c.pieces) {
            NativeCopies.blockJob(c.source.connect(), fabric.domains.domainUuid(c.vmId), p.target())
                    .ifPresent(j -> NativeCopies.blockJobSpeed(c.source.connect(), fabric.domains.domainUuid(c.vmId), p.target(), each));
        }
    }

    /**
     * Observes a mirror: its progress; SUCCEEDED once every disk's copy has caught up (it then
     * keeps every write of the guest until the VM stops). Returns false once there is nothing
     * more to observe: the VM stopped (in sync or not) or a copy job ended while it ran.
     */
    boolean observeMirror(Copy c) {
        if (c.cancelled) {
            return false;
        }
        boolean active = fabric.domains.with(c.vmId, (h, d) -> Lv.call("read VM " + c.vmId, d::isActive) == 1)
                .orElse(false);
        long cur = 0;
        long end = 0;
        boolean ready = true;
        String ended = null;
        for (Copy.Piece p : c.pieces) {
            Optional<NativeCopies.BlockJob> job = Optional.empty();
            if (active) {
                try {
                    job = NativeCopies.blockJob(c.source.connect(), fabric.domains.domainUuid(c.vmId), p.target());
                } catch (ClusterException e) {
                    if (e.code() != ClusterErrorCode.INVALID_STATE) {
                        throw e;
                    }
                    active = false; // the VM stopped since it was read: seen as such
                }
            }
            if (job.isEmpty()) {
                ended = p.target();
                break;
            }
            cur += job.get().cur();
            end += job.get().end();
            ready &= job.get().ready();
        }
        if (ended == null) {
            c.done = end == 0 ? 0 : Math.min(c.total, (long) (c.total * ((double) cur / end)));
            if (ready) {
                c.succeed(clock.instant(), "");
            }
            return true;
        }
        if (!active) {
            if (c.running()) {
                c.fail(clock.instant(), new ClusterException(ClusterErrorCode.INVALID_STATE,
                        "The VM stopped before the copy of its disks caught up."));
            } else {
                c.stoppedInSync = true;
            }
        } else if (c.running()) {
            c.fail(clock.instant(), new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                    "The block copy of the disk " + ended + " ended before it caught up."));
        }
        return false;
    }

    /** Ends a mirror's copy jobs without touching the VM's own disks. */
    void abortMirror(Copy c) {
        for (Copy.Piece p : c.pieces) {
            try {
                if (NativeCopies.blockJob(c.source.connect(), fabric.domains.domainUuid(c.vmId), p.target()).isPresent()) {
                    NativeCopies.blockJobAbort(c.source.connect(), fabric.domains.domainUuid(c.vmId), p.target(), false);
                }
            } catch (ClusterException e) {
                LOG.info("The copy of disk {} of VM {} ended already: {}", p.target(), c.vmId, e.getMessage());
            }
        }
    }

    /**
     * Refreshes a pool from a worker thread, trying again for a while when libvirt refuses (it does
     * while it builds another volume of the pool, e.g. a template's copy).
     */
    private static void refreshPatiently(HostConnection h, String poolName) {
        for (int attempt = 1; ; attempt++) {
            try {
                refresh(h, poolName);
                return;
            } catch (ClusterException e) {
                if (attempt == REFRESH_ATTEMPTS) {
                    throw e;
                }
                LOG.info("Refreshing the pool {} of {} again soon: {}", poolName, h.uri, e.getMessage());
                LockSupport.parkNanos(POLL_MILLIS * 5 * 1_000_000);
            }
        }
    }

    /** Refreshes a pool so that it lists files QEMU created; a refusal is logged (a later refresh lists them). */
    static void refreshQuietly(HostConnection h, String poolName) {
        try {
            refresh(h, poolName);
        } catch (ClusterException e) {
            LOG.warn("Cannot refresh the pool {} of {} now: {}", poolName, h.uri, e.getMessage());
        }
    }

    static void refresh(HostConnection h, String poolName) {
        StoragePool pool = Lv.call("open the storage pool " + poolName, () -> h.connect().storagePoolLookupByName(poolName));
        try {
            Lv.run("refresh the storage pool " + poolName, () -> pool.refresh(0));
        } finally {
            Lv.free(pool);
        }
    }

    private static ClusterException asCluster(RuntimeException e) {
        return e instanceof ClusterException ce ? ce : new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "The copy failed: " + e.getMessage());
    }

    /** Keeps a stream at a rate: after each chunk, waits until the bytes so far are due. */
    private static final class Pace {
        private long rate;
        private long since;
        private long bytes;

        void after(long n, long bytesPerSecond) {
            if (bytesPerSecond != rate) {
                rate = bytesPerSecond;
                since = System.nanoTime();
                bytes = 0;
            }
            bytes += n;
            long due = since + (long) (bytes * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
