package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.VmSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Domain;

/**
 * {@link io.gio.cluster.spi.ClusterDriver#createVm}: checks the specification before anything
 * happens, places the VM on a host and its disks on that host's storage pools, then (as an
 * operation) creates the disks as storage volumes, reserves the adapters' addresses, defines the
 * domain and starts it if asked. A failure undoes what was done: nothing is left behind.
 */
final class VmCreation {

    private final Fabric fabric;
    private final Placement placement;
    private final Templates templates;

    VmCreation(Fabric fabric, Templates templates) {
        this.fabric = fabric;
        this.placement = new Placement(fabric);
        this.templates = templates;
    }

    FabricOperation create(VmSpec spec) {
        return start(spec, OpKind.CREATE, Map.of(), () -> { });
    }

    /**
     * Registers a VM over volumes that exist already ({@code paths}, by disk ID; the disks name
     * their volumes), as the import of a migration does: the volumes are not created, and a
     * failure leaves them. {@code imported} runs once the domain is defined.
     */
    FabricOperation importFrom(VmSpec spec, Map<UUID, Existing> paths, Runnable imported) {
        return start(spec, OpKind.IMPORT, paths, imported);
    }

    /** A disk file that exists already, and the format libvirt opens it in. */
    record Existing(String path, String libvirtType) {}

    private FabricOperation start(VmSpec spec, OpKind kind, Map<UUID, Existing> paths, Runnable done) {
        Optional<FabricOperation> existing = fabric.operations.find(kind, spec.id().toString());
        if (existing.isPresent()) {
            return existing.get();
        }
        Stamp stamp = fabric.topology.stamp(spec.stampId());
        checkLimits(spec, stamp.generation());
        Map<UUID, Topology.Net> networks = new HashMap<>();
        for (NicSpec nic : spec.nics()) {
            networks.put(nic.id(), fabric.topology.net(stamp.id(), nic.networkId()).orElseThrow(() ->
                    new ClusterException(ClusterErrorCode.NOT_FOUND, "No logical network with ID " + nic.networkId()
                            + " on stamp " + stamp.name() + ".")));
            nic.macAddress().ifPresent(Macs::requireValid);
        }
        if (fabric.domains.exists(spec.id())) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "A virtual machine with ID " + spec.id()
                    + " exists already.");
        }
        Map<UUID, String> images = new HashMap<>();
        List<HostConnection> imageHosts = new ArrayList<>();
        for (DiskSpec d : spec.disks()) {
            if (d.template().isPresent()) {
                Templates.Image image = templates.image(stamp.id(), d.template().get());
                if (image.format() != d.format()) {
                    throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "The disk " + d.name() + " is "
                            + d.format() + ", but its template's image is " + image.format() + "; a disk copied "
                            + "from a template keeps the image's format.");
                }
                images.put(d.id(), image.path());
                imageHosts.addAll(image.hosts());
            } else if (d.format() == DiskFormat.VHDX && !paths.containsKey(d.id())
                    && !(d.boot() && fabric.settings.bootImage().isPresent())) {
                throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "libvirt cannot create a blank VHDX disk ("
                        + d.name() + "): its storage pools write no VHDX. Make the disk VHD, or a copy of a VHDX "
                        + "template.");
            }
        }
        Placement.Choice where = placement.choose(spec, stamp, networks.values().stream().map(Topology.Net::name).toList(),
                imageHosts);
        fabric.creating.put(spec.id(), placeholder(spec, where));
        try {
            return fabric.operations.start(spec.id(), kind, spec.id().toString(), () -> {
                try {
                    build(spec, where, networks, paths, images);
                    done.run();
                } finally {
                    fabric.creating.remove(spec.id());
                }
            });
        } catch (RuntimeException e) {
            fabric.creating.remove(spec.id());
            throw e;
        }
    }

    /** The VM as the API shows it until its domain is defined: CREATING, on its host, disks still empty. */
    private FabricVm placeholder(VmSpec spec, Placement.Choice where) {
        List<FabricDisk> disks = spec.disks().stream().map(d -> new FabricDisk(d.id(), d.name(), d.format(), "",
                where.pools().get(d.id()).volume().id(), d.maxBytes(), 0, d.dirtyBytesPerSecond(), d.boot())).toList();
        List<FabricNic> nics = spec.nics().stream().map(n -> new FabricNic(n.id(),
                VmMeta.mac(n.macAddress().orElseGet(() -> Macs.assigned(n.id()))).toUpperCase(java.util.Locale.ROOT),
                n.networkId(), List.of())).toList();
        return new FabricVm(spec.id(), spec.stampId(), where.host().hostId, spec.name(), PowerState.CREATING,
                spec.cpuCount(), spec.memoryMb(), disks, nics, Optional.empty());
    }

    private static void checkLimits(VmSpec spec, Generation g) {
        if (spec.cpuCount() > g.maxCpuPerVm()) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, spec.cpuCount() + " virtual processors exceed "
                    + g.name() + "'s limit of " + g.maxCpuPerVm() + " per VM.");
        }
        if (spec.memoryMb() > g.maxMemoryMbPerVm()) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, spec.memoryMb() + " MB of memory exceed "
                    + g.name() + "'s limit of " + g.maxMemoryMbPerVm() + " MB per VM.");
        }
        for (DiskSpec d : spec.disks()) {
            if (!g.diskFormats().contains(d.format())) {
                throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "The disk " + d.name() + " is " + d.format()
                        + ", which " + g.name() + " on libvirt cannot attach (it attaches " + g.diskFormats() + ").");
            }
        }
        if (spec.nics().size() > Generation.MAX_NICS_PER_VM) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "A VM has at most " + Generation.MAX_NICS_PER_VM
                    + " network adapters; " + spec.nics().size() + " were asked for.");
        }
    }

    private void build(VmSpec spec, Placement.Choice where, Map<UUID, Topology.Net> networks,
            Map<UUID, Existing> existing, Map<UUID, String> images) {
        HostConnection h = where.host();
        List<String> createdVolumes = new ArrayList<>();
        List<DomainXmlBuilder.Nic> reserved = new ArrayList<>();
        boolean defined = false;
        try {
            VmMeta meta = new VmMeta();
            meta.name = Optional.of(spec.name());
            List<DomainXmlBuilder.Disk> disks = new ArrayList<>();
            for (int i = 0; i < spec.disks().size(); i++) {
                DiskSpec d = spec.disks().get(i);
                String target = DomainXmlBuilder.target(i);
                Existing there = existing.get(d.id());
                String path;
                if (there == null) {
                    Optional<String> image = Optional.ofNullable(images.get(d.id()))
                            .or(() -> d.boot() ? fabric.settings.bootImage() : Optional.empty());
                    path = Volumes.create(h, where.pools().get(d.id()).poolName(), d, image);
                    createdVolumes.add(path);
                } else {
                    path = there.path();
                }
                disks.add(new DomainXmlBuilder.Disk(target, path,
                        there == null ? DiskFormats.libvirtType(d.format()) : there.libvirtType()));
                VmMeta.DiskMeta dm = new VmMeta.DiskMeta(d.id(), d.name(), d.boot(), d.dirtyBytesPerSecond());
                if (d.format() == DiskFormat.VHDX) {
                    // libvirt's storage reads a VHDX as raw: the size the guest sees is read from the file
                    dm = dm.withVirtualBytes(Vhdx.virtualBytes(h, path).orElseThrow(() -> new ClusterException(
                            ClusterErrorCode.FABRIC_FAILURE, "The disk " + d.name() + " is no VHDX file.")));
                }
                meta.disks.put(target, dm);
            }
            List<DomainXmlBuilder.Nic> nics = new ArrayList<>();
            for (NicSpec n : spec.nics()) {
                String mac = VmMeta.mac(n.macAddress().orElseGet(() -> Macs.assigned(n.id())));
                DomainXmlBuilder.Nic nic = new DomainXmlBuilder.Nic(mac, networks.get(n.id()).name());
                fabric.addresses.reserve(h, nic.network(), mac);
                reserved.add(nic);
                nics.add(nic);
                meta.nics.put(mac, new VmMeta.NicMeta(n.id(), java.util.OptionalLong.empty(),
                        java.util.OptionalLong.empty()));
            }
            String xml = DomainXmlBuilder.build(spec, h.facts(), disks, nics, meta);
            Domain d = Lv.call("define the VM " + spec.name(), () -> h.connect().domainDefineXML(xml));
            defined = true;
            fabric.domains.placed(spec.id(), h);
            try {
                if (spec.startAfterCreate()) {
                    Lv.call("start the VM " + spec.name(), d::create);
                }
            } finally {
                Lv.free(d);
            }
        } catch (RuntimeException e) {
            undo(spec, h, defined, createdVolumes, reserved);
            throw e;
        }
    }

    private void undo(VmSpec spec, HostConnection h, boolean defined, List<String> volumes,
            List<DomainXmlBuilder.Nic> reserved) {
        if (defined) {
            fabric.domains.with(spec.id(), (host, d) -> {
                VmDeletion.removeDomain(d);
                return null;
            });
        }
        reserved.forEach(n -> fabric.addresses.release(h, n.network(), n.mac()));
        volumes.forEach(path -> Volumes.deleteQuietly(h, path));
    }
}
