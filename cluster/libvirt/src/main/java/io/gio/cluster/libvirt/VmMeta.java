package io.gio.cluster.libvirt;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * What the gateway keeps about a domain inside the domain's own XML, in
 * {@code <metadata><gio:vm xmlns:gio="...">}: the name the API shows, the IDs the API chose for
 * its disks (by target device) and network adapters (by MAC address), the dynamic memory
 * minimum, and the QoS values as they were asked for (libvirt's units are coarser). Keeping it
 * in the domain means it moves and disappears with the domain, and needs no table.
 */
final class VmMeta {

    static final String NS = "https://gio.io/xmlns/libvirt/vm/1";
    private static final String PREFIX = "gio:";

    /**
     * A disk the gateway created or named; {@code virtualBytes}, the size the guest sees, is kept for
     * a VHDX disk, whose file libvirt's storage reads as raw.
     */
    record DiskMeta(UUID id, String name, boolean boot, long dirtyBytesPerSecond, OptionalLong maxIops,
            OptionalLong minIops, OptionalLong virtualBytes) {
        DiskMeta(UUID id, String name, boolean boot, long dirtyBytesPerSecond) {
            this(id, name, boot, dirtyBytesPerSecond, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        }

        DiskMeta withIops(OptionalLong max, OptionalLong min) {
            return new DiskMeta(id, name, boot, dirtyBytesPerSecond, max, min, virtualBytes);
        }

        DiskMeta withVirtualBytes(long bytes) {
            return new DiskMeta(id, name, boot, dirtyBytesPerSecond, maxIops, minIops, OptionalLong.of(bytes));
        }
    }

    /** A network adapter the gateway created or named. */
    record NicMeta(UUID id, OptionalLong maxBitsPerSecond, OptionalLong minBitsPerSecond) {
        NicMeta withBandwidth(OptionalLong max, OptionalLong min) {
            return new NicMeta(id, max, min);
        }
    }

    /**
     * The ID the API knows the VM by when it is not the domain's UUID: a live migration keeps the
     * UUID (libvirt requires it), while the moved VM gets the ID the engine gave it.
     */
    Optional<UUID> id = Optional.empty();
    /**
     * The live migration (its transfer ID) that brought the domain here and whose import has not
     * named it yet: until then the domain is no VM of the API.
     */
    Optional<UUID> arriving = Optional.empty();
    /** Of an arriving domain: when its switch-over began and ended, as the hypervisor measured it. */
    Optional<java.time.Instant> switchStarted = Optional.empty();
    Optional<java.time.Instant> switchEnded = Optional.empty();
    /**
     * Of a helper domain of {@link Conversions} (paused, its guest never runs): the transfer whose
     * disk it converts. Such a domain is no VM of the API.
     */
    Optional<UUID> converting = Optional.empty();
    Optional<String> name = Optional.empty();
    OptionalInt dynamicMinimumMb = OptionalInt.empty();
    final Map<String, DiskMeta> disks = new LinkedHashMap<>();
    final Map<String, NicMeta> nics = new LinkedHashMap<>();

    static VmMeta read(Element domain) {
        VmMeta meta = new VmMeta();
        Optional<Element> vm = Xml.child(domain, "metadata").flatMap(m -> Xml.children(m, "vm").stream()
                .filter(e -> NS.equals(e.getNamespaceURI())).findFirst());
        if (vm.isEmpty()) {
            return meta;
        }
        meta.id = Xml.text(vm.get(), "id").map(UUID::fromString);
        Optional<Element> arriving = Xml.at(vm.get(), "arriving");
        meta.arriving = arriving.map(e -> UUID.fromString(e.getAttribute("transfer")));
        meta.switchStarted = arriving.flatMap(e -> Xml.attr(e, "switch-started")).map(java.time.Instant::parse);
        meta.switchEnded = arriving.flatMap(e -> Xml.attr(e, "switch-ended")).map(java.time.Instant::parse);
        meta.converting = Xml.at(vm.get(), "converting").map(e -> UUID.fromString(e.getAttribute("transfer")));
        meta.name = Xml.text(vm.get(), "name");
        meta.dynamicMinimumMb = Xml.at(vm.get(), "memory").flatMap(e -> Xml.attr(e, "dynamic-minimum-mb"))
                .map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
        for (Element d : Xml.children(vm.get(), "disk")) {
            meta.disks.put(d.getAttribute("target"), new DiskMeta(UUID.fromString(d.getAttribute("id")),
                    d.getAttribute("name"), Boolean.parseBoolean(d.getAttribute("boot")),
                    number(d, "dirty").orElse(0), number(d, "max-iops"), number(d, "min-iops"), number(d, "size")));
        }
        for (Element n : Xml.children(vm.get(), "nic")) {
            meta.nics.put(mac(n.getAttribute("mac")), new NicMeta(UUID.fromString(n.getAttribute("id")),
                    number(n, "max-bps"), number(n, "min-bps")));
        }
        return meta;
    }

    /** Writes this metadata into the domain element, replacing what was there. */
    void writeTo(Element domain) {
        Element metadata = Xml.ensure(domain, "metadata");
        Xml.children(metadata, "vm").stream().filter(e -> NS.equals(e.getNamespaceURI())).forEach(Xml::remove);
        var doc = domain.getOwnerDocument();
        Element vm = doc.createElementNS(NS, PREFIX + "vm");
        id.ifPresent(i -> {
            Element e = doc.createElementNS(NS, PREFIX + "id");
            e.setTextContent(i.toString());
            vm.appendChild(e);
        });
        arriving.ifPresent(t -> {
            Element e = doc.createElementNS(NS, PREFIX + "arriving");
            e.setAttribute("transfer", t.toString());
            switchStarted.ifPresent(at -> e.setAttribute("switch-started", at.toString()));
            switchEnded.ifPresent(at -> e.setAttribute("switch-ended", at.toString()));
            vm.appendChild(e);
        });
        converting.ifPresent(t -> {
            Element e = doc.createElementNS(NS, PREFIX + "converting");
            e.setAttribute("transfer", t.toString());
            vm.appendChild(e);
        });
        name.ifPresent(n -> {
            Element e = doc.createElementNS(NS, PREFIX + "name");
            e.setTextContent(n);
            vm.appendChild(e);
        });
        dynamicMinimumMb.ifPresent(min -> {
            Element e = doc.createElementNS(NS, PREFIX + "memory");
            e.setAttribute("dynamic-minimum-mb", Integer.toString(min));
            vm.appendChild(e);
        });
        disks.forEach((target, d) -> {
            Element e = doc.createElementNS(NS, PREFIX + "disk");
            e.setAttribute("target", target);
            e.setAttribute("id", d.id().toString());
            e.setAttribute("name", d.name());
            e.setAttribute("boot", Boolean.toString(d.boot()));
            e.setAttribute("dirty", Long.toString(d.dirtyBytesPerSecond()));
            d.maxIops().ifPresent(v -> e.setAttribute("max-iops", Long.toString(v)));
            d.minIops().ifPresent(v -> e.setAttribute("min-iops", Long.toString(v)));
            d.virtualBytes().ifPresent(v -> e.setAttribute("size", Long.toString(v)));
            vm.appendChild(e);
        });
        nics.forEach((mac, n) -> {
            Element e = doc.createElementNS(NS, PREFIX + "nic");
            e.setAttribute("mac", mac);
            e.setAttribute("id", n.id().toString());
            n.maxBitsPerSecond().ifPresent(v -> e.setAttribute("max-bps", Long.toString(v)));
            n.minBitsPerSecond().ifPresent(v -> e.setAttribute("min-bps", Long.toString(v)));
            vm.appendChild(e);
        });
        metadata.appendChild(vm);
    }

    /** MAC addresses are kept as libvirt writes them: lower case. */
    static String mac(String mac) {
        return mac.toLowerCase(Locale.ROOT);
    }

    private static OptionalLong number(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
    }
}
