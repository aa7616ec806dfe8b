package io.gio.cluster.libvirt;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** A domain's XML, read and changed in place; {@link #xml()} gives it back for {@code virDomainDefineXML}. */
final class DomainDoc {

    /** A disk device: target ({@code vda}), where its data is, and libvirt's format name ({@code vpc}). */
    record Disk(Element element, String target, Optional<String> path, Optional<String> pool,
            Optional<String> volume, String driverType) {}

    /** A network interface: its MAC address (lower case), type, and the network or bridge it is on. */
    record Interface(Element element, String mac, String type, String source) {}

    private final Document doc;
    private final Element root;

    private DomainDoc(Document doc) {
        this.doc = doc;
        this.root = doc.getDocumentElement();
    }

    static DomainDoc parse(String xml) {
        return new DomainDoc(Xml.parse(xml));
    }

    static DomainDoc of(Document doc) {
        return new DomainDoc(doc);
    }

    String xml() {
        return Xml.write(doc);
    }

    Element root() {
        return root;
    }

    String libvirtName() {
        return Xml.text(root, "name").orElse("");
    }

    UUID uuid() {
        return UUID.fromString(Xml.text(root, "uuid").orElseThrow());
    }

    int vcpus() {
        return Xml.text(root, "vcpu").map(Integer::parseInt).orElse(1);
    }

    /** The maximum memory, in MiB. */
    int memoryMb() {
        return Xml.at(root, "memory").map(DomainDoc::mebibytes).orElse(0);
    }

    /** The memory the domain starts with (the balloon's target), in MiB. */
    int currentMemoryMb() {
        return Xml.at(root, "currentMemory").map(DomainDoc::mebibytes).orElse(memoryMb());
    }

    void setHardware(int vcpus, int maximumMb, int currentMb) {
        Element vcpu = Xml.ensure(root, "vcpu");
        vcpu.removeAttribute("current");
        vcpu.setTextContent(Integer.toString(vcpus));
        setMebibytes(Xml.ensure(root, "memory"), maximumMb);
        setMebibytes(Xml.ensure(root, "currentMemory"), currentMb);
    }

    VmMeta meta() {
        return VmMeta.read(root);
    }

    void setMeta(VmMeta meta) {
        meta.writeTo(root);
    }

    List<Disk> disks() {
        return Xml.children(devices(), "disk").stream()
                .filter(d -> d.getAttribute("device").isEmpty() || "disk".equals(d.getAttribute("device")))
                .map(d -> {
                    Optional<Element> source = Xml.child(d, "source");
                    return new Disk(d, Xml.at(d, "target").map(t -> t.getAttribute("dev")).orElse(""),
                            source.flatMap(s -> Xml.attr(s, "file").or(() -> Xml.attr(s, "dev"))),
                            source.flatMap(s -> Xml.attr(s, "pool")), source.flatMap(s -> Xml.attr(s, "volume")),
                            Xml.child(d, "driver").flatMap(v -> Xml.attr(v, "type")).orElse("raw"));
                }).toList();
    }

    List<Interface> interfaces() {
        return Xml.children(devices(), "interface").stream().map(i -> {
            Optional<Element> source = Xml.child(i, "source");
            String on = source.flatMap(s -> Xml.attr(s, "network").or(() -> Xml.attr(s, "bridge"))
                    .or(() -> Xml.attr(s, "dev"))).orElse("");
            return new Interface(i, Xml.child(i, "mac").map(m -> VmMeta.mac(m.getAttribute("address"))).orElse(""),
                    i.getAttribute("type"), on);
        }).toList();
    }

    Optional<Interface> iface(String mac) {
        return interfaces().stream().filter(i -> i.mac().equals(VmMeta.mac(mac))).findFirst();
    }

    /** Appends a virtio adapter on a libvirt network. */
    void addInterface(String mac, String network) {
        devices().appendChild(interfaceElement(doc, mac, network));
    }

    static Element interfaceElement(Document doc, String mac, String network) {
        Element i = doc.createElement("interface");
        i.setAttribute("type", "network");
        Element m = doc.createElement("mac");
        m.setAttribute("address", VmMeta.mac(mac));
        Element s = doc.createElement("source");
        s.setAttribute("network", network);
        Element model = doc.createElement("model");
        model.setAttribute("type", "virtio");
        i.appendChild(m);
        i.appendChild(s);
        i.appendChild(model);
        return i;
    }

    void removeInterface(String mac) {
        iface(mac).ifPresent(i -> Xml.remove(i.element()));
    }

    /** Moves an adapter to another libvirt network (an adapter of another type becomes a network one). */
    void setNetwork(String mac, String network) {
        iface(mac).ifPresent(i -> {
            Element e = i.element();
            e.setAttribute("type", "network");
            Xml.child(e, "source").ifPresent(Xml::remove);
            Element s = doc.createElement("source");
            s.setAttribute("network", network);
            Element macElement = Xml.child(e, "mac").orElse(null);
            e.insertBefore(s, macElement == null ? e.getFirstChild() : macElement.getNextSibling());
        });
    }

    /**
     * Sets an adapter's {@code <bandwidth>}: inbound and outbound average and peak at the maximum,
     * an inbound floor at the minimum; both in KiB/s, libvirt's unit. Empty values remove them.
     */
    void setBandwidth(String mac, OptionalLong maximumKiBps, OptionalLong floorKiBps) {
        iface(mac).ifPresent(i -> {
            Xml.child(i.element(), "bandwidth").ifPresent(Xml::remove);
            if (maximumKiBps.isEmpty() && floorKiBps.isEmpty()) {
                return;
            }
            Element bw = doc.createElement("bandwidth");
            Element in = doc.createElement("inbound");
            if (maximumKiBps.isPresent()) {
                in.setAttribute("average", Long.toString(maximumKiBps.getAsLong()));
                in.setAttribute("peak", Long.toString(maximumKiBps.getAsLong()));
            } else {
                in.setAttribute("average", "0");
            }
            floorKiBps.ifPresent(f -> in.setAttribute("floor", Long.toString(f)));
            bw.appendChild(in);
            maximumKiBps.ifPresent(max -> {
                Element out = doc.createElement("outbound");
                out.setAttribute("average", Long.toString(max));
                out.setAttribute("peak", Long.toString(max));
                bw.appendChild(out);
            });
            i.element().appendChild(bw);
        });
    }

    /** Sets a disk's {@code <iotune>}: total IOPS counted in 8 KiB units (as Hyper-V normalizes), or none. */
    void setIotune(String target, OptionalLong totalIops) {
        disks().stream().filter(d -> d.target().equals(target)).findFirst().ifPresent(d -> {
            Xml.child(d.element(), "iotune").ifPresent(Xml::remove);
            if (totalIops.isEmpty()) {
                return;
            }
            Element iotune = doc.createElement("iotune");
            Element total = doc.createElement("total_iops_sec");
            total.setTextContent(Long.toString(totalIops.getAsLong()));
            Element size = doc.createElement("size_iops_sec");
            size.setTextContent("8192");
            iotune.appendChild(total);
            iotune.appendChild(size);
            Element after = Xml.child(d.element(), "target").orElse(null);
            d.element().insertBefore(iotune, after == null ? null : after.getNextSibling());
        });
    }

    /** The {@code <iotune><total_iops_sec>} of a disk. */
    OptionalLong iotune(String target) {
        return disks().stream().filter(d -> d.target().equals(target)).findFirst()
                .flatMap(d -> Xml.text(d.element(), "iotune", "total_iops_sec"))
                .map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
    }

    /** An adapter's inbound average and floor, in KiB/s. */
    OptionalLong bandwidth(String mac, String attribute) {
        return iface(mac).flatMap(i -> Xml.at(i.element(), "bandwidth", "inbound"))
                .flatMap(in -> Xml.attr(in, attribute)).map(Long::parseLong).filter(v -> v > 0)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private Element devices() {
        return Xml.ensure(root, "devices");
    }

    private static int mebibytes(Element e) {
        long value = Long.parseLong(e.getTextContent().trim());
        String unit = e.getAttribute("unit").isEmpty() ? "KiB" : e.getAttribute("unit");
        long bytes = switch (unit.toLowerCase(Locale.ROOT)) {
            case "b", "bytes" -> value;
            case "kb" -> value * 1000;
            case "k", "kib" -> value << 10;
            case "mb" -> value * 1000_000;
            case "m", "mib" -> value << 20;
            case "gb" -> value * 1000_000_000;
            case "g", "gib" -> value << 30;
            case "tb" -> value * 1000_000_000_000L;
            case "t", "tib" -> value << 40;
            default -> value << 10;
        };
        return (int) (bytes >> 20);
    }

    private static void setMebibytes(Element e, int mb) {
        e.setAttribute("unit", "MiB");
        e.setTextContent(Integer.toString(mb));
    }
}
