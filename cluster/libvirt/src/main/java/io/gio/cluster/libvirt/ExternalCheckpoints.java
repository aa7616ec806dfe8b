package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricVm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.w3c.dom.Element;

/**
 * Checkpoints of VHD disks on QEMU, as Hyper-V keeps them: differencing files. QEMU snapshots a
 * VHD only externally (its {@code vpc} driver has no internal snapshots), so a checkpoint is a
 * libvirt external, disk-only snapshot: each disk's file is frozen and a new qcow2 file on top
 * of it takes the writes (Hyper-V's AVHD). libvirt 9.0 creates such snapshots, of a running
 * domain too (crash-consistent, as a Hyper-V production checkpoint without the guest's help),
 * but cannot revert to them (9.9 can), so this class reverts: the domain is turned off, each disk
 * gets a new qcow2 file on top of the file the checkpoint froze, the domain is defined on them,
 * and the checkpoint is marked current; a checkpoint taken while the VM ran starts it again
 * (its memory was not kept). Files stay read-only once frozen, so every checkpoint keeps its
 * content whatever is reverted or deleted later.
 *
 * <p>Deleting a checkpoint removes its metadata and then every differencing file nothing needs
 * any more: neither the disks' current chains nor a remaining checkpoint's frozen file (with its
 * chain). A file still under the current disk stays, as Hyper-V keeps an AVHD until it merges.
 * Differencing files are named after the disk's first file ({@code <file>-cp-<8 hex>.qcow2}, in
 * its directory), which is how the VM's deletion finds them all.
 */
final class ExternalCheckpoints {

    /** The infix of a differencing file's name. */
    static final String MARK = "-cp-";
    /** VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY | VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC. */
    private static final int DISK_ONLY_ATOMIC = 16 | 128;
    /** VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT. */
    private static final int REDEFINE_AS_CURRENT = 1 | 2;
    /** VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY (children are given the deleted one's parent). */
    private static final int METADATA_ONLY = 2;

    private ExternalCheckpoints() {
    }

    /**
     * Whether the VM's checkpoints are external ones: on QEMU, when a disk is a VHD or already a
     * differencing file of one. A VHDX is refused: libvirt 9.0 names QEMU's VHDX driver wrongly
     * as a backing format ({@code vhd}), so QEMU cannot open a differencing file over one.
     */
    static boolean applies(DomainDoc doc) {
        return doc.disks().stream().anyMatch(d -> DiskFormats.VHD.equals(d.driverType())
                || d.path().map(p -> p.contains(MARK)).orElse(false));
    }

    /** The first file of a disk whose current file is {@code path}: the path itself, or the one a differencing file is named after. */
    static String firstFile(String path) {
        int at = path.lastIndexOf(MARK);
        return at < 0 ? path : path.substring(0, at);
    }

    static void create(HostConnection h, Domain d, UUID checkpointId, String name, String vmName) {
        DomainDoc doc = VmViews.doc(d);
        StringBuilder xml = new StringBuilder("<domainsnapshot><name>").append(checkpointId).append("</name><description>")
                .append(Xml.escape(name)).append("</description><disks>");
        for (DomainDoc.Disk disk : doc.disks()) {
            if (disk.path().isEmpty() || !(DiskFormats.VHD.equals(disk.driverType()) || "qcow2".equals(disk.driverType()))) {
                throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "The disk " + disk.target() + " of " + vmName
                        + " is " + DiskFormats.describe(disk.driverType()) + "; checkpoints on QEMU need VHD disks (a"
                        + " differencing file on each) or qcow2 ones.");
            }
            xml.append("<disk name='").append(Xml.escape(disk.target())).append("' snapshot='external' type='file'>")
                    .append("<driver type='qcow2'/><source file='")
                    .append(Xml.escape(differencing(disk.path().get(), checkpointId))).append("'/></disk>");
        }
        xml.append("</disks></domainsnapshot>");
        Lv.free(Lv.call("take a checkpoint of " + vmName, () -> d.snapshotCreateXML(xml.toString(), DISK_ONLY_ATOMIC)));
        // QEMU (or qemu-img) wrote the differencing files: the pools list them once refreshed
        doc.disks().forEach(disk -> disk.path().ifPresent(p -> refreshPoolOf(h, firstFile(p))));
    }

    private static void refreshPoolOf(HostConnection h, String file) {
        StorageVol vol;
        try {
            vol = h.connect().storageVolLookupByPath(file);
        } catch (LibvirtException e) {
            return; // outside every pool
        }
        StoragePool pool = null;
        try {
            pool = Lv.call("find the pool of " + file, vol::storagePoolLookupByVolume);
            StoragePool p = pool;
            Lv.run("refresh the pool of " + file, () -> p.refresh(0));
        } finally {
            Lv.free(pool);
            Lv.free(vol);
        }
    }

    /** Whether a libvirt snapshot is an external one (its disks were frozen under differencing files). */
    static boolean isExternal(Element snapshotXml) {
        return Xml.child(snapshotXml, "disks").map(disks -> Xml.children(disks, "disk").stream()
                .anyMatch(x -> "external".equals(x.getAttribute("snapshot")))).orElse(false);
    }

    /**
     * Reverts to an external snapshot. {@code running}: whether the VM ran when it was taken, so
     * that it starts again.
     */
    static void revert(HostConnection h, Domain d, DomainSnapshot s, FabricVm vm, boolean running) {
        Element snap = Xml.parse(Lv.call("read the checkpoint", s::getXMLDesc)).getDocumentElement();
        Map<String, String> frozen = frozenFiles(snap);
        if (Lv.call("read the VM " + vm.name(), d::isActive) == 1) {
            Lv.run("turn off " + vm.name(), d::destroy);
        }
        DomainDoc doc = DomainDoc.parse(Lv.call("read the VM " + vm.name(), () -> d.getXMLDesc(VmViews.XML_INACTIVE)));
        List<String> abandoned = new ArrayList<>();
        UUID layer = UUID.randomUUID();
        for (DomainDoc.Disk disk : doc.disks()) {
            String base = frozen.get(disk.target());
            if (base == null) {
                continue;
            }
            long size = vm.disks().stream().filter(x -> x.path().equals(disk.path().orElse(""))).mapToLong(FabricDisk::maxBytes)
                    .findFirst().orElseThrow(() -> new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The disk "
                            + disk.target() + " of " + vm.name() + " has no size."));
            String next = overlay(h, base, layer, size);
            disk.path().ifPresent(abandoned::add);
            Element source = Xml.ensure(disk.element(), "source");
            source.setAttribute("file", next);
            disk.element().setAttribute("type", "file");
            Xml.child(disk.element(), "driver").ifPresent(x -> x.setAttribute("type", "qcow2"));
            Xml.child(disk.element(), "backingStore").ifPresent(Xml::remove);
        }
        Lv.free(Lv.call("define " + vm.name() + " on the checkpoint", () -> h.connect().domainDefineXML(doc.xml())));
        Lv.free(Lv.call("make the checkpoint current", () -> d.snapshotCreateXML(Xml.write(snap.getOwnerDocument()),
                REDEFINE_AS_CURRENT)));
        collect(h, d, abandoned);
        if (running) {
            Lv.run("start " + vm.name() + " from the checkpoint", d::create);
        }
    }

    /**
     * Deletes an external snapshot. The last one of a running VM whose disks still write into the
     * snapshot's own differencing files over their VHDs (no revert since) is merged by libvirt
     * (a block commit into the VHD, the guest running on). Otherwise the metadata goes, then every
     * differencing file nothing needs any more; when no checkpoint is left and the VM is stopped,
     * each disk becomes one VHD again (a copy of what its chain holds), so that it can be saved and
     * moved again.
     */
    static void delete(HostConnection h, Domain d, DomainSnapshot s, FabricVm vm) {
        Element snap = Xml.parse(Lv.call("read the checkpoint", s::getXMLDesc)).getDocumentElement();
        Map<String, String> frozen = frozenFiles(snap);
        boolean active = Lv.call("read the VM " + vm.name(), d::isActive) == 1;
        boolean last = Lv.call("count the checkpoints of " + vm.name(), d::snapshotNum) == 1;
        if (active && last && writesInto(d, snap, frozen)) {
            Lv.run("merge the checkpoint of " + vm.name(), () -> s.delete(0));
            return;
        }
        Lv.run("delete the checkpoint of " + vm.name(), () -> s.delete(METADATA_ONLY));
        collect(h, d, new ArrayList<>(frozen.values()));
        if (last && !active) {
            flatten(h, d, vm);
        }
    }

    /**
     * Whether every disk the snapshot froze is a VHD whose current file is the differencing file
     * the snapshot put on it: the one case libvirt's merge handles without touching another branch.
     */
    private static boolean writesInto(Domain d, Element snap, Map<String, String> frozen) {
        Map<String, String> overlays = new LinkedHashMap<>();
        Xml.child(snap, "disks").ifPresent(disks -> Xml.children(disks, "disk").stream()
                .filter(x -> "external".equals(x.getAttribute("snapshot")))
                .forEach(x -> Xml.child(x, "source").flatMap(src -> Xml.attr(src, "file"))
                        .ifPresent(f -> overlays.put(x.getAttribute("name"), f))));
        Map<String, String> current = new LinkedHashMap<>();
        VmViews.doc(d).disks().forEach(disk -> disk.path().ifPresent(p -> current.put(disk.target(), p)));
        return !frozen.isEmpty() && frozen.entrySet().stream().allMatch(e -> !e.getValue().contains(MARK)
                && overlays.containsKey(e.getKey()) && overlays.get(e.getKey()).equals(current.get(e.getKey())));
    }

    /**
     * A stopped VM without checkpoints: each disk still on a differencing file becomes one new VHD
     * holding what the chain holds (libvirt's volume copy reads through the chain), and the chain's
     * files are deleted.
     */
    private static void flatten(HostConnection h, Domain d, FabricVm vm) {
        DomainDoc doc = VmViews.doc(d);
        List<String> old = new ArrayList<>();
        boolean changed = false;
        for (DomainDoc.Disk disk : doc.disks()) {
            String path = disk.path().orElse("");
            if (!path.contains(MARK)) {
                continue;
            }
            String first = firstFile(path);
            String dot = first.lastIndexOf('.') > first.lastIndexOf('/') ? first.substring(0, first.lastIndexOf('.')) : first;
            String next = dot + "-" + UUID.randomUUID().toString().substring(0, 8) + ".vhd";
            long size = vm.disks().stream().filter(x -> x.path().equals(path)).mapToLong(FabricDisk::maxBytes).findFirst()
                    .orElseThrow(() -> new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The disk " + disk.target()
                            + " of " + vm.name() + " has no size."));
            copyInto(h, path, next, size);
            old.addAll(chain(h, path));
            Element source = Xml.ensure(disk.element(), "source");
            source.setAttribute("file", next);
            Xml.child(disk.element(), "driver").ifPresent(x -> x.setAttribute("type", DiskFormats.VHD));
            Xml.child(disk.element(), "backingStore").ifPresent(Xml::remove);
            changed = true;
        }
        if (changed) {
            Lv.free(Lv.call("define " + vm.name() + " on its VHDs", () -> h.connect().domainDefineXML(doc.xml())));
            old.forEach(f -> Volumes.deleteQuietly(h, f));
        }
    }

    /** Copies what the file at {@code from} holds, through its chain, into a new VHD at {@code to}, in from's pool. */
    private static void copyInto(HostConnection h, String from, String to, long size) {
        StorageVol source = Lv.call("find " + from, () -> h.connect().storageVolLookupByPath(from));
        StoragePool pool = null;
        try {
            pool = Lv.call("find the pool of " + from, source::storagePoolLookupByVolume);
            String xml = "<volume><name>" + Xml.escape(to.substring(to.lastIndexOf('/') + 1)) + "</name><capacity unit='bytes'>"
                    + size + "</capacity><target><format type='" + DiskFormats.VHD + "'/></target></volume>";
            StoragePool p = pool;
            StorageVol src = source;
            Lv.free(Lv.call("copy the disk " + from + " into one VHD", () -> p.storageVolCreateXMLFrom(xml, src, 0)));
        } finally {
            Lv.free(pool);
            Lv.free(source);
        }
    }

    /** Every file the domain's disks and checkpoints use or used, for the VM's deletion. */
    static Set<String> allFiles(HostConnection h, Domain d) {
        Set<String> out = new LinkedHashSet<>();
        DomainDoc doc = VmViews.doc(d);
        for (DomainDoc.Disk disk : doc.disks()) {
            disk.path().ifPresent(p -> {
                out.add(p);
                out.add(firstFile(p));
                out.addAll(differencingFiles(h, firstFile(p)));
            });
        }
        for (Element snap : snapshots(d)) {
            frozenFiles(snap).values().forEach(p -> {
                out.add(p);
                out.add(firstFile(p));
            });
        }
        return out;
    }

    // ----

    /** The file a differencing file is created at for a checkpoint: beside the disk's first file. */
    private static String differencing(String current, UUID id) {
        return firstFile(current) + MARK + id.toString().substring(0, 8) + ".qcow2";
    }

    /** For each disk target the snapshot froze: the file it froze (the domain's source when it was taken). */
    private static Map<String, String> frozenFiles(Element snap) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> external = new HashSet<>();
        Xml.child(snap, "disks").ifPresent(disks -> Xml.children(disks, "disk").stream()
                .filter(x -> "external".equals(x.getAttribute("snapshot"))).forEach(x -> external.add(x.getAttribute("name"))));
        Xml.child(snap, "domain").ifPresent(dom -> DomainDoc.of(Xml.isolate(dom)).disks().stream()
                .filter(disk -> external.contains(disk.target()))
                .forEach(disk -> disk.path().ifPresent(p -> out.put(disk.target(), p))));
        return out;
    }

    /** Creates a qcow2 file over {@code base} (a VHD or a differencing file) in base's pool; returns its path. */
    private static String overlay(HostConnection h, String base, UUID layer, long size) {
        String path = differencing(base, layer);
        String name = path.substring(path.lastIndexOf('/') + 1);
        StorageVol baseVol = Lv.call("find the checkpoint's file " + base, () -> h.connect().storageVolLookupByPath(base));
        StoragePool pool = null;
        try {
            pool = Lv.call("find the pool of " + base, baseVol::storagePoolLookupByVolume);
            String format = base.contains(MARK) ? "qcow2" : DiskFormats.VHD;
            String xml = "<volume><name>" + Xml.escape(name) + "</name><capacity unit='bytes'>" + size
                    + "</capacity><target><format type='qcow2'/></target><backingStore><path>" + Xml.escape(base)
                    + "</path><format type='" + format + "'/></backingStore></volume>";
            StoragePool p = pool;
            Lv.free(Lv.call("create a differencing file over " + base, () -> p.storageVolCreateXML(xml, 0)));
            return path;
        } finally {
            Lv.free(pool);
            Lv.free(baseVol);
        }
    }

    /**
     * Deletes those of the candidate files (and the differencing files of the same disks) that
     * neither the disks' current chains nor a checkpoint needs.
     */
    private static void collect(HostConnection h, Domain d, List<String> candidates) {
        Set<String> needed = new HashSet<>();
        DomainDoc doc = VmViews.doc(d);
        doc.disks().forEach(disk -> disk.path().ifPresent(p -> needed.addAll(chain(h, p))));
        for (Element snap : snapshots(d)) {
            frozenFiles(snap).values().forEach(p -> needed.addAll(chain(h, p)));
        }
        Set<String> seen = new LinkedHashSet<>(candidates);
        candidates.forEach(c -> seen.addAll(differencingFiles(h, firstFile(c))));
        for (String file : seen) {
            if (file.contains(MARK) && !needed.contains(file)) {
                Volumes.deleteQuietly(h, file);
            }
        }
    }

    /** A file and the files under it: a differencing file's backing files, by libvirt's storage. */
    private static List<String> chain(HostConnection h, String path) {
        List<String> out = new ArrayList<>();
        String at = path;
        while (at != null && !out.contains(at)) {
            out.add(at);
            if (!at.contains(MARK)) {
                break;
            }
            String file = at;
            at = backing(h, file).orElse(null);
        }
        return out;
    }

    private static Optional<String> backing(HostConnection h, String path) {
        StorageVol vol;
        try {
            vol = h.connect().storageVolLookupByPath(path);
        } catch (LibvirtException e) {
            if (Lv.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return Optional.empty();
            }
            throw Lv.translate("find " + path, e);
        }
        try {
            StorageVol v = vol;
            Element xml = Xml.parse(Lv.call("read " + path, () -> v.getXMLDesc(0))).getDocumentElement();
            return Xml.text(xml, "backingStore", "path");
        } finally {
            Lv.free(vol);
        }
    }

    /** The differencing files of a disk whose first file is {@code first}, as its pool lists them. */
    private static List<String> differencingFiles(HostConnection h, String first) {
        StorageVol vol;
        try {
            vol = h.connect().storageVolLookupByPath(first);
        } catch (LibvirtException e) {
            return List.of(); // outside every pool, or gone
        }
        StoragePool pool = null;
        try {
            pool = Lv.call("find the pool of " + first, vol::storagePoolLookupByVolume);
            StoragePool p = pool;
            Lv.run("refresh the pool of " + first, () -> p.refresh(0));
            String prefix = first.substring(first.lastIndexOf('/') + 1) + MARK;
            String dir = first.substring(0, first.lastIndexOf('/') + 1);
            List<String> out = new ArrayList<>();
            for (String name : Lv.call("list the pool of " + first, p::listVolumes)) {
                if (name.startsWith(prefix)) {
                    out.add(dir + name);
                }
            }
            return out;
        } finally {
            Lv.free(pool);
            Lv.free(vol);
        }
    }

    private static List<Element> snapshots(Domain d) {
        List<Element> out = new ArrayList<>();
        for (String name : Lv.call("list the checkpoints", () -> d.snapshotListNames(0))) {
            DomainSnapshot s = Lv.call("open the checkpoint " + name, () -> d.snapshotLookupByName(name));
            try {
                out.add(Xml.parse(Lv.call("read the checkpoint " + name, s::getXMLDesc)).getDocumentElement());
            } finally {
                Lv.free(s);
            }
        }
        return out;
    }
}
