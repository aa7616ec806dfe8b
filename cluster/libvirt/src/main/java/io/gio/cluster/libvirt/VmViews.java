package io.gio.cluster.libvirt;

import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.VmHardware;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.StorageVolInfo;

/** Reads a domain as the SPI's {@link FabricVm}: its configuration, native state, disks and adapters. */
final class VmViews {

    /** Libvirt's flag for the persistent (next boot) configuration, which the driver always edits. */
    static final int XML_INACTIVE = 2;

    /** A disk's volume: its path, sizes and pool, when libvirt's storage knows it. */
    record VolumeFacts(String path, long capacity, long allocation, Optional<UUID> poolId, Optional<String> poolName) {}

    /** What the VHDX file at a path (of a host) last said of its size, and the file's size then. */
    private record VhdxSize(long fileBytes, long virtualBytes) {}

    private final Topology topology;
    private final Addresses addresses;
    private final Operations operations;
    private final Map<String, VhdxSize> vhdxSizes = new java.util.concurrent.ConcurrentHashMap<>();

    VmViews(Topology topology, Addresses addresses, Operations operations) {
        this.topology = topology;
        this.addresses = addresses;
        this.operations = operations;
    }

    static DomainDoc doc(Domain d) {
        return DomainDoc.parse(Lv.call("read a VM's configuration", () -> d.getXMLDesc(XML_INACTIVE)));
    }

    static PowerState nativeState(Domain d) {
        return Lv.call("read a VM's state", () -> DomainStates.read(d));
    }

    FabricVm view(HostConnection h, Domain d) {
        DomainDoc doc = doc(d);
        VmMeta meta = doc.meta();
        UUID id = meta.id.orElse(doc.uuid());
        Optional<Operations.Op> running = operations.running(id);
        PowerState state = DomainStates.shown(nativeState(d), running.map(op -> op.kind));
        int current = doc.currentMemoryMb();
        Optional<VmHardware.DynamicMemory> dynamic = meta.dynamicMinimumMb.isPresent()
                ? Optional.of(new VmHardware.DynamicMemory(meta.dynamicMinimumMb.getAsInt(), doc.memoryMb()))
                : current < doc.memoryMb() ? Optional.of(new VmHardware.DynamicMemory(current, doc.memoryMb()))
                : Optional.empty();
        return new FabricVm(id, h.stampId, h.hostId, meta.name.orElse(doc.libvirtName()), state, doc.vcpus(), current,
                disks(h, id, doc, meta), nics(h, id, doc, meta), running.map(op -> op.id), dynamic);
    }

    private List<FabricDisk> disks(HostConnection h, UUID vmId, DomainDoc doc, VmMeta meta) {
        List<FabricDisk> out = new ArrayList<>();
        for (DomainDoc.Disk disk : doc.disks()) {
            VolumeFacts v = volume(h, disk);
            Optional<VmMeta.DiskMeta> m = Optional.ofNullable(meta.disks.get(disk.target()));
            String file = Optional.ofNullable(Path.of(v.path()).getFileName()).map(Path::toString).orElse(disk.target());
            String name = m.map(VmMeta.DiskMeta::name).orElse(file.contains(".") ? file.substring(0, file.lastIndexOf('.'))
                    : file);
            UUID volumeId = v.poolId().orElseGet(() -> Ids.unpooled(h.uri,
                    String.valueOf(Path.of(v.path()).getParent())));
            long size = m.flatMap(dm -> dm.virtualBytes().isPresent() ? Optional.of(dm.virtualBytes().getAsLong())
                    : Optional.<Long>empty()).orElseGet(() -> DiskFormats.VHDX.equals(disk.driverType())
                            ? vhdxSize(h, v) : v.capacity());
            out.add(new FabricDisk(m.map(VmMeta.DiskMeta::id).orElseGet(() -> Ids.disk(vmId, disk.target())), name,
                    DiskFormats.of(disk.driverType(), v.path()), v.path(), volumeId, size, v.allocation(),
                    m.map(VmMeta.DiskMeta::dirtyBytesPerSecond).orElse(0L),
                    m.map(VmMeta.DiskMeta::boot).orElse(out.isEmpty())));
        }
        return out;
    }

    /**
     * The size the guest sees of a VHDX disk the gateway did not write (a domain adopted from the
     * host): libvirt's storage reads the file as raw, so the file's own metadata is read, again
     * only when the file's size changed; the file's size when it cannot be read (a VHDX outside
     * every pool, or no VHDX at all).
     */
    private long vhdxSize(HostConnection h, VolumeFacts v) {
        if (v.poolId().isEmpty() || h.facts().isTestDriver()) {
            return v.capacity();
        }
        String key = h.uri + "|" + v.path();
        VhdxSize known = vhdxSizes.get(key);
        if (known != null && known.fileBytes() == v.capacity()) {
            return known.virtualBytes();
        }
        try {
            long size = Vhdx.virtualBytes(h, v.path()).orElse(v.capacity());
            vhdxSizes.put(key, new VhdxSize(v.capacity(), size));
            return size;
        } catch (io.gio.cluster.spi.ClusterException e) {
            org.slf4j.LoggerFactory.getLogger(VmViews.class).warn("Cannot read the VHDX {} on {}: {}", v.path(),
                    h.uri, e.getMessage());
            return v.capacity();
        }
    }

    private List<FabricNic> nics(HostConnection h, UUID vmId, DomainDoc doc, VmMeta meta) {
        Map<String, Map<String, String>> reserved = new HashMap<>();
        Map<String, UUID> networkIds = new HashMap<>();
        topology.nets(h.stampId).forEach(n -> networkIds.put(n.name(), n.network().id()));
        List<FabricNic> out = new ArrayList<>();
        for (DomainDoc.Interface i : doc.interfaces()) {
            UUID id = Optional.ofNullable(meta.nics.get(i.mac())).map(VmMeta.NicMeta::id)
                    .orElseGet(() -> Ids.nic(vmId, i.mac()));
            boolean onNetwork = "network".equals(i.type());
            UUID networkId = onNetwork && networkIds.containsKey(i.source()) ? networkIds.get(i.source())
                    : UUID.nameUUIDFromBytes(("gio-libvirt:" + i.type() + ":" + i.source()).getBytes());
            List<String> ips = onNetwork ? Optional.ofNullable(reserved.computeIfAbsent(i.source(),
                    n -> addresses.reservations(h, n)).get(i.mac())).map(List::of).orElse(List.of()) : List.of();
            out.add(new FabricNic(id, i.mac().toUpperCase(Locale.ROOT), networkId, ips));
        }
        return out;
    }

    /** What libvirt's storage knows of a disk; sizes 0 and no pool for a file outside every pool. */
    static VolumeFacts volume(HostConnection h, DomainDoc.Disk disk) {
        Connect c = h.connect();
        StorageVol vol = null;
        StoragePool pool = null;
        try {
            if (disk.pool().isPresent() && disk.volume().isPresent()) {
                StoragePool named = c.storagePoolLookupByName(disk.pool().get());
                try {
                    vol = named.storageVolLookupByName(disk.volume().get());
                } finally {
                    Lv.free(named);
                }
            } else if (disk.path().isPresent()) {
                vol = c.storageVolLookupByPath(disk.path().get());
            } else {
                return new VolumeFacts(disk.target(), 0, 0, Optional.empty(), Optional.empty());
            }
            StorageVolInfo info = vol.getInfo();
            pool = vol.storagePoolLookupByVolume();
            return new VolumeFacts(vol.getPath(), info.capacity, Math.min(info.capacity, info.allocation),
                    Optional.of(UUID.fromString(pool.getUUIDString())), Optional.of(pool.getName()));
        } catch (LibvirtException e) {
            if (Lv.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL) || Lv.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_POOL)) {
                return new VolumeFacts(disk.path().orElse(disk.target()), 0, 0, Optional.empty(), Optional.empty());
            }
            throw Lv.translate("read the disk " + disk.target(), e);
        } finally {
            Lv.free(pool);
            Lv.free(vol);
        }
    }
}
