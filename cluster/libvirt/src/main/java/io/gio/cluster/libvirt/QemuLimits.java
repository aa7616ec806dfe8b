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
 * <li>snapshots libvirt can revert to (up to 9.x: internal ones) need every disk in qcow2.</li>
 * </ul>
 * libvirt's test driver has neither limit.
 */
final class QemuLimits {

    private static final Set<String> NOT_MIGRATABLE = Set.of(DiskFormats.VHD, DiskFormats.VHDX);

    private QemuLimits() {
    }

    /** Whether QEMU refuses to migrate (live, or to a file) a domain with a disk in this libvirt format. */
    static boolean blocksMigration(String driverType) {
        return NOT_MIGRATABLE.contains(driverType);
    }

    static void requireSavable(Fabric fabric, FabricVm vm) {
        firstDisk(fabric, vm, NOT_MIGRATABLE::contains, "QEMU cannot save the memory of "
                + vm.name() + ": its disk %s is %s, and QEMU's VHD drivers block the migration saving uses.");
    }

    static void requireSnapshots(Fabric fabric, FabricVm vm) {
        firstDisk(fabric, vm, type -> !"qcow2".equals(type), "The disk %s of " + vm.name() + " is %s; libvirt's"
                + " snapshots on QEMU need qcow2 disks (reverting external snapshots needs libvirt 9.9).");
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
