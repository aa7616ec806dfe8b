package io.gio.cluster.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/** Finds domains by UUID on the fabric's hosts, remembering where each was last seen. */
final class Domains {

    private final Topology topology;
    private final Map<UUID, HostConnection> seenOn = new ConcurrentHashMap<>();

    Domains(Topology topology) {
        this.topology = topology;
    }

    /** Applies {@code use} to the domain, freed afterwards; empty when no host has it. */
    <T> Optional<T> with(UUID vmId, BiFunction<HostConnection, Domain, T> use) {
        HostConnection cached = seenOn.get(vmId);
        if (cached != null) {
            Domain d = lookup(cached, vmId);
            if (d != null) {
                return Optional.ofNullable(apply(cached, d, use));
            }
            seenOn.remove(vmId);
        }
        for (HostConnection h : topology.allConnections()) {
            Domain d = lookup(h, vmId);
            if (d != null) {
                seenOn.put(vmId, h);
                return Optional.ofNullable(apply(h, d, use));
            }
        }
        return Optional.empty();
    }

    /** Whether any host has the domain. */
    boolean exists(UUID vmId) {
        return with(vmId, (h, d) -> Boolean.TRUE).isPresent();
    }

    /** The host a domain was placed on, told by whoever defined it there. */
    void placed(UUID vmId, HostConnection h) {
        seenOn.put(vmId, h);
    }

    /** UUIDs of every domain (running or defined) of a host. */
    List<UUID> all(HostConnection h) {
        Connect c = h.connect();
        List<UUID> out = new ArrayList<>();
        for (int id : Lv.call("list the running domains of " + h.uri, c::listDomains)) {
            Domain d = Lv.call("open a domain of " + h.uri, () -> c.domainLookupByID(id));
            try {
                out.add(UUID.fromString(Lv.call("read a domain of " + h.uri, d::getUUIDString)));
            } finally {
                Lv.free(d);
            }
        }
        for (String name : Lv.call("list the domains of " + h.uri, c::listDefinedDomains)) {
            Domain d = Lv.call("open the domain " + name, () -> c.domainLookupByName(name));
            try {
                out.add(UUID.fromString(Lv.call("read the domain " + name, d::getUUIDString)));
            } finally {
                Lv.free(d);
            }
        }
        return out;
    }

    private static Domain lookup(HostConnection h, UUID vmId) {
        try {
            return h.connect().domainLookupByUUID(vmId);
        } catch (LibvirtException e) {
            if (Lv.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return null;
            }
            throw Lv.translate("look up the VM " + vmId + " on " + h.uri, e);
        }
    }

    private static <T> T apply(HostConnection h, Domain d, BiFunction<HostConnection, Domain, T> use) {
        try {
            return use.apply(h, d);
        } finally {
            Lv.free(d);
        }
    }
}
