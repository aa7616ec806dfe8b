package io.gio.cluster.libvirt;

import static io.gio.cluster.spi.ClusterErrorCode.CAPACITY;
import static io.gio.cluster.spi.ClusterErrorCode.FABRIC_FAILURE;
import static io.gio.cluster.spi.ClusterErrorCode.INVALID_ARGUMENT;
import static io.gio.cluster.spi.ClusterErrorCode.UNSUPPORTED;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.ImportSpec;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.OperationState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Transfer;
import io.gio.cluster.spi.TransferSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * LIVE transfers on libvirt: shared-nothing live migration of a running domain to a host of the
 * target stamp, its disks copied by QEMU over NBD into new volumes of the target pool
 * ({@code VIR_MIGRATE_NON_SHARED_DISK}) while the guest runs, then its memory, iterated until it
 * converges ({@code VIR_MIGRATE_AUTO_CONVERGE} slows a guest that dirties faster than the link).
 *
 * <p>QEMU switches over by itself once the copy converges (its downtime is milliseconds, which it
 * measures); the driver therefore does not {@link io.gio.cluster.spi.MigrationSupport#holdsLiveSwitchOver
 * hold the switch-over}: the transfer ends with the domain running on the target host (marked
 * {@link VmMeta#arriving}, so no VM yet) and stopped on the source, which keeps its definition and
 * disks for a rollback. The import then names the moved domain with the VM ID the engine chose
 * ({@link VmMeta#id}: libvirt keeps a domain's UUID across a migration). Discarding a transfer
 * aborts a running migration ({@code virDomainAbortJob}: the guest keeps running on its source),
 * or removes the moved domain and its volumes. QEMU cannot live-migrate VHD or VHDX images (its
 * {@code vpc} and {@code vhdx} drivers block migration), so only VMs with raw or qcow2 disks are
 * offered LIVE.
 */
final class LiveMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(LiveMigrations.class);
    private static final int MIGRATE_LIVE = 1;
    private static final int MIGRATE_PERSIST_DEST = 8;
    private static final int MIGRATE_NON_SHARED_DISK = 64;
    private static final int MIGRATE_ABORT_ON_ERROR = 4096;
    private static final int MIGRATE_AUTO_CONVERGE = 8192;
    private static final int XML_SECURE = 1;
    private static final int XML_MIGRATABLE = 8;
    private static final long MIB = 1L << 20;

    private final Fabric fabric;
    private final LiveMoveRecords records;
    private final RunningMoves running;
    private final Executor workers;
    private final Map<UUID, LiveMove> moves = new ConcurrentHashMap<>();

    LiveMigrations(Fabric fabric, Executor workers) {
        this.fabric = fabric;
        this.records = new LiveMoveRecords(fabric);
        this.running = new RunningMoves(fabric, workers);
        this.workers = workers;
    }

    /** Why this VM cannot be live-migrated here, or empty. */
    Optional<String> whyNot(FabricVm vm) {
        if (fabric.host(vm).facts().isTestDriver()) {
            return Optional.of("libvirt's test driver does not migrate domains");
        }
        return fabric.withDomain(vm.id(), (h, d) -> VmViews.doc(d).disks().stream()
                .filter(QemuLimits::blocksMigration).findFirst()
                .map(disk -> "QEMU cannot live-migrate VM " + vm.name() + ": its disk " + disk.target() + " is "
                        + QemuLimits.describe(disk) + ", and QEMU's VHD and VHDX drivers block migration"));
    }

    /**
     * The live migration {@code id}: one this process started, or, after a restart of the gateway,
     * one that switched over before and whose domain waits on its target host for the import.
     * (A migration the gateway was driving when it stopped was aborted by libvirt with the
     * connection: the VM runs on its source, and the engine starts a new transfer.)
     */
    Optional<LiveMove> move(UUID id) {
        LiveMove m = moves.get(id);
        if (m != null) {
            return Optional.of(m);
        }
        return fabric.domains.arrival(id).map(a -> moves.computeIfAbsent(id, k -> records.recover(k, a)));
    }


    /** Starts a live migration of the running VM into the pool; the caller checked its state. */
    Transfer start(TransferSpec spec, FabricVm vm, Topology.Pool pool, Stamp target) {
        HostConnection source = fabric.host(vm);
        if (!fabric.generation(vm).sharedNothingLiveMigration() || !target.generation().sharedNothingLiveMigration()) {
            throw new ClusterException(UNSUPPORTED, "A live migration needs both stamps' generations to have it ("
                    + fabric.generation(vm).hypervisor() + " to " + target.generation().hypervisor() + ").");
        }
        if (pool.host() == source) {
            throw new ClusterException(UNSUPPORTED, "A live migration moves VM " + vm.name() + " to another host;"
                    + " the pool " + pool.volume().name() + " is on its own host " + source.facts().hostname() + ".");
        }
        if (vm.disks().stream().anyMatch(d -> d.format() != spec.targetFormat())) {
            throw new ClusterException(UNSUPPORTED, "A live migration keeps VM " + vm.name() + "'s disks as they are;"
                    + " it converts none to " + spec.targetFormat() + ".");
        }
        whyNot(vm).ifPresent(why -> {
            throw new ClusterException(UNSUPPORTED, why + ".");
        });
        long disks = vm.disks().stream().mapToLong(FabricDisk::usedBytes).sum();
        long free = pool.volume().capacityBytes() - pool.volume().usedBytes();
        if (free < disks) {
            throw new ClusterException(CAPACITY, "The volume " + pool.volume().name() + " has " + free
                    + " bytes free; VM " + vm.name() + "'s disks need " + disks + ".");
        }
        String[] xml = new String[1];
        UUID domainUuid = fabric.withDomain(vm.id(), (h, d) -> {
            xml[0] = Lv.call("read the VM " + vm.name(), () -> d.getXMLDesc(XML_SECURE | XML_MIGRATABLE));
            return UUID.fromString(Lv.call("read the VM " + vm.name(), d::getUUIDString));
        });
        DomainDoc doc = DomainDoc.parse(xml[0]);
        List<LiveMove.Piece> pieces = new ArrayList<>();
        for (DomainDoc.Disk disk : doc.disks()) {
            String from = disk.path().orElseThrow(() -> new ClusterException(UNSUPPORTED, "The disk " + disk.target()
                    + " of VM " + vm.name() + " is not a file or a volume of a pool; it cannot be copied."));
            String to = pool.volume().path() + "/" + spec.id().toString().substring(0, 8) + "-"
                    + from.substring(from.lastIndexOf('/') + 1);
            pieces.add(new LiveMove.Piece(disk.target(), to));
            retarget(disk.element(), to);
        }
        VmMeta meta = doc.meta();
        meta.arriving = Optional.of(spec.id());
        doc.setMeta(meta);
        long memory = (long) vm.memoryMb() * MIB;
        LiveMove m = new LiveMove(spec.id(), vm.id(), vm.cpuCount(), vm.memoryMb(), domainUuid, pool.volume().id(), source,
                pool.host(), pieces,
                fabric.clock.instant(), disks + memory, Math.max(MIB, spec.bytesPerSecond()));
        moves.put(m.id, m);
        fabric.domains.identify(m.target, domainUuid, Domains.Identity.arriving(m.id));
        String destination = doc.xml();
        workers.execute(() -> run(m, destination));
        workers.execute(() -> running.watch(m));
        return m.view(fabric.clock.instant());
    }

    /** The transfer as last observed; never waits for libvirt (see {@link RunningMoves#watch}). */
    Transfer view(LiveMove m) {
        return m.view(fabric.clock.instant());
    }

    /** Changes the bandwidth of a running migration, without waiting for libvirt. */
    void throttle(LiveMove m, long bytesPerSecond) {
        running.throttle(m, bytesPerSecond);
    }

    /** Aborts a running migration, or removes a moved domain not imported yet. */
    void discard(LiveMove m) {
        synchronized (m) {
            if (m.imported || m.discarded) {
                return;
            }
            m.discarded = true;
            if (m.state() == OperationState.RUNNING) {
                workers.execute(() -> running.abort(m));
                return; // run() removes what was copied when the migration call returns
            }
        }
        if (m.state() == OperationState.SUCCEEDED) {
            removeMoved(m);
        }
    }

    /** Names the moved domain with the import's VM ID; the switch-over was the transfer's end. */
    FabricOperation importVm(LiveMove m, ImportSpec spec, Stamp stamp) {
        Optional<FabricOperation> done = fabric.operations.find(OpKind.IMPORT, spec.vmId().toString());
        if (done.isPresent()) {
            return done.get();
        }
        synchronized (m) {
            if (m.state() != OperationState.SUCCEEDED || m.discarded || m.imported) {
                throw new ClusterException(INVALID_ARGUMENT, "Transfer " + m.id + " has not succeeded, or its VM was"
                        + " discarded or imported already.");
            }
            if (!m.target.stampId.equals(stamp.id())) {
                throw new ClusterException(INVALID_ARGUMENT, "The volume of transfer " + m.id + " is not on stamp "
                        + stamp.name() + ".");
            }
            if (spec.cpuCount() != m.cpus || spec.memoryMb() != m.memoryMb) {
                throw new ClusterException(UNSUPPORTED, "A live-migrated VM keeps its " + m.cpus
                        + " virtual processors and " + m.memoryMb + " MB of memory.");
            }
            rename(m, spec);
            m.imported = true;
            fabric.domains.identify(m.target, m.domainUuid, Domains.Identity.vm(spec.vmId()));
            return fabric.operations.done(spec.vmId(), OpKind.IMPORT, spec.vmId().toString(), m.switchStarted(), m.ended());
        }
    }

    private void run(LiveMove m, String destinationXml) {
        ClusterException failure = null;
        long downtimeMs = 0;
        long moved = 0;
        try {
            NativeMigrations.migrate(m.source.connect(), m.domainUuid, m.target.connect(), destinationXml,
                    migrationUri(m.target), m.rate / MIB, MIGRATE_LIVE | MIGRATE_PERSIST_DEST | MIGRATE_NON_SHARED_DISK
                            | MIGRATE_ABORT_ON_ERROR | MIGRATE_AUTO_CONVERGE);
            try {
                Map<String, Long> stats = NativeMigrations.jobStats(m.source.connect(), m.domainUuid,
                        NativeMigrations.STATS_COMPLETED);
                downtimeMs = stats.getOrDefault("downtime", 0L);
                moved = Math.max(stats.getOrDefault("data_total", 0L), stats.getOrDefault("data_processed", 0L));
            } catch (ClusterException e) {
                LOG.info("No statistics of the migration of transfer {}: {}", m.id, e.getMessage());
            }
        } catch (ClusterException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new ClusterException(FABRIC_FAILURE, "The live migration failed: " + e, e);
        }
        Instant now = fabric.clock.instant();
        if (failure == null) {
            records.remember(m, now.minusMillis(downtimeMs), now); // before the import can rename the domain
        }
        boolean undo;
        synchronized (m) {
            if (failure == null) {
                m.progress(moved, moved);
                m.switchedOver(now.minusMillis(downtimeMs), now);
            } else {
                m.failed(now, failure);
            }
            undo = m.discarded;
        }
        if (failure != null) {
            LOG.info("Live migration of transfer {} failed: {}", m.id, failure.getMessage());
            deleteCopies(m);
        } else if (undo) {
            removeMoved(m);
        }
    }


    /** Gives the moved domain the import's ID, name and adapter IDs, in its persistent configuration. */
    private void rename(LiveMove m, ImportSpec spec) {
        Domain d = Lv.call("find the moved VM " + spec.name(), () -> m.target.connect().domainLookupByUUID(m.domainUuid));
        try {
            DomainDoc doc = VmViews.doc(d);
            VmMeta meta = doc.meta();
            meta.id = Optional.of(spec.vmId());
            meta.arriving = Optional.empty();
            meta.name = Optional.of(spec.name());
            List<DomainDoc.Interface> interfaces = doc.interfaces();
            for (int i = 0; i < interfaces.size() && i < spec.nics().size(); i++) {
                NicSpec nic = spec.nics().get(i);
                VmMeta.NicMeta before = meta.nics.get(interfaces.get(i).mac());
                meta.nics.put(interfaces.get(i).mac(), before == null
                        ? new VmMeta.NicMeta(nic.id(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty())
                        : new VmMeta.NicMeta(nic.id(), before.maxBitsPerSecond(), before.minBitsPerSecond()));
            }
            doc.setMeta(meta);
            Lv.free(Lv.call("name the moved VM " + spec.name(), () -> m.target.connect().domainDefineXML(doc.xml())));
        } finally {
            Lv.free(d);
        }
    }

    private void removeMoved(LiveMove m) {
        try {
            Domain d = m.target.connect().domainLookupByUUID(m.domainUuid);
            try {
                VmDeletion.removeDomain(d);
            } finally {
                Lv.free(d);
            }
        } catch (LibvirtException e) {
            LOG.info("The moved domain of transfer {} is gone already: {}", m.id, e.getMessage());
        }
        fabric.domains.forget(m.target, m.domainUuid);
        deleteCopies(m);
    }

    private void deleteCopies(LiveMove m) {
        m.pieces.forEach(p -> Volumes.deleteQuietly(m.target, p.targetPath()));
        if (!m.imported) {
            fabric.domains.forget(m.target, m.domainUuid);
        }
    }

    /** Points a disk of the destination's configuration at its copy, a file of the target pool. */
    private static void retarget(Element disk, String path) {
        disk.setAttribute("type", "file");
        Element source = Xml.child(disk, "source").orElseThrow();
        source.removeAttribute("pool");
        source.removeAttribute("volume");
        source.removeAttribute("dev");
        source.setAttribute("file", path);
    }

    /**
     * Where QEMU sends the migration: the target host's address from its libvirt URI
     * ({@code qemu+ssh://host/system}); for a local URI, libvirt's own choice (the host's name).
     */
    static String migrationUri(HostConnection target) {
        try {
            String host = new java.net.URI(target.uri).getHost();
            return host == null || host.isEmpty() ? null : "tcp://" + host;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
