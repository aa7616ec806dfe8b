package io.gio.spf.extension;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.Screenshot;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Console screenshots of VMs ({@code GIO.VMScreenshot}), taken from the fabric on each request. */
public final class Screenshots {

    private final Jdbi jdbi;
    private final ClusterDriver driver;

    public Screenshots(Jdbi jdbi, ClusterDriver driver) {
        this.jdbi = jdbi;
        this.driver = driver;
    }

    /** The VM's console now. NOT_FOUND for a VM this service does not have. */
    public Screenshot capture(UUID vmId, UUID stampId) {
        String os = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(os_name, '') FROM vmm_vm WHERE id = :id AND stamp_id = :stamp")
                        .bind("id", vmId).bind("stamp", stampId).mapTo(String.class).findOne())
                .orElseThrow(() -> SpfException.notFound(
                        "The virtual machine with ID " + vmId + " on stamp " + stampId + " was not found."));
        try {
            return driver.screenshots().orElseThrow(() -> new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED,
                    "The '" + driver.name() + "' fabric does not offer console screenshots.")).capture(vmId, os);
        } catch (ClusterException e) {
            throw SpfException.fromFabric(e);
        }
    }
}
