package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricVm;
import java.util.Set;

/**
 * What QEMU cannot do with some disk formats, checked before an operation starts so that the
 * caller gets UNSUPPORTED with the reason instead of a failed operation:
 * <ul>
 * <li>saving a VM's memory (managed save) is a migration to a file, and QEMU's VHD and VHDX drivers
 * (libvirt's {@code vpc} and {@code vhd}) block migration;</li>
 * <li>internal snapshots need every disk in qcow2; VHD disks get external ones instead
 * ({@link ExternalCheckpoints}), VHDX disks none.</li>
 * </ul>
 * libvirt's test driver has neither limit.
 */
final class QemuLimits {

    private static final Set<String> NOT_MIGRATABLE = Set.of(DiskFormats.VHD, DiskFormats.VHDX);

    private QemuLimits() {
    }

    /**
     * Whether QEMU refuses to migrate (live, or to a file) a domain with this disk: a VHD or VHDX,
     * or a checkpoint's differencing file over one (the VHD is still open under it).
     */
    static boolean blocksMigration(DomainDoc.Disk disk) {
        return NOT_MIGRATABLE.contains(disk.driverType())
                || disk.path().map(p -> p.contains(ExternalCheckpoints.MARK)).orElse(false);
    }

    /** A disk's format as a refusal names it. */
    static String describe(DomainDoc.Disk disk) {
        return disk.path().filter(p -> p.contains(ExternalCheckpoints.MARK)).isPresent()
                ? "a checkpoint's differencing file over a VHD" : DiskFormats.describe(disk.driverType());
    }

    static void requireSavable(Fabric fabric, FabricVm vm) {
        if (fabric.host(vm).facts().isTestDriver()) {
            return;
        }
        fabric.withDomain(vm.id(), (h, d) -> {
            VmViews.doc(d).disks().stream().filter(QemuLimits::blocksMigration).findFirst().ifPresent(disk -> {
                throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "QEMU cannot save the memory of " + vm.name()
                        + ": its disk " + disk.target() + " is " + describe(disk)
                        + ", and QEMU's VHD drivers block the migration saving uses.");
            });
            return null;
        });
    }

    /** For VMs whose disks are not VHDs (those get external checkpoints): internal snapshots need qcow2. */
    static void requireSnapshots(Fabric fabric, FabricVm vm) {
        firstDisk(fabric, vm, type -> !"qcow2".equals(type), "The disk %s of " + vm.name() + " is %s; checkpoints"
                + " on QEMU need VHD disks (a differencing file on each) or qcow2 ones (libvirt 9.0 cannot put a"
                + " differencing file over a VHDX: it names QEMU's VHDX driver wrongly).");
    }

    private static void firstDisk(Fabric fabric, FabricVm vm, java.util.function.Predicate<String> refused,
            String message) {
        if (fabric.host(vm).facts().isTestDriver()) {
            return;
        }
        fabric.withDomain(vm.id(), (h, d) -> {
            VmViews.doc(d).disks().stream().filter(disk -> refused.test(disk.driverType())).findFirst()
                    .ifPresent(disk -> {
                        throw new ClusterException(ClusterErrorCode.UNSUPPORTED,
                                String.format(message, disk.target(), DiskFormats.describe(disk.driverType())));
                    });
            return null;
        });
    }
}
