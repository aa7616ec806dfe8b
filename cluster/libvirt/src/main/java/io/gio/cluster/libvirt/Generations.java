package io.gio.cluster.libvirt;

import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.Generation;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link Generation} a libvirt stamp reports.
 *
 * <p>{@value #KVM} (the default) describes a KVM/QEMU host with the limits of Windows Server
 * 2012 R2 (64 virtual processors, 1 TiB per VM; network and storage QoS), because that is what
 * the API's clients expect of a modern stamp: VHD and VHDX disks ({@link DiskFormats}), network
 * and storage QoS. Shared-nothing live migration is claimed (libvirt migrates a running domain with
 * its disks to another host), but QEMU offers it only to VMs whose disks are neither VHD nor VHDX
 * ({@link LiveMigrations}). Neither online VHDX resize nor live storage migration is claimed: QEMU
 * resizes neither VHD nor VHDX. {@code ws2012r2}, {@code ws2012} and {@code ws2008r2} report those
 * Hyper-V generations instead, with what libvirt cannot do left out.
 */
final class Generations {

    static final String KVM = "kvm";

    /** The disk formats libvirt can attach to a domain: VHD and VHDX, through QEMU's drivers. */
    static final Set<DiskFormat> ATTACHABLE = Set.of(DiskFormat.VHD, DiskFormat.VHDX);

    private Generations() {
    }

    static Generation of(String name) {
        Generation base = switch (name.trim().toLowerCase(Locale.ROOT)) {
            case KVM -> new Generation("KVM", "KVM/QEMU (libvirt)", 64, 1_048_576, ATTACHABLE,
                    true, true, false, true, false, false);
            case "ws2012r2" -> Generation.ws2012r2();
            case "ws2012" -> Generation.ws2012();
            case "ws2008r2" -> Generation.ws2008r2();
            default -> throw LibvirtSettings.bad("generation",
                    "expected kvm, ws2012r2, ws2012 or ws2008r2, got '" + name + "'");
        };
        Set<DiskFormat> formats = base.diskFormats().stream().filter(ATTACHABLE::contains)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return new Generation(base.name(), base.hypervisor(), base.maxCpuPerVm(), base.maxMemoryMbPerVm(), formats,
                base.networkQos(), base.storageQos(), false, base.sharedNothingLiveMigration(), false, false);
    }

    static void check(String name) {
        of(name);
    }
}
