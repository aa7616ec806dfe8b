package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.StorageVolInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disks as storage volumes. A new disk is a volume in its pool named after the disk (its name,
 * then its ID's first group, then the format's extension), thin (nothing allocated until the
 * guest writes); a boot disk is a full copy of the configured boot image, converted to the
 * disk's format by libvirt. (Copy-on-write clones would be qcow2 overlays, a format the SPI's
 * VHD/VHDX disks cannot be.) libvirt's storage cannot create a VHDX ({@link DiskFormats}): a
 * VHDX disk is a byte copy of a VHDX image, in a volume libvirt sees as raw.
 */
final class Volumes {

    private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

    private Volumes() {
    }

    /** Creates the disk's volume; returns its path. */
    static String create(HostConnection h, String poolName, DiskSpec d, Optional<String> bootImage) {
        if (d.format() == DiskFormat.VHDX && bootImage.isEmpty()) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "libvirt cannot create a blank VHDX disk ("
                    + d.name() + "): its storage pools write no VHDX. Make the disk VHD, or a copy of a VHDX template.");
        }
        Connect c = h.connect();
        String name = name(d);
        StoragePool pool = Lv.call("open the storage pool " + poolName, () -> c.storagePoolLookupByName(poolName));
        StorageVol base = null;
        StorageVol vol = null;
        try {
            long capacity = d.maxBytes();
            if (bootImage.isPresent()) {
                String image = bootImage.get();
                base = Lv.call("open the boot image " + image, () -> c.storageVolLookupByPath(image));
                StorageVol opened = base;
                StorageVolInfo info = Lv.call("read the boot image " + image, base::getInfo);
                String type = Xml.at(Xml.parse(Lv.call("read the boot image " + image, () -> opened.getXMLDesc(0)))
                        .getDocumentElement(), "target", "format").flatMap(f -> Xml.attr(f, "type")).orElse("raw");
                DiskFormat imageFormat = Templates.probe(h, image, type, info.capacity).format();
                if (imageFormat != d.format()) {
                    throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "The disk " + d.name() + " is "
                            + d.format() + ", but its image " + image + " is " + imageFormat + "; a disk copied "
                            + "from an image keeps the image's format.");
                }
                // a VHDX is copied byte for byte: its file's size, whatever the guest sees
                capacity = d.format() == DiskFormat.VHDX ? info.capacity : Math.max(capacity, info.capacity);
            }
            String xml = xml(name, capacity, d.format() == DiskFormat.VHDX ? "raw" : DiskFormats.VHD);
            StorageVol from = base;
            vol = from == null
                    ? Lv.call("create the disk " + name + " in " + poolName, () -> pool.storageVolCreateXML(xml, 0))
                    : Lv.call("copy the boot image into " + name, () -> pool.storageVolCreateXMLFrom(xml, from, 0));
            return Lv.call("read the disk " + name, vol::getPath);
        } finally {
            Lv.free(vol);
            Lv.free(base);
            Lv.free(pool);
        }
    }

    /**
     * Creates a volume for a copy of a disk file in libvirt format {@code type}, deleting first a
     * volume of the same name the pool has; returns its path. A VHD ({@code vpc}) or raw volume
     * has the disk's size (a block copy writes into it); a VHDX one ({@code vhd}) is empty, for a
     * byte copy of a VHDX file ({@code virStorageVolUpload}).
     */
    static String replace(HostConnection h, String poolName, DiskSpec d, String type) {
        StoragePool pool = Lv.call("open the storage pool " + poolName, () -> h.connect().storagePoolLookupByName(poolName));
        try {
            StorageVol old = pool.storageVolLookupByName(name(d));
            try {
                Lv.run("delete the volume " + name(d), () -> old.delete(0));
            } finally {
                Lv.free(old);
            }
        } catch (LibvirtException e) {
            if (!Lv.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                throw Lv.translate("look for the volume " + name(d), e);
            }
        } finally {
            Lv.free(pool);
        }
        if (DiskFormats.VHD.equals(type)) {
            return create(h, poolName, d, Optional.empty());
        }
        long capacity = DiskFormats.VHDX.equals(type) ? 0 : d.maxBytes();
        StoragePool p = Lv.call("open the storage pool " + poolName, () -> h.connect().storagePoolLookupByName(poolName));
        StorageVol vol = null;
        try {
            vol = Lv.call("create the volume " + name(d), () -> p.storageVolCreateXML(xml(name(d), capacity, "raw"), 0));
            return Lv.call("read the volume " + name(d), vol::getPath);
        } finally {
            Lv.free(vol);
            Lv.free(p);
        }
    }

    /** The path a disk's volume has in a pool whose directory is {@code poolPath}. */
    static String path(String poolPath, DiskSpec d) {
        return java.nio.file.Path.of(poolPath).resolve(name(d)).toString();
    }

    /**
     * Deletes the file at {@code path} of a pool if it is there (the pool is refreshed first, so
     * that a file written outside libvirt's storage calls is seen).
     */
    static void removeFile(HostConnection h, String poolName, String path) {
        if (deleteIfListed(h, path)) {
            return;
        }
        try {
            CopyJobs.refresh(h, poolName);
        } catch (ClusterException e) {
            // e.g. while libvirt builds another volume of the pool; the file may not exist at all
            LOG.info("Cannot refresh the pool {} on {} to find {}: {}", poolName, h.uri, path, e.getMessage());
        }
        deleteIfListed(h, path);
    }

    /** Deletes the volume at the path if a pool lists it; whether one did (a volume deleted meanwhile counts). */
    private static boolean deleteIfListed(HostConnection h, String path) {
        StorageVol vol;
        try {
            vol = h.connect().storageVolLookupByPath(path);
        } catch (LibvirtException e) {
            if (Lv.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return false;
            }
            throw Lv.translate("find the disk " + path, e);
        }
        try {
            vol.delete(0);
        } catch (LibvirtException e) {
            if (!Lv.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                throw Lv.translate("delete the disk " + path, e);
            }
        } finally {
            Lv.free(vol);
        }
        return true;
    }

    private static String xml(String name, long capacity, String format) {
        return "<volume><name>" + Xml.escape(name) + "</name><capacity unit='bytes'>" + capacity
                + "</capacity><allocation unit='bytes'>0</allocation><target><format type='" + format
                + "'/></target></volume>";
    }

    private static String name(DiskSpec d) {
        return Macs.safeName(d.name()) + "-" + d.id().toString().substring(0, 8) + "." + d.format().extension();
    }

    /** Deletes a volume by path; one that is gone or outside every pool is left alone. */
    static void delete(HostConnection h, String path) {
        if (!deleteIfListed(h, path)) {
            LOG.info("The disk {} is in no storage pool of {}; it is left as it is", path, h.uri);
        }
    }

    static void deleteQuietly(HostConnection h, String path) {
        try {
            delete(h, path);
        } catch (ClusterException e) {
            LOG.warn("Cannot delete the disk {} on {}: {}", path, h.uri, e.getMessage());
        }
    }
}
