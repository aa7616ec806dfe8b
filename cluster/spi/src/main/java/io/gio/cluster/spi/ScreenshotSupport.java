package io.gio.cluster.spi;

import java.util.UUID;

/**
 * Console screenshots of VMs: an optional capability, offered through
 * {@link ClusterDriver#screenshots()}. Safe from any thread; a capture returns at once (it reads
 * the console's current frame, it does not wait for the guest).
 */
public interface ScreenshotSupport {

    /**
     * The VM's console as it is now, in every power state: a VM that is off or saved shows what
     * the hypervisor's console shows then (a message on a dark screen), not an error.
     *
     * @param guestOs the guest operating system the management layer recorded for the VM (e.g.
     *     "Windows Server 2012 R2 Datacenter"). A driver of real hosts reads the console and
     *     ignores it; a simulated fabric, which has no guest, draws that system's console.
     * @throws ClusterException NOT_FOUND for an unknown VM
     */
    Screenshot capture(UUID vmId, String guestOs);
}
