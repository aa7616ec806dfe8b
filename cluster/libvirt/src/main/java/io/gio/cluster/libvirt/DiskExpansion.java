package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.util.EnumSet;
import java.util.UUID;

/**
 * {@link io.gio.cluster.spi.ClusterDriver#expandDisk}: a shut-off domain's disk file grows in place
 * ({@link DiskGrowth}); the size the guest now sees goes into the gateway's metadata of the disk.
 * Only while the domain is shut off, whatever its generation says: QEMU can resize neither a VHD
 * nor a VHDX in use. Not while the domain has snapshots: their overlays or internal states were
 * taken at the old size.
 */
final class DiskExpansion {

    private final Fabric fabric;

    DiskExpansion(Fabric fabric) {
        this.fabric = fabric;
    }

    FabricOperation expand(UUID vmId, UUID diskId, long maxBytes) {
        FabricVm vm = fabric.requireVm(vmId);
        FabricDisk disk = vm.disks().stream().filter(d -> d.id().equals(diskId)).findFirst()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "The virtual machine " + vm.name() + " has no disk " + diskId + "."));
        disk.requireCanGrowTo(maxBytes);
        Fabric.requireIdle(vm, EnumSet.of(PowerState.STOPPED), "grow the disk " + disk.name());
        int snapshots = fabric.withDomain(vmId, (h, d) -> Lv.call("count the checkpoints of " + vm.name(),
                d::snapshotNum));
        if (snapshots > 0) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "The virtual machine " + vm.name() + " has "
                    + snapshots + " checkpoint(s); a disk with checkpoints cannot grow (delete them first).");
        }
        return fabric.operations.start(vmId, OpKind.EXPAND_DISK, null, () -> {
            DomainDoc.Disk target = fabric.withDomain(vmId, (h, d) -> target(vmId, DomainDoc.parse(
                    Lv.call("read the configuration of " + vm.name(), () -> d.getXMLDesc(VmViews.XML_INACTIVE))),
                    diskId));
            HostConnection h = fabric.host(vm);
            long size = DiskGrowth.grow(h, disk.path(), target.driverType(), maxBytes);
            VmViews.volume(h, target).poolName().ifPresent(pool -> CopyJobs.refreshQuietly(h, pool));
            fabric.redefine(vmId, doc -> {
                VmMeta meta = doc.meta();
                VmMeta.DiskMeta known = meta.disks.get(target.target());
                meta.disks.put(target.target(), (known != null ? known
                        : new VmMeta.DiskMeta(diskId, disk.name(), disk.boot(), disk.dirtyBytesPerSecond()))
                        .withVirtualBytes(size));
                doc.setMeta(meta);
            });
        });
    }

    /** The domain's disk that the API knows by {@code diskId} (as {@link VmViews} names them). */
    private static DomainDoc.Disk target(UUID vmId, DomainDoc doc, UUID diskId) {
        VmMeta meta = doc.meta();
        return doc.disks().stream().filter(d -> diskId.equals(meta.disks.containsKey(d.target())
                        ? meta.disks.get(d.target()).id() : Ids.disk(vmId, d.target())))
                .findFirst().orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "The disk " + diskId + " is no longer attached."));
    }
}
