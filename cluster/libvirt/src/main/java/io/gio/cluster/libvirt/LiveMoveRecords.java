package io.gio.cluster.libvirt;

import static io.gio.cluster.spi.ClusterErrorCode.FABRIC_FAILURE;

import io.gio.cluster.spi.ClusterException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a live migration keeps in the moved domain's own metadata so that it outlives the gateway:
 * the transfer that brought the domain ({@link VmMeta#arriving}) and the switch-over's times, and
 * the {@link LiveMove} read back from them after a restart, switched over and waiting for its
 * import.
 */
final class LiveMoveRecords {

    private static final Logger LOG = LoggerFactory.getLogger(LiveMoveRecords.class);
    private static final long MIB = 1L << 20;

    private final Fabric fabric;

    LiveMoveRecords(Fabric fabric) {
        this.fabric = fabric;
    }

    /** Writes the switch-over's times into the moved domain, for an import after a restart. */
    void remember(LiveMove m, Instant switchStarted, Instant switchEnded) {
        try {
            Domain d = m.target.connect().domainLookupByUUID(m.domainUuid);
            try {
                DomainDoc doc = VmViews.doc(d);
                VmMeta meta = doc.meta();
                if (meta.arriving.isPresent()) {
                    meta.switchStarted = Optional.of(switchStarted);
                    meta.switchEnded = Optional.of(switchEnded);
                    doc.setMeta(meta);
                    Lv.free(m.target.connect().domainDefineXML(doc.xml()));
                }
            } finally {
                Lv.free(d);
            }
        } catch (LibvirtException | ClusterException e) {
            LOG.info("Cannot record the switch-over of transfer {} in its domain: {}", m.id, e.getMessage());
        }
    }

    /** The move {@code id}, switched over, from the domain it brought to its target host. */
    LiveMove recover(UUID id, Domains.Arrival a) {
        Domain d = Lv.call("find the moved domain " + a.domainUuid(), () -> a.host().connect().domainLookupByUUID(a.domainUuid()));
        try {
            DomainDoc doc = VmViews.doc(d);
            VmMeta meta = doc.meta();
            UUID vmId = meta.id.orElse(a.domainUuid());
            HostConnection source = fabric.vm(vmId).map(fabric::host).orElse(a.host());
            List<LiveMove.Piece> pieces = doc.disks().stream().filter(disk -> disk.path().isPresent())
                    .map(disk -> new LiveMove.Piece(disk.target(), disk.path().get())).toList();
            UUID volumeId = fabric.topology.pools(a.host().stampId).stream()
                    .filter(p -> p.host() == a.host() && pieces.stream()
                            .anyMatch(piece -> piece.targetPath().startsWith(p.volume().path() + "/")))
                    .map(p -> p.volume().id()).findFirst().orElseThrow(() -> new ClusterException(FABRIC_FAILURE,
                            "The domain moved by transfer " + id + " has no disk in a pool of its host."));
            Instant now = fabric.clock.instant();
            Instant ended = meta.switchEnded.orElse(now);
            Instant switchStarted = meta.switchStarted.orElse(ended);
            LiveMove m = new LiveMove(id, vmId, doc.vcpus(), doc.memoryMb(), a.domainUuid(), volumeId, source, a.host(),
                    pieces, switchStarted, 0, MIB);
            m.switchedOver(switchStarted, ended);
            LOG.info("Transfer {} (live migration of VM {}) found switched over on {}", id, vmId, a.host().uri);
            return m;
        } finally {
            Lv.free(d);
        }
    }
}
