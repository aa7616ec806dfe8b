package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricTemplate;
import io.gio.cluster.spi.Stamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.libvirt.StorageVolInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VM templates on libvirt: OS images the operator names in the settings
 * ({@code template.<NAME>=<volume path>}, with {@code template.<NAME>.os}, {@code .cpu} and
 * {@code .memory-mb}). A template is offered on every stamp one of whose hosts has that volume
 * (a library pool, possibly shared by the hosts), in a format the stamp attaches; a new VM's boot
 * disk is a full copy of it, made by libvirt on a host that has the image.
 */
final class Templates {

    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);

    /** A template as configured. */
    record Configured(String name, String path, String os, int cpu, int memoryMb) {}

    private final Fabric fabric;
    private final List<Configured> configured;

    Templates(Fabric fabric) {
        this.fabric = fabric;
        this.configured = parse(fabric.settings.raw());
    }

    /** The configured templates; a malformed setting is refused by name. */
    static List<Configured> parse(Map<String, String> raw) {
        Map<String, Configured> out = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("template.") || key.endsWith(".os") || key.endsWith(".cpu") || key.endsWith(".memory-mb")) {
                continue;
            }
            String name = key.substring("template.".length()).trim();
            String path = e.getValue().trim();
            if (name.isEmpty() || !path.startsWith("/")) {
                throw LibvirtSettings.bad(key, "expected template.<NAME>=<absolute path of a storage volume>");
            }
            out.put(name, new Configured(name, path, raw.getOrDefault(key + ".os", name).trim(),
                    number(raw, key + ".cpu", 1), number(raw, key + ".memory-mb", 2048)));
        }
        return List.copyOf(out.values());
    }

    private static int number(Map<String, String> raw, String key, int fallback) {
        String v = raw.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw LibvirtSettings.bad(key, "expected a positive whole number, got '" + v + "'");
    }

    List<FabricTemplate> list(UUID stampId) {
        Stamp stamp = fabric.topology.stamp(stampId);
        List<FabricTemplate> out = new ArrayList<>();
        for (Configured c : configured) {
            for (HostConnection h : fabric.topology.connections(stampId)) {
                Optional<FabricTemplate> t = read(h, stamp, c);
                if (t.isPresent()) {
                    out.add(t.get());
                    break;
                }
            }
        }
        return out;
    }

    /** The template's image path, and the hosts of the stamp that have it; NOT_FOUND for an unknown template. */
    Image image(UUID stampId, UUID templateId) {
        Stamp stamp = fabric.topology.stamp(stampId);
        for (Configured c : configured) {
            if (id(stamp, c).equals(templateId)) {
                List<HostConnection> hosts = new ArrayList<>();
                DiskFormat format = null;
                for (HostConnection h : fabric.topology.connections(stampId)) {
                    Optional<FabricTemplate> t = read(h, stamp, c);
                    if (t.isPresent()) {
                        hosts.add(h);
                        format = t.get().format();
                    }
                }
                if (!hosts.isEmpty()) {
                    return new Image(c.path(), hosts, format);
                }
            }
        }
        throw new ClusterException(ClusterErrorCode.NOT_FOUND, "No template with ID " + templateId + " on stamp "
                + stamp.name() + ".");
    }

    /** Where a template's image is, and its format. */
    record Image(String path, List<HostConnection> hosts, DiskFormat format) {}

    static UUID id(Stamp stamp, Configured c) {
        return Ids.template(stamp.name(), c.name());
    }

    private Optional<FabricTemplate> read(HostConnection h, Stamp stamp, Configured c) {
        StorageVol vol;
        try {
            vol = h.connect().storageVolLookupByPath(c.path());
        } catch (LibvirtException e) {
            return Optional.empty();
        }
        try {
            StorageVolInfo info = Lv.call("read the template " + c.name(), vol::getInfo);
            String type = Xml.at(Xml.parse(Lv.call("read the template " + c.name(), () -> vol.getXMLDesc(0)))
                    .getDocumentElement(), "target", "format").flatMap(f -> Xml.attr(f, "type")).orElse("raw");
            Probe probe;
            try {
                probe = probe(h, c.path(), type, info.capacity);
            } catch (ClusterException e) {
                LOG.warn("Template {} ({}) is not offered: {}", c.name(), c.path(), e.getMessage());
                return Optional.empty();
            }
            if (!stamp.generation().diskFormats().contains(probe.format())) {
                LOG.warn("Template {} ({}) is {}, which stamp {} cannot attach; it is not offered", c.name(), c.path(),
                        probe.format(), stamp.name());
                return Optional.empty();
            }
            long size = probe.virtualBytes();
            return Optional.of(new FabricTemplate(id(stamp, c), stamp.id(), c.name(), c.os(), c.cpu(), c.memoryMb(),
                    probe.format(), Math.max(1, size), Math.min(size, info.allocation)));
        } finally {
            Lv.free(vol);
        }
    }

    /** What an image is: the disk format a copy of it has, and the size its guest sees. */
    record Probe(DiskFormat format, long virtualBytes) {}

    /**
     * What the image at {@code path} of a host is, given the format libvirt's storage reports
     * ({@code type}) and its capacity: a VHD ({@code vpc}); a raw file, which is a VHDX when the
     * file says so (libvirt's storage reads VHDX as raw) and else a raw image, copied as a VHD;
     * UNSUPPORTED for another format (a qcow2 image is no VHD or VHDX) or a VHDX that cannot be
     * read. On libvirt's test driver, whose volumes hold no data, raw is raw.
     */
    static Probe probe(HostConnection h, String path, String type, long capacity) {
        if (DiskFormats.VHD.equals(type)) {
            return new Probe(DiskFormat.VHD, capacity);
        }
        if (!"raw".equals(type)) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "the image " + path + " is "
                    + DiskFormats.describe(type) + "; images are VHD, VHDX or raw");
        }
        if (h.facts().isTestDriver()) {
            return new Probe(DiskFormat.VHD, capacity);
        }
        OptionalLong vhdx = Vhdx.virtualBytes(h, path);
        return vhdx.isPresent() ? new Probe(DiskFormat.VHDX, vhdx.getAsLong()) : new Probe(DiskFormat.VHD, capacity);
    }
}
