package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
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

/**
 * Finds domains by the API's VM ID on the fabric's hosts, remembering where each was last seen.
 *
 * <p>A VM's ID is its domain's UUID, except for a domain a live migration moved: libvirt keeps
 * the UUID, so the same UUID names the stopped source on one host and the moved domain on
 * another, and the moved one carries the ID the API gave it in its metadata ({@link VmMeta#id});
 * until its import names it, it carries {@link VmMeta#arriving} and is no VM at all. Each domain's
 * identity is read once from its configuration and kept; the driver tells this class when it
 * changes one.
 */
final class Domains {

    /**
     * Who a domain of a host is to the API: a VM's ID; or, while {@code arriving}, nobody yet, and
     * {@code id} is the transfer that brings it; or, for the helper domain of a conversion
     * ({@code helper}), nobody, and {@code id} is the transfer whose disk it converts.
     */
    record Identity(UUID id, boolean arriving, boolean helper) {
        static Identity vm(UUID id) {
            return new Identity(id, false, false);
        }

        static Identity arriving(UUID transferId) {
            return new Identity(transferId, true, false);
        }

        boolean isVm() {
            return !arriving && !helper;
        }
    }

    /** A domain a live migration brought to a host, not imported yet. */
    record Arrival(HostConnection host, UUID domainUuid) {}

    private record Location(HostConnection host, UUID domainUuid) {}

    private final Topology topology;
    private final Map<UUID, Location> seenOn = new ConcurrentHashMap<>();
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private volatile boolean scanned;

    Domains(Topology topology) {
        this.topology = topology;
    }

    /** Applies {@code use} to the domain, freed afterwards; empty when no host has it. */
    <T> Optional<T> with(UUID vmId, BiFunction<HostConnection, Domain, T> use) {
        Location cached = seenOn.get(vmId);
        if (cached != null) {
            Domain d = lookup(cached.host, cached.domainUuid);
            if (d != null && is(cached.host, cached.domainUuid, d, vmId)) {
                return Optional.ofNullable(apply(cached.host, d, use));
            }
            Lv.free(d);
            seenOn.remove(vmId);
        }
        Optional<Location> found = find(vmId);
        if (found.isEmpty() && !scanned) {
            scan();
            found = find(vmId);
        }
        return found.flatMap(at -> {
            Domain d = lookup(at.host, at.domainUuid);
            if (d == null) {
                return Optional.empty();
            }
            seenOn.put(vmId, at);
            return Optional.ofNullable(apply(at.host, d, use));
        });
    }

    /** Whether any host has the domain. */
    boolean exists(UUID vmId) {
        return with(vmId, (h, d) -> Boolean.TRUE).isPresent();
    }

    /** The host a domain was placed on, told by whoever defined it there (its UUID is the VM's ID). */
    void placed(UUID vmId, HostConnection h) {
        seenOn.put(vmId, new Location(h, vmId));
    }

    /** The UUID libvirt knows a VM's domain by (its ID, unless a live migration moved it). */
    UUID domainUuid(UUID vmId) {
        return with(vmId, (h, d) -> uuid(h, d)).orElse(vmId);
    }

    /** Tells who a domain of a host is from now on (a live migration moving it, its import naming it). */
    void identify(HostConnection h, UUID domainUuid, Identity identity) {
        identities.put(key(h, domainUuid), identity);
        seenOn.values().removeIf(l -> l.host == h && l.domainUuid.equals(domainUuid));
        if (identity.isVm()) {
            seenOn.put(identity.id(), new Location(h, domainUuid));
        }
    }

    /** The domain the live migration {@code transferId} brought, if one waits for its import. */
    Optional<Arrival> arrival(UUID transferId) {
        for (int pass = 0; pass < 2; pass++) {
            for (Map.Entry<String, Identity> e : identities.entrySet()) {
                if (e.getValue().arriving() && e.getValue().id().equals(transferId)) {
                    Optional<Location> at = location(e.getKey());
                    if (at.isPresent()) {
                        return Optional.of(new Arrival(at.get().host, at.get().domainUuid));
                    }
                }
            }
            if (scanned) {
                break;
            }
            scan();
        }
        return Optional.empty();
    }

    /** Forgets a domain that is gone from a host. */
    void forget(HostConnection h, UUID domainUuid) {
        identities.remove(key(h, domainUuid));
        seenOn.values().removeIf(l -> l.host == h && l.domainUuid.equals(domainUuid));
    }

    /** The IDs of every VM (running or defined) of a host; domains still arriving and conversion helpers are left out. */
    List<UUID> all(HostConnection h) {
        Connect c = h.connect();
        List<UUID> out = new ArrayList<>();
        for (int id : Lv.call("list the running domains of " + h.uri, c::listDomains)) {
            listedUnlessGone(h, () -> c.domainLookupByID(id), out);
        }
        for (String name : Lv.call("list the domains of " + h.uri, c::listDefinedDomains)) {
            listedUnlessGone(h, () -> c.domainLookupByName(name), out);
        }
        return out;
    }

    /** Lists a domain, unless it went away since the host listed it (a conversion's helper, say). */
    private void listedUnlessGone(HostConnection h, Lv.Call<Domain> lookup, List<UUID> out) {
        try {
            Domain d = Lv.call("open a domain of " + h.uri, lookup);
            try {
                listed(h, d, out);
            } finally {
                Lv.free(d);
            }
        } catch (ClusterException e) {
            if (e.code() != ClusterErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }

    private void listed(HostConnection h, Domain d, List<UUID> out) {
        UUID uuid = uuid(h, d);
        Identity identity = identity(h, uuid, d);
        if (identity.isVm()) {
            seenOn.put(identity.id(), new Location(h, uuid));
            out.add(identity.id());
        }
    }

    /** Where the VM is: a domain named by its metadata, else a domain of that UUID that is not someone else. */
    private Optional<Location> find(UUID vmId) {
        for (Map.Entry<String, Identity> e : identities.entrySet()) {
            if (e.getValue().id().equals(vmId) && e.getValue().isVm()) {
                Optional<Location> at = location(e.getKey());
                if (at.isPresent()) {
                    return at;
                }
            }
        }
        for (HostConnection h : topology.allConnections()) {
            Domain d = lookup(h, vmId);
            if (d != null) {
                try {
                    if (is(h, vmId, d, vmId)) {
                        return Optional.of(new Location(h, vmId));
                    }
                } finally {
                    Lv.free(d);
                }
            }
        }
        return Optional.empty();
    }

    /** Reads the identity of every domain once, so that moved VMs are found by their IDs after a restart. */
    private void scan() {
        for (HostConnection h : topology.allConnections()) {
            try {
                all(h);
            } catch (RuntimeException e) {
                return; // a host out of reach: scanned again on the next miss
            }
        }
        scanned = true;
    }

    private boolean is(HostConnection h, UUID domainUuid, Domain d, UUID vmId) {
        Identity identity = identity(h, domainUuid, d);
        return identity.isVm() && identity.id().equals(vmId);
    }

    /** A domain's identity, read once; a conversion's helper, short-lived, is read each time instead of kept. */
    private Identity identity(HostConnection h, UUID domainUuid, Domain d) {
        Identity known = identities.get(key(h, domainUuid));
        if (known != null) {
            return known;
        }
        VmMeta meta = VmViews.doc(d).meta();
        if (meta.converting.isPresent()) {
            return new Identity(meta.converting.get(), false, true);
        }
        Identity read = meta.arriving.isPresent() ? Identity.arriving(meta.arriving.get())
                : Identity.vm(meta.id.orElse(domainUuid));
        Identity raced = identities.putIfAbsent(key(h, domainUuid), read);
        return raced != null ? raced : read;
    }

    private Optional<Location> location(String key) {
        int slash = key.indexOf('/');
        UUID hostId = UUID.fromString(key.substring(0, slash));
        UUID domainUuid = UUID.fromString(key.substring(slash + 1));
        return topology.allConnections().stream().filter(h -> h.hostId.equals(hostId)).findFirst()
                .map(h -> new Location(h, domainUuid));
    }

    private static String key(HostConnection h, UUID domainUuid) {
        return h.hostId + "/" + domainUuid;
    }

    private static UUID uuid(HostConnection h, Domain d) {
        return UUID.fromString(Lv.call("read a domain of " + h.uri, d::getUUIDString));
    }

    private static Domain lookup(HostConnection h, UUID domainUuid) {
        try {
            return h.connect().domainLookupByUUID(domainUuid);
        } catch (LibvirtException e) {
            if (Lv.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return null;
            }
            throw Lv.translate("look up the VM " + domainUuid + " on " + h.uri, e);
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
