package io.gio.cluster.libvirt;

import io.gio.cluster.spi.VmSpec;
import java.util.List;

/** The XML of a new domain: processors, memory, disks, network adapters, a local VNC console. */
final class DomainXmlBuilder {

    /** A disk to attach: its target device, file and libvirt format. */
    record Disk(String target, String path, String format) {}

    /** An adapter to attach: its MAC address and libvirt network. */
    record Nic(String mac, String network) {}

    private DomainXmlBuilder() {
    }

    static String build(VmSpec spec, HostConnection.Facts host, List<Disk> disks, List<Nic> nics, VmMeta meta) {
        StringBuilder x = new StringBuilder();
        x.append("<domain type='").append(Xml.escape(host.domainType())).append("'>")
                .append("<name>").append(Xml.escape(libvirtName(spec))).append("</name>")
                .append("<uuid>").append(spec.id()).append("</uuid>")
                .append("<memory unit='MiB'>").append(spec.memoryMb()).append("</memory>")
                .append("<currentMemory unit='MiB'>").append(spec.memoryMb()).append("</currentMemory>")
                .append("<vcpu>").append(spec.cpuCount()).append("</vcpu>")
                .append("<os><type arch='").append(Xml.escape(host.arch())).append("'>hvm</type><boot dev='hd'/></os>")
                .append("<features><acpi/><apic/></features>")
                .append("<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>")
                .append("<devices>");
        for (Disk d : disks) {
            x.append("<disk type='file' device='disk'><driver name='qemu' type='").append(d.format()).append("'/>")
                    .append("<source file='").append(Xml.escape(d.path())).append("'/>")
                    .append("<target dev='").append(d.target()).append("' bus='virtio'/></disk>");
        }
        for (Nic n : nics) {
            x.append("<interface type='network'><mac address='").append(n.mac()).append("'/>")
                    .append("<source network='").append(Xml.escape(n.network())).append("'/>")
                    .append("<model type='virtio'/></interface>");
        }
        // The console listens on the host only: tenants reach it through the gateway, never directly.
        x.append("<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>")
                .append("<video><model type='vga'/></video>")
                .append("</devices></domain>");
        DomainDoc doc = DomainDoc.parse(x.toString());
        doc.setMeta(meta);
        return doc.xml();
    }

    /** libvirt names are unique per host; the API's are not: the name, then the ID's first group. */
    static String libvirtName(VmSpec spec) {
        return Macs.safeName(spec.name()) + "-" + spec.id().toString().substring(0, 8);
    }

    /** Target devices vda, vdb, ... vdz, vdaa, ... */
    static String target(int index) {
        String letters = "";
        int i = index;
        do {
            letters = (char) ('a' + i % 26) + letters;
            i = i / 26 - 1;
        } while (i >= 0);
        return "vd" + letters;
    }
}
