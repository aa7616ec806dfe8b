package io.gio.cluster.libvirt;

import static io.gio.cluster.spi.ClusterErrorCode.INVALID_ARGUMENT;
import static io.gio.cluster.spi.ClusterErrorCode.INVALID_STATE;
import static io.gio.cluster.spi.ClusterErrorCode.NOT_FOUND;
import static io.gio.cluster.spi.ClusterErrorCode.UNSUPPORTED;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.TransferSpec;
import io.gio.cluster.spi.VmSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link MigrationSupport} on libvirt, for the migration engine's {@code ExportImport} and
 * {@code SmbTransfer} strategies:
 * <ul>
 * <li>FULL (a stopped VM; also BASE of a VM that is not running): each disk file is streamed from
 * its host into a new volume of the target pool (libvirt's volume download and upload), at the
 * asked rate, which {@link #throttle} changes; its content digest is computed from the same bytes.
 * This works between any two hosts the gateway reaches.</li>
 * <li>BASE of a running VM: QEMU mirrors each disk into a new volume of the target pool while the
 * guest runs (a block copy with synchronous writes once caught up, at the asked rate); it
 * SUCCEEDS once caught up and then carries every write until the VM stops. The target pool must
 * be reachable from the VM's host: a pool of that host, or shared storage mounted at the same
 * path on both hosts (an NFS or SMB share, as the SMB transfer it models).</li>
 * <li>DELTA: copies nothing; once the VM is stopped it checks that the chain's copy holds the
 * VM's content (reading both), so the import gets exactly the source's disks.</li>
 * <li>LIVE: shared-nothing live migration to another host, see {@link LiveMigrations}.</li>
 * </ul>
 * A copy may convert VHD disks to VHDX ({@link TransferSpec#targetFormat}): a streamed copy writes
 * the VHD into the target pool and QEMU then converts it there ({@link Conversions}), reported as
 * {@link Transfer#converting}; a block copy writes the VHDX directly (QEMU converts as it copies).
 * VOLUME_MIRROR is not offered ({@link #kinds}). {@link #importVm} defines a domain on the target
 * pool's host over the copied volumes.
 * Transfers are kept in memory: after a restart of the gateway they are unknown (NOT_FOUND) and the
 * engine starts its copy again; the volumes of a lost transfer are named after it.
 */
final class LibvirtTransfers implements MigrationSupport, AutoCloseable {

    private final Fabric fabric;
    private final VmCreation creation;
    private final CopyJobs jobs;
    private final CopyTargets targets;
    private final Map<UUID, Copy> copies = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("gio-libvirt-copy"));
    private final ScheduledExecutorService mirrors = Executors.newSingleThreadScheduledExecutor(daemon("gio-libvirt-mirror"));
    private final Set<Copy> observed = ConcurrentHashMap.newKeySet();
    private final LiveMigrations live;

    LibvirtTransfers(Fabric fabric, VmCreation creation) {
        this.fabric = fabric;
        this.creation = creation;
        this.jobs = new CopyJobs(fabric);
        this.targets = new CopyTargets(fabric);
        this.live = new LiveMigrations(fabric, workers);
        mirrors.scheduleWithFixedDelay(this::observeMirrors, 250, 250, TimeUnit.MILLISECONDS);
        workers.execute(this::destroyLeftoverConversions);
    }

    /** Conversions a restart interrupted left paused helper domains; the transfers are forgotten. */
    private void destroyLeftoverConversions() {
        for (HostConnection h : fabric.topology.allConnections()) {
            try {
                Conversions.destroyLeftovers(h, copies::containsKey);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LibvirtTransfers.class).warn(
                        "Cannot look for interrupted conversions on {}: {}", h.uri, e.getMessage());
            }
        }
    }

    @Override
    public Set<TransferKind> kinds() {
        return EnumSet.of(TransferKind.FULL, TransferKind.BASE, TransferKind.DELTA, TransferKind.LIVE);
    }

    @Override
    public Set<TransferKind> kinds(FabricVm vm) {
        Set<TransferKind> out = EnumSet.copyOf(kinds());
        if (live.whyNot(vm).isPresent()) {
            out.remove(TransferKind.LIVE);
        }
        return out;
    }

    /** QEMU switches over as soon as a live migration converges. */
    @Override
    public boolean holdsLiveSwitchOver() {
        return false;
    }

    @Override
    public synchronized Transfer startTransfer(TransferSpec spec) {
        Copy existing = copies.get(spec.id());
        Optional<LiveMove> moving = live.move(spec.id());
        if (existing != null || moving.isPresent()) {
            if (!(existing != null ? existing.vmId : moving.get().vmId).equals(spec.vmId())) {
                throw new ClusterException(INVALID_ARGUMENT, "Transfer " + spec.id() + " is of another VM.");
            }
            return existing != null ? existing.view(fabric.clock.instant()) : live.view(moving.get());
        }
        FabricVm vm = fabric.requireVm(spec.vmId());
        Topology.Pool pool = pool(spec.targetVolumeId());
        Copy previous = spec.previous().map(id -> continued(id, vm, spec)).orElse(null);
        checkState(vm, spec.kind());
        Stamp target = fabric.topology.stamp(pool.volume().stampId());
        if (spec.kind() == TransferKind.LIVE) {
            return live.start(spec, vm, pool, target);
        }
        checkRoute(vm, spec, target);
        HostConnection source = fabric.host(vm);
        Copy.Mode mode = spec.kind() == TransferKind.DELTA ? Copy.Mode.CHECK
                : vm.state() == PowerState.RUNNING ? Copy.Mode.MIRROR : Copy.Mode.PUMP;
        if (mode == Copy.Mode.MIRROR && pool.host() != source && !sharedPath(source, pool)) {
            throw new ClusterException(UNSUPPORTED, "A copy while VM " + vm.name() + " runs needs the target pool "
                    + pool.volume().name() + " on its host " + source.facts().hostname()
                    + " or on storage that host mounts at the same path.");
        }
        long rate = Math.min(spec.bytesPerSecond(), cap(vm, pool));
        List<Copy.Piece> pieces = mode == Copy.Mode.CHECK ? previous.root.pieces : List.of();
        long total = 0;
        if (mode != Copy.Mode.CHECK) {
            total = targets.requireRoom(source, vm, pool, spec.targetFormat(), mode);
            pieces = targets.create(spec.id(), vm, pool, spec.targetFormat(), mode);
        }
        Copy c = new Copy(spec.id(), vm.id(), spec.kind(), mode, pool.volume().id(), spec.targetFormat(),
                previous == null ? null : previous.root, fabric.clock.instant(), source, pool.host(), pool.poolName(),
                pieces, total, rate, pool.volume().throughputBytesPerSecond());
        copies.put(c.id, c);
        switch (mode) {
            case PUMP -> workers.execute(() -> jobs.pump(c));
            case CHECK -> workers.execute(() -> jobs.check(c, previous));
            case MIRROR -> {
                try {
                    jobs.startMirror(c);
                } catch (ClusterException e) {
                    jobs.abortMirror(c);
                    targets.deleteAll(c);
                    copies.remove(c.id);
                    throw e;
                }
                observed.add(c);
            }
        }
        return c.view(fabric.clock.instant());
    }

    @Override
    public Transfer transfer(UUID transferId) {
        Optional<LiveMove> m = live.move(transferId);
        return m.isPresent() ? live.view(m.get()) : copy(transferId).view(fabric.clock.instant());
    }

    @Override
    public Transfer throttle(UUID transferId, long bytesPerSecond) {
        Optional<LiveMove> m = live.move(transferId);
        if (m.isPresent()) {
            live.throttle(m.get(), bytesPerSecond);
            return live.view(m.get());
        }
        Copy c = copy(transferId);
        if (c.running() && c.mode != Copy.Mode.CHECK) {
            c.rate = Math.max(1, Math.min(bytesPerSecond, cap(fabric.requireVm(c.vmId), pool(c.volumeId))));
            if (c.mode == Copy.Mode.MIRROR) {
                jobs.throttleMirror(c);
            }
        }
        return c.view(fabric.clock.instant());
    }

    @Override
    public void discard(UUID transferId) {
        Optional<LiveMove> m = live.move(transferId);
        if (m.isPresent()) {
            live.discard(m.get());
            return;
        }
        Copy root = copy(transferId).root;
        synchronized (root) {
            if (root.imported || root.discarded) {
                return;
            }
            root.discarded = true;
        }
        for (Copy c : copies.values()) {
            if (c.root == root) {
                c.cancelled = true;
                c.fail(fabric.clock.instant(), Copy.cancelled());
                Conversions.Conversion conversion = c.conversion;
                if (conversion != null) {
                    try {
                        Conversions.cancel(conversion, c.poolName);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(LibvirtTransfers.class).warn(
                                "Cannot stop the conversion of transfer {}: {}", c.id, e.getMessage());
                    }
                }
            }
        }
        if (root.mode == Copy.Mode.MIRROR) {
            jobs.abortMirror(root);
        }
        targets.deleteAll(root);
    }

    @Override
    public FabricOperation importVm(ImportSpec spec) {
        Optional<FabricOperation> running = fabric.operations.find(OpKind.IMPORT, spec.vmId().toString());
        if (running.isPresent()) {
            return running.get();
        }
        Stamp stamp = fabric.topology.stamp(spec.targetStampId());
        Optional<LiveMove> moved = live.move(spec.lastTransfer());
        if (moved.isPresent()) {
            return live.importVm(moved.get(), spec, stamp);
        }
        Copy last = copy(spec.lastTransfer());
        if (last.state() != OperationState.SUCCEEDED || !last.dataKept()) {
            throw new ClusterException(INVALID_ARGUMENT, "Transfer " + last.id + " has not succeeded, or its data "
                    + "was discarded or imported already.");
        }
        Topology.Pool pool = fabric.topology.pool(stamp.id(), last.volumeId).orElseThrow(() -> new ClusterException(
                INVALID_ARGUMENT, "The volume of transfer " + last.id + " is not on stamp " + stamp.name() + "."));
        FabricVm source = fabric.vm(last.vmId).orElseThrow(() -> new ClusterException(NOT_FOUND,
                "The VM transfer " + last.id + " copied no longer exists."));
        boolean stopped = source.state() == PowerState.STOPPED || source.state() == PowerState.SAVED;
        if (!stopped || (last.root.mode == Copy.Mode.MIRROR && last.mode != Copy.Mode.CHECK)) {
            throw new ClusterException(INVALID_STATE, "VM " + source.name() + " is " + source.state() + " and may have "
                    + "written since the copy; stop it and check the copy with a DELTA first.");
        }
        List<DiskSpec> disks = new ArrayList<>();
        Map<UUID, VmCreation.Existing> paths = new LinkedHashMap<>();
        for (Copy.Piece p : last.root.pieces) {
            UUID diskId = UUID.randomUUID();
            disks.add(new DiskSpec(diskId, p.name(), DiskFormats.of(p.targetType()), p.virtualBytes(), 0, 0,
                    Optional.of(pool.volume().id()), p.boot()));
            paths.put(diskId, new VmCreation.Existing(p.targetPath(), p.targetType()));
        }
        VmSpec vm = new VmSpec(spec.vmId(), stamp.id(), spec.name(), spec.cpuCount(), spec.memoryMb(), disks,
                spec.nics(), false);
        Copy root = last.root;
        CopyJobs.refreshQuietly(pool.host(), pool.poolName());
        return creation.importFrom(vm, paths, () -> {
            synchronized (root) {
                root.imported = true;
            }
        });
    }

    @Override
    public String contentDigest(UUID vmId) {
        FabricVm vm = fabric.requireVm(vmId);
        fabric.withDomain(vmId, (h, d) -> {
            VmViews.doc(d).disks().stream().filter(disk -> !CopyTargets.COPIED_TYPES.contains(disk.driverType())).findFirst()
                    .ifPresent(disk -> {
                        throw new ClusterException(UNSUPPORTED, "The content of the disk " + disk.target() + " of VM "
                                + vm.name() + " is not read: it is " + DiskFormats.describe(disk.driverType())
                                + ", and only VHD, VHDX and raw files are.");
                    });
            return null;
        });
        return jobs.digest(fabric.host(vm), vm.disks().stream().map(FabricDisk::path).toList());
    }

    @Override
    public void close() {
        mirrors.shutdownNow();
        workers.shutdownNow();
    }

    private void observeMirrors() {
        for (Copy c : observed) {
            try {
                if (!jobs.observeMirror(c)) {
                    observed.remove(c);
                }
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LibvirtTransfers.class).warn("Cannot observe transfer {}: {}",
                        c.id, e.getMessage());
            }
        }
    }

    private Copy copy(UUID transferId) {
        Copy c = copies.get(transferId);
        if (c == null) {
            throw new ClusterException(NOT_FOUND, "No transfer with ID " + transferId + " on this fabric.");
        }
        return c;
    }

    private Topology.Pool pool(UUID volumeId) {
        return fabric.topology.stamps().stream().map(s -> fabric.topology.pool(s.id(), volumeId))
                .flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new ClusterException(NOT_FOUND, "No volume with ID " + volumeId + " on this fabric."));
    }

    /** The chain a DELTA continues: a SUCCEEDED transfer of the same VM to the same volume, data kept. */
    private Copy continued(UUID previousId, FabricVm vm, TransferSpec spec) {
        Copy p = copies.get(previousId);
        if (p == null || p.state() != OperationState.SUCCEEDED || !p.vmId.equals(vm.id())
                || !p.volumeId.equals(spec.targetVolumeId()) || p.format != spec.targetFormat() || !p.dataKept()) {
            throw new ClusterException(INVALID_ARGUMENT, "Transfer " + previousId + " is not a succeeded transfer of VM "
                    + vm.name() + " to that volume whose data is kept.");
        }
        if (p.root.mode == Copy.Mode.MIRROR && vm.state() != PowerState.RUNNING && !p.root.stoppedInSync) {
            throw new ClusterException(INVALID_ARGUMENT, "The mirror of transfer " + previousId
                    + " did not stay in sync until VM " + vm.name() + " stopped; start again with a new copy.");
        }
        return p;
    }

    private static void checkState(FabricVm vm, TransferKind kind) {
        if (vm.runningOperation().isPresent() || vm.state() == PowerState.CREATING
                || vm.state() == PowerState.DELETING || vm.state() == PowerState.CREATION_FAILED) {
            throw new ClusterException(INVALID_STATE, "VM " + vm.name() + " is " + vm.state() + " and busy.");
        }
        boolean stopped = vm.state() == PowerState.STOPPED || vm.state() == PowerState.SAVED;
        if (kind == TransferKind.FULL && !stopped) {
            throw new ClusterException(INVALID_STATE, "A FULL copy needs VM " + vm.name() + " stopped or saved; it is "
                    + vm.state() + ".");
        }
        if (kind == TransferKind.LIVE && vm.state() != PowerState.RUNNING) {
            throw new ClusterException(INVALID_STATE, "A LIVE transfer needs VM " + vm.name() + " running; it is "
                    + vm.state() + ".");
        }
    }

    /** Every two stamps are joined by a link ({@link LibvirtClusterDriver#links}), so any route is one. */
    private static void checkRoute(FabricVm vm, TransferSpec spec, Stamp target) {
        if (spec.kind() == TransferKind.VOLUME_MIRROR) {
            throw new ClusterException(UNSUPPORTED, spec.kind() + " transfers are not offered on libvirt.");
        }
        if (!target.generation().diskFormats().contains(spec.targetFormat())) {
            throw new ClusterException(UNSUPPORTED, "Stamp " + target.name() + " on libvirt attaches "
                    + target.generation().diskFormats() + "; " + spec.targetFormat() + " was asked for.");
        }
        for (FabricDisk d : vm.disks()) {
            if (d.format() != spec.targetFormat() && !(d.format() == DiskFormat.VHD
                    && spec.targetFormat() == DiskFormat.VHDX)) {
                throw new ClusterException(UNSUPPORTED, "The disk " + d.name() + " is " + d.format() + "; a copy "
                        + "converts VHD to VHDX only, not to " + spec.targetFormat() + ".");
            }
        }
    }

    private boolean sharedPath(HostConnection source, Topology.Pool pool) {
        return fabric.topology.pools(source.stampId).stream()
                .anyMatch(p -> p.host() == source && p.volume().path().equals(pool.volume().path()));
    }

    private long cap(FabricVm vm, Topology.Pool target) {
        long cap = target.volume().throughputBytesPerSecond();
        for (FabricDisk d : vm.disks()) {
            cap = Math.min(cap, pool(d.volumeId()).volume().throughputBytesPerSecond());
        }
        return cap;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
