package io.gio.cluster.libvirt;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.libvirt.Domain;

/**
 * {@link io.gio.cluster.spi.ClusterDriver#deleteVm}: a stopped VM goes with its disks (the
 * volumes in libvirt's pools; a file outside every pool is left), its snapshots and its managed
 * save, and its adapters' address reservations are released.
 */
final class VmDeletion {

    /** VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | SNAPSHOTS_METADATA. */
    private static final int UNDEFINE_EVERYTHING = 1 | 2;
    /** VIR_DOMAIN_UNDEFINE_NVRAM, for a UEFI domain (drivers without UEFI refuse the flag). */
    private static final int UNDEFINE_NVRAM = 4;

    private final Fabric fabric;

    VmDeletion(Fabric fabric) {
        this.fabric = fabric;
    }

    FabricOperation delete(UUID vmId) {
        FabricVm vm = fabric.requireVm(vmId);
        Fabric.requireIdle(vm, EnumSet.of(PowerState.STOPPED, PowerState.CREATION_FAILED), "delete");
        return fabric.operations.start(vmId, OpKind.DELETE, null, () -> {
            HostConnection h = fabric.host(vm);
            java.util.Set<String> paths = fabric.withDomain(vmId, (host, d) -> {
                DomainDoc doc = VmViews.doc(d);
                // the disks' files, and with checkpoints the files they froze and their differencing files
                java.util.Set<String> disks = new java.util.LinkedHashSet<>(vm.disks().stream().map(FabricDisk::path).toList());
                if (!host.facts().isTestDriver()) {
                    disks.addAll(ExternalCheckpoints.allFiles(host, d));
                }
                doc.interfaces().stream().filter(i -> "network".equals(i.type()))
                        .forEach(i -> fabric.addresses.release(host, i.source(), i.mac()));
                UUID domainUuid = UUID.fromString(Lv.call("read a VM", d::getUUIDString));
                removeDomain(d);
                fabric.domains.forget(host, domainUuid);
                return disks;
            });
            paths.forEach(p -> Volumes.delete(h, p));
        });
    }

    /** Undefines a domain with its snapshots, managed save and NVRAM; turns it off first if it runs. */
    static void removeDomain(Domain d) {
        boolean nvram = Xml.at(DomainDoc.parse(Lv.call("read a VM", () -> d.getXMLDesc(VmViews.XML_INACTIVE)))
                .root(), "os", "nvram").isPresent();
        if (Lv.call("read a VM", d::isActive) == 1) {
            Lv.run("turn off a VM", d::destroy);
        }
        Lv.run("remove a VM", () -> d.undefine(UNDEFINE_EVERYTHING | (nvram ? UNDEFINE_NVRAM : 0)));
    }
}
