package io.gio.cluster.libvirt;

import static io.gio.cluster.spi.ClusterErrorCode.CAPACITY;
import static io.gio.cluster.spi.ClusterErrorCode.UNSUPPORTED;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricVm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the copies of {@link LibvirtTransfers} go in their target pool: whether the pool has room
 * for them, the files each disk's copy writes (created, named and removed here), and which pools
 * QEMU may write a VHDX in.
 */
final class CopyTargets {

    private static final Logger LOG = LoggerFactory.getLogger(CopyTargets.class);

    /**
     * What a VHDX QEMU writes takes beyond the disk's size: its headers, log, metadata and BAT
     * (about 4 MiB) and its last block rounded up (QEMU's blocks are up to 32 MiB).
     */
    private static final long VHDX_OVERHEAD = 64L << 20;

    /** The libvirt formats a copy reads: VHD, VHDX and raw. */
    static final Set<String> COPIED_TYPES = Set.of(DiskFormats.VHD, DiskFormats.VHDX, "raw");

    private final Fabric fabric;

    CopyTargets(Fabric fabric) {
        this.fabric = fabric;
    }

    /**
     * Checks the pool has room for a copy of the VM's disks (CAPACITY, naming the volume, if not)
     * and returns the bytes the copy moves: the files' bytes for a stream, the disks' used bytes
     * for a block copy. QEMU's block copies write every block of their target, zeros too, and a
     * conversion is one, so those need the disks' full sizes.
     */
    long requireRoom(HostConnection source, FabricVm vm, Topology.Pool pool, DiskFormat format, Copy.Mode mode) {
        long total = 0;
        long needed = 0;
        for (FabricDisk d : vm.disks()) {
            long streamed = mode == Copy.Mode.PUMP ? NativeCopies.physicalBytes(source.connect(), d.path()) : 0;
            total += mode == Copy.Mode.PUMP ? streamed : d.usedBytes();
            boolean qemuWrites = mode == Copy.Mode.MIRROR || d.format() != format;
            needed += streamed + (qemuWrites ? d.maxBytes() : 0)
                    + (qemuWrites && format == DiskFormat.VHDX ? VHDX_OVERHEAD : 0);
        }
        long free = pool.volume().capacityBytes() - pool.volume().usedBytes();
        if (free < needed) {
            throw new ClusterException(CAPACITY, "The volume " + pool.volume().name() + " has " + free
                    + " bytes free; the copy of VM " + vm.name() + " needs " + needed + ".");
        }
        return total;
    }

    /**
     * Where each disk's copy goes in the pool, named after the disk and the transfer (a transfer
     * started again after a restart replaces what it left), in the libvirt format the disk has, or
     * VHDX ({@code vhd}) when it converts: a new volume for a streamed copy (a disk to convert is
     * staged as one in its own format); for a block copy, a new volume, or none for a VHDX, which
     * libvirt creates. Copies read VHD, VHDX and raw files only ({@link ContentDigest}).
     */
    List<Copy.Piece> create(UUID transferId, FabricVm vm, Topology.Pool pool, DiskFormat format, Copy.Mode mode) {
        Map<String, DomainDoc.Disk> byPath = new LinkedHashMap<>();
        fabric.withDomain(vm.id(), (h, d) -> {
            VmViews.doc(d).disks().forEach(disk -> disk.path().ifPresent(path -> byPath.put(path, disk)));
            return null;
        });
        for (FabricDisk d : vm.disks()) {
            String type = Optional.ofNullable(byPath.get(d.path())).map(DomainDoc.Disk::driverType).orElse("");
            if (d.path().contains(ExternalCheckpoints.MARK)) {
                throw new ClusterException(UNSUPPORTED, "The disk " + d.name() + " of VM " + vm.name() + " has"
                        + " checkpoints (its writes go to a differencing file); delete the VM's checkpoints before"
                        + " it moves.");
            }
            if (!COPIED_TYPES.contains(type)) {
                throw new ClusterException(UNSUPPORTED, "The disk " + d.name() + " of VM " + vm.name() + " is "
                        + DiskFormats.describe(type) + "; copies read VHD, VHDX and raw files only (a LiveMigration "
                        + "moves other disks).");
            }
        }
        List<Copy.Piece> pieces = new ArrayList<>();
        try {
            for (FabricDisk d : vm.disks()) {
                DomainDoc.Disk disk = byPath.get(d.path());
                String sourceType = disk.driverType();
                boolean converts = d.format() != format;
                String targetType = converts ? DiskFormats.VHDX : sourceType;
                UUID copyId = UUID.nameUUIDFromBytes((transferId + ":" + d.id()).getBytes(StandardCharsets.UTF_8));
                DiskSpec spec = new DiskSpec(copyId, d.name(), format, d.maxBytes(), 0, 0,
                        Optional.of(pool.volume().id()), d.boot());
                Optional<String> staging = Optional.empty();
                String path;
                if (mode == Copy.Mode.MIRROR && DiskFormats.VHDX.equals(targetType)) {
                    path = Volumes.path(filePool(pool), spec);
                } else if (converts) {
                    path = Volumes.path(filePool(pool), spec);
                    staging = Optional.of(Volumes.replace(pool.host(), pool.poolName(), new DiskSpec(copyId, d.name(),
                            d.format(), d.maxBytes(), 0, 0, Optional.of(pool.volume().id()), d.boot()), sourceType));
                } else {
                    path = Volumes.replace(pool.host(), pool.poolName(), spec, targetType);
                }
                pieces.add(new Copy.Piece(disk.target(), d.path(), path, d.maxBytes(), d.name(), d.id(), d.boot(),
                        sourceType, targetType, staging));
            }
        } catch (ClusterException e) {
            pieces.forEach(p -> deleteTarget(pool.host(), pool.poolName(), p));
            throw e;
        }
        return pieces;
    }

    /**
     * The directory of a pool QEMU may create a VHDX file in: one whose volumes are files (a
     * {@code dir}, {@code fs} or {@code netfs} pool); UNSUPPORTED for another (logical volumes,
     * iSCSI LUNs), where libvirt's storage would have to create the volume, and cannot as VHDX.
     */
    private static String filePool(Topology.Pool pool) {
        String type = Lv.call("read the storage pool " + pool.poolName(), () -> {
            org.libvirt.StoragePool p = pool.host().connect().storagePoolLookupByName(pool.poolName());
            try {
                return Xml.parse(p.getXMLDesc(0)).getDocumentElement().getAttribute("type");
            } finally {
                Lv.free(p);
            }
        });
        if (!Set.of("dir", "fs", "netfs").contains(type) || !pool.volume().path().startsWith("/")) {
            throw new ClusterException(UNSUPPORTED, "The volume " + pool.volume().name() + " is a " + type
                    + " pool; QEMU writes a VHDX only as a file, in a dir, fs or netfs pool.");
        }
        return pool.volume().path();
    }

    /** Removes what a chain's copies wrote to the target pool. */
    void deleteAll(Copy root) {
        root.pieces.forEach(p -> deleteTarget(root.target, root.poolName, p));
    }

    /** Removes what a piece's copy wrote: its target (a file libvirt's pool may not have listed yet) and staging. */
    private static void deleteTarget(HostConnection h, String poolName, Copy.Piece p) {
        try {
            Volumes.removeFile(h, poolName, p.targetPath());
        } catch (ClusterException e) {
            LOG.warn("Cannot delete the disk {} on {}: {}",
                    p.targetPath(), h.uri, e.getMessage());
        }
        p.staging().ifPresent(path -> Volumes.deleteQuietly(h, path));
    }
}
