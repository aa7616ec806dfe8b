package io.gio.cluster.libvirt;

import io.gio.cluster.spi.PowerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.w3c.dom.Element;

/** Reads a domain's libvirt snapshots: names, descriptions, parents, the current one, what each captured. */
final class Snapshots {

    /** A snapshot as the checkpoint API needs it. */
    record Snap(UUID id, String libvirtName, String name, Optional<String> parentName, Optional<UUID> parentId,
            Instant created, PowerState capturedState, boolean current, int memoryMb) {}

    List<Snap> read(UUID vmId, Domain d) {
        Optional<String> current = currentName(d);
        List<Snap> out = new ArrayList<>();
        for (String name : Lv.call("list the checkpoints", () -> d.snapshotListNames(0))) {
            DomainSnapshot s = Lv.call("open the checkpoint " + name, () -> d.snapshotLookupByName(name));
            try {
                Element xml = Xml.parse(Lv.call("read the checkpoint " + name, s::getXMLDesc)).getDocumentElement();
                Optional<String> parent = Xml.text(xml, "parent", "name");
                int memoryMb = Xml.child(xml, "domain").map(dom -> DomainDoc.of(Xml.isolate(dom)).memoryMb())
                        .orElse(0);
                out.add(new Snap(Ids.checkpoint(vmId, name), name, Xml.text(xml, "description").orElse(name), parent,
                        parent.map(p -> Ids.checkpoint(vmId, p)),
                        Instant.ofEpochSecond(Xml.text(xml, "creationTime").map(Long::parseLong).orElse(0L)),
                        DomainStates.ofSnapshot(Xml.text(xml, "state").orElse("")),
                        current.map(name::equals).orElse(false), memoryMb));
            } finally {
                Lv.free(s);
            }
        }
        return out;
    }

    /** The name of the domain's current snapshot, if it has one. */
    static Optional<String> currentName(Domain d) {
        try {
            if (d.hasCurrentSnapshot() != 1) {
                return Optional.empty();
            }
            DomainSnapshot s = d.snapshotCurrent();
            try {
                return Xml.text(Xml.parse(s.getXMLDesc()).getDocumentElement(), "name");
            } finally {
                Lv.free(s);
            }
        } catch (LibvirtException e) {
            if (Lv.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT)) {
                return Optional.empty();
            }
            throw Lv.translate("read the current checkpoint", e);
        }
    }

    /** How deep each snapshot is in its tree (a root is 0): parents sort before their children. */
    static Map<String, Integer> depths(List<Snap> all) {
        Map<String, Snap> byName = new HashMap<>();
        all.forEach(s -> byName.put(s.libvirtName(), s));
        Map<String, Integer> out = new HashMap<>();
        for (Snap s : all) {
            int depth = 0;
            Optional<String> p = s.parentName();
            while (p.isPresent() && byName.containsKey(p.get()) && depth < all.size()) {
                depth++;
                p = byName.get(p.get()).parentName();
            }
            out.put(s.libvirtName(), depth);
        }
        return out;
    }
}
