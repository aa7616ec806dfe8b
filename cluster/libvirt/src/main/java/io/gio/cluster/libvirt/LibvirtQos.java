package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.NetworkQos;
import io.gio.cluster.spi.QosSupport;
import io.gio.cluster.spi.StorageQos;
import io.gio.cluster.spi.Volume;
import java.util.OptionalLong;
import java.util.UUID;
import org.libvirt.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QoS in the domain's XML. An adapter's maximum becomes its {@code <bandwidth>} inbound and
 * outbound average and peak, its guaranteed minimum the inbound {@code floor} (which libvirt
 * honours only on a network that has inbound QoS itself; elsewhere the minimum is recorded and
 * bounds nothing). A disk's maximum IOPS becomes its {@code <iotune>} total, counted in 8 KiB
 * units like Hyper-V's normalized IOPS; QEMU cannot reserve IOPS, so the minimum is recorded
 * only. Settings are stored in the persistent configuration and applied to a running domain at
 * once (adapters with {@code virDomainUpdateDeviceFlags}, disks with
 * {@code virDomainSetBlockIoTune}); when that fails the configuration is put back and the call
 * fails. The values asked for are kept in the gateway's metadata and
 * read back exactly (libvirt's KiB/s are coarser than bits per second).
 */
final class LibvirtQos implements QosSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtQos.class);
    private static final int AFFECT_LIVE = 1;

    private final Fabric fabric;

    LibvirtQos(Fabric fabric) {
        this.fabric = fabric;
    }

    @Override
    public NetworkQos setNetworkQos(UUID vmId, UUID nicId, NetworkQos qos) {
        FabricVm vm = fabric.requireVm(vmId);
        FabricNic nic = nic(vm, nicId);
        Generation g = fabric.generation(vm);
        if (!g.networkQos() && !qos.isNone()) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, g.name() + " (" + g.hypervisor()
                    + ") has no network QoS.");
        }
        long bandwidth = fabric.topology.host(fabric.host(vm)).nicBandwidthBitsPerSecond();
        check(qos.maximumBitsPerSecond(), qos.minimumBitsPerSecond(), "bandwidth");
        if (qos.minimumBitsPerSecond().orElse(0) > bandwidth) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "A guaranteed minimum of "
                    + qos.minimumBitsPerSecond().getAsLong() + " bit/s exceeds the host's network bandwidth of "
                    + bandwidth + " bit/s.");
        }
        String mac = VmMeta.mac(nic.macAddress());
        boolean floor = fabric.withDomain(vmId, (h, d) -> VmViews.doc(d).iface(mac)
                .map(i -> "network".equals(i.type()) && NetworkFloors.supported(h, i.source())).orElse(false));
        String before = fabric.redefine(vmId, doc -> {
            doc.setBandwidth(mac, kibps(qos.maximumBitsPerSecond()), floor ? kibps(qos.minimumBitsPerSecond())
                    : OptionalLong.empty());
            VmMeta meta = doc.meta();
            meta.nics.computeIfPresent(mac, (k, n) -> n.withBandwidth(qos.maximumBitsPerSecond(),
                    qos.minimumBitsPerSecond()));
            meta.nics.putIfAbsent(mac, new VmMeta.NicMeta(nicId, qos.maximumBitsPerSecond(), qos.minimumBitsPerSecond()));
            doc.setMeta(meta);
        });
        try {
            fabric.withDomain(vmId, (h, d) -> {
                applyLive(vm, d, mac);
                return null;
            });
        } catch (ClusterException e) {
            fabric.restore(vmId, before);
            throw e;
        }
        return qos;
    }

    @Override
    public StorageQos setStorageQos(UUID vmId, UUID diskId, StorageQos qos) {
        FabricVm vm = fabric.requireVm(vmId);
        FabricDisk disk = disk(vm, diskId);
        Generation g = fabric.generation(vm);
        if (!g.storageQos() && !qos.isNone()) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, g.name() + " (" + g.hypervisor()
                    + ") has no storage QoS.");
        }
        check(qos.maximumIops(), qos.minimumIops(), "IOPS");
        long deliverable = fabric.topology.volumes(vm.stampId()).stream().filter(v -> v.id().equals(disk.volumeId()))
                .mapToLong(Volume::maxIops).findFirst().orElse(Long.MAX_VALUE);
        if (qos.minimumIops().orElse(0) > deliverable) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "A minimum of " + qos.minimumIops().getAsLong()
                    + " IOPS exceeds the " + deliverable + " IOPS the disk's volume can deliver.");
        }
        String target = fabric.withDomain(vmId, (h, d) -> target(VmViews.doc(d), vmId, diskId));
        String before = fabric.redefine(vmId, doc -> {
            doc.setIotune(target, qos.maximumIops());
            VmMeta meta = doc.meta();
            meta.disks.computeIfPresent(target, (k, m) -> m.withIops(qos.maximumIops(), qos.minimumIops()));
            meta.disks.putIfAbsent(target, new VmMeta.DiskMeta(diskId, disk.name(), disk.boot(),
                    disk.dirtyBytesPerSecond()).withIops(qos.maximumIops(), qos.minimumIops()));
            doc.setMeta(meta);
        });
        try {
            fabric.withDomain(vmId, (h, d) -> {
                if (Lv.call("read the VM " + vm.name(), d::isActive) == 1) {
                    live(() -> NativeCalls.setTotalIops(h.connect(), fabric.domains.domainUuid(vmId), target, qos.maximumIops().orElse(0)),
                            "The IOPS limit of " + target + " on " + vm.name());
                }
                return null;
            });
        } catch (ClusterException e) {
            fabric.restore(vmId, before);
            throw e;
        }
        return qos;
    }

    @Override
    public NetworkQos networkQos(UUID vmId, UUID nicId) {
        FabricVm vm = fabric.requireVm(vmId);
        String mac = VmMeta.mac(nic(vm, nicId).macAddress());
        return fabric.withDomain(vmId, (h, d) -> {
            DomainDoc doc = VmViews.doc(d);
            VmMeta.NicMeta m = doc.meta().nics.get(mac);
            if (m != null) {
                return new NetworkQos(m.maxBitsPerSecond(), m.minBitsPerSecond());
            }
            return new NetworkQos(bits(doc.bandwidth(mac, "average")), bits(doc.bandwidth(mac, "floor")));
        });
    }

    @Override
    public StorageQos storageQos(UUID vmId, UUID diskId) {
        FabricVm vm = fabric.requireVm(vmId);
        disk(vm, diskId);
        return fabric.withDomain(vmId, (h, d) -> {
            DomainDoc doc = VmViews.doc(d);
            String target = target(doc, vmId, diskId);
            VmMeta.DiskMeta m = doc.meta().disks.get(target);
            if (m != null) {
                return new StorageQos(m.maxIops(), m.minIops());
            }
            return new StorageQos(doc.iotune(target), OptionalLong.empty());
        });
    }

    /** Applies a running domain's adapter bandwidth now. */
    private static void applyLive(FabricVm vm, Domain d, String mac) {
        if (Lv.call("read the VM " + vm.name(), d::isActive) != 1) {
            return;
        }
        DomainDoc inactive = VmViews.doc(d);
        String xml = inactive.iface(mac).map(i -> Xml.write(Xml.isolate(i.element()))).orElseThrow();
        live(() -> Lv.call("apply the bandwidth of " + mac + " on " + vm.name(), () -> d.updateDeviceFlags(xml,
                AFFECT_LIVE)), "The bandwidth of " + mac + " on " + vm.name());
    }

    /**
     * Applies a setting to a running domain. A driver without the call (libvirt's test driver)
     * gets it at the next start; any other failure (e.g. a host whose kernel cannot shape traffic)
     * fails the call, and the caller puts the configuration back so the VM still starts.
     */
    private static void live(Runnable apply, String what) {
        try {
            apply.run();
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.UNSUPPORTED) {
                throw e;
            }
            LOG.warn("{} applies from its next start: {}", what, e.getMessage());
        }
    }

    private static void check(OptionalLong max, OptionalLong min, String what) {
        if (max.isPresent() && max.getAsLong() <= 0 || min.isPresent() && min.getAsLong() <= 0) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "QoS values are positive; a " + what
                    + " limit was " + (max.isPresent() && max.getAsLong() <= 0 ? max : min).getAsLong() + ".");
        }
        if (max.isPresent() && min.isPresent() && min.getAsLong() > max.getAsLong()) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The minimum " + what + " ("
                    + min.getAsLong() + ") exceeds the maximum (" + max.getAsLong() + ").");
        }
    }

    /** Bits per second to libvirt's KiB/s, rounded up (a limit never drops to 0). */
    private static OptionalLong kibps(OptionalLong bitsPerSecond) {
        return bitsPerSecond.isPresent() ? OptionalLong.of(Math.max(1, (bitsPerSecond.getAsLong() + 8191) / 8192))
                : OptionalLong.empty();
    }

    private static OptionalLong bits(OptionalLong kibps) {
        return kibps.isPresent() ? OptionalLong.of(kibps.getAsLong() * 8192) : OptionalLong.empty();
    }

    private static String target(DomainDoc doc, UUID vmId, UUID diskId) {
        VmMeta meta = doc.meta();
        return doc.disks().stream().map(DomainDoc.Disk::target)
                .filter(t -> meta.disks.containsKey(t) ? meta.disks.get(t).id().equals(diskId)
                        : Ids.disk(vmId, t).equals(diskId))
                .findFirst().orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND, "No disk " + diskId + "."));
    }

    private static FabricNic nic(FabricVm vm, UUID nicId) {
        return vm.nics().stream().filter(n -> n.id().equals(nicId)).findFirst().orElseThrow(() -> new ClusterException(
                ClusterErrorCode.NOT_FOUND, "The virtual machine " + vm.name() + " has no network adapter " + nicId + "."));
    }

    private static FabricDisk disk(FabricVm vm, UUID diskId) {
        return vm.disks().stream().filter(d -> d.id().equals(diskId)).findFirst().orElseThrow(() -> new ClusterException(
                ClusterErrorCode.NOT_FOUND, "The virtual machine " + vm.name() + " has no disk " + diskId + "."));
    }
}
