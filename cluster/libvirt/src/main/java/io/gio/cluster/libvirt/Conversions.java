package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a disk file into a new VHDX file on a host, with QEMU, through libvirt's API alone.
 * libvirt's storage pools cannot write VHDX (their image tool call names it {@code vhd}, which
 * {@code qemu-img} does not know), but a block copy can: a transient helper domain, started
 * paused so that no guest ever runs in it, holds the source file as its disk, and a block copy
 * of that disk into a file of format {@code vhd} makes libvirt create the VHDX (QEMU's
 * {@code blockdev-create}) and QEMU fill it with the source's content. Once the copy has caught
 * up it is ended without a pivot, which leaves a consistent copy (the paused domain writes
 * nothing), and the helper is destroyed. The helper carries {@link VmMeta#converting} and is never
 * listed as a VM; one a restart of the gateway left behind is destroyed ({@link #destroyLeftovers}).
 *
 * <p>QEMU 7.2's VHDX driver cannot write zeros sparsely, so the VHDX is allocated in full.
 */
final class Conversions {

    private static final Logger LOG = LoggerFactory.getLogger(Conversions.class);
    private static final int START_PAUSED = 1;
    private static final String DISK = "vda";

    /** A conversion under way: its helper domain on a host, and the file being written. */
    record Conversion(HostConnection host, UUID helper, String targetPath) {}

    /** How far a conversion got: bytes of the source read (of {@code end}), and whether it caught up. */
    record Progress(long done, long end, boolean ready) {}

    private Conversions() {
    }

    /**
     * Starts converting {@code sourcePath} (libvirt format {@code sourceType}) into a new VHDX at
     * {@code targetPath}; a file already there is replaced.
     */
    static Conversion start(HostConnection h, UUID transferId, String sourcePath, String sourceType,
            String targetPath, String poolName) {
        Volumes.removeFile(h, poolName, targetPath);
        UUID helper = UUID.randomUUID();
        VmMeta meta = new VmMeta();
        meta.converting = Optional.of(transferId);
        DomainDoc doc = DomainDoc.parse("<domain type='" + Xml.escape(h.facts().domainType()) + "'>"
                + "<name>gio-convert-" + helper.toString().substring(0, 8) + "</name><uuid>" + helper + "</uuid>"
                + "<memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                + "<os><type arch='" + Xml.escape(h.facts().arch()) + "'>hvm</type></os>"
                + "<on_poweroff>destroy</on_poweroff><on_crash>destroy</on_crash><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='" + Xml.escape(sourceType) + "'/>"
                + "<source file='" + Xml.escape(sourcePath) + "'/><target dev='" + DISK + "' bus='virtio'/></disk>"
                + "</devices></domain>");
        doc.setMeta(meta);
        Domain d = Lv.call("start a paused QEMU to convert " + sourcePath,
                () -> h.connect().domainCreateXML(doc.xml(), START_PAUSED));
        Lv.free(d);
        Conversion c = new Conversion(h, helper, targetPath);
        try {
            NativeCopies.blockCopy(h.connect(), helper, DISK, targetPath, DiskFormats.VHDX, 0, false);
        } catch (ClusterException e) {
            destroy(h, helper);
            throw new ClusterException(e.code(), "QEMU cannot convert " + sourcePath + " to VHDX: " + e.getMessage());
        }
        return c;
    }

    /** The conversion's progress; FABRIC_FAILURE when its copy ended before it caught up. */
    static Progress progress(Conversion c) {
        NativeCopies.BlockJob job = NativeCopies.blockJob(c.host().connect(), c.helper(), DISK)
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                        "The conversion into " + c.targetPath() + " ended before it was done."));
        return new Progress(job.cur(), job.end(), job.ready());
    }

    /** Ends a conversion that caught up: the VHDX keeps the source's content; the helper goes. */
    static void finish(Conversion c) {
        try {
            NativeCopies.blockJobAbort(c.host().connect(), c.helper(), DISK, false);
        } finally {
            destroy(c.host(), c.helper());
        }
    }

    /** Stops a conversion and removes what it wrote. */
    static void cancel(Conversion c, String poolName) {
        destroy(c.host(), c.helper());
        Volumes.removeFile(c.host(), poolName, c.targetPath());
    }

    /**
     * Destroys the helper domains a stopped gateway left running on a host: those of conversions
     * that are not {@code ours} (by transfer ID).
     */
    static void destroyLeftovers(HostConnection h, java.util.function.Predicate<UUID> ours) {
        Connect c = h.connect();
        for (int id : Lv.call("list the running domains of " + h.uri, c::listDomains)) {
            try {
                Domain d = c.domainLookupByID(id);
                try {
                    Optional<UUID> transfer = VmViews.doc(d).meta().converting;
                    if (transfer.isPresent() && !ours.test(transfer.get())) {
                        LOG.info("Destroying {} on {}: a conversion a restart interrupted", d.getName(), h.uri);
                        d.destroy();
                    }
                } finally {
                    Lv.free(d);
                }
            } catch (LibvirtException | ClusterException e) {
                LOG.debug("Domain {} of {} went away while listed: {}", id, h.uri, e.getMessage());
            }
        }
    }

    private static void destroy(HostConnection h, UUID helper) {
        try {
            Domain d = h.connect().domainLookupByUUID(helper);
            try {
                d.destroy();
            } finally {
                Lv.free(d);
            }
        } catch (LibvirtException e) {
            if (!Lv.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                LOG.warn("Cannot destroy the conversion domain {} on {}: {}", helper, h.uri, e.getMessage());
            }
        }
    }
}
