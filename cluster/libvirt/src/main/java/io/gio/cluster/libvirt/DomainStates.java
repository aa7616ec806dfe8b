package io.gio.cluster.libvirt;

import io.gio.cluster.spi.PowerState;
import java.util.Locale;
import java.util.Optional;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.LibvirtException;

/**
 * The one place libvirt's native states become SPI power states; anything not listed is
 * {@link PowerState#UNKNOWN}.
 *
 * <ul>
 * <li>running and blocked (running, waiting for I/O): RUNNING;</li>
 * <li>paused: PAUSED;</li>
 * <li>shutdown (the guest is shutting down): STOPPING;</li>
 * <li>shut off: SAVED when libvirt holds a managed save image of it, else STOPPED;</li>
 * <li>crashed (kept for inspection by {@code on_crash=preserve}), pmsuspended (the guest
 * suspended itself to RAM, which Hyper-V has no state for) and no state: UNKNOWN.</li>
 * </ul>
 * While an operation runs, its transitional state ({@link OpKind#during()}) is shown instead.
 */
final class DomainStates {

    private DomainStates() {
    }

    static PowerState of(DomainState state, boolean managedSaveImage) {
        if (state == null) {
            return PowerState.UNKNOWN;
        }
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED -> PowerState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> PowerState.STOPPING;
            case VIR_DOMAIN_SHUTOFF -> managedSaveImage ? PowerState.SAVED : PowerState.STOPPED;
            case VIR_DOMAIN_CRASHED, VIR_DOMAIN_NOSTATE -> PowerState.UNKNOWN;
        };
    }

    /** A domain's state now. libvirt-java 0.5.2 cannot read pmsuspended (it throws): UNKNOWN. */
    static PowerState read(Domain d) throws LibvirtException {
        DomainState state;
        try {
            state = d.getInfo().state;
        } catch (RuntimeException e) {
            return PowerState.UNKNOWN;
        }
        boolean saved = state == DomainState.VIR_DOMAIN_SHUTOFF && d.hasManagedSaveImage() == 1;
        return of(state, saved);
    }

    /** The state a snapshot captured ({@code <state>} of its XML). */
    static PowerState ofSnapshot(String state) {
        return switch (state.trim().toLowerCase(Locale.ROOT)) {
            // a disk-only snapshot of an active domain (ExternalCheckpoints): reverting starts the VM again
            case "running", "blocked", "disk-snapshot" -> PowerState.RUNNING;
            case "paused" -> PowerState.PAUSED;
            case "shutoff", "shutdown" -> PowerState.STOPPED;
            default -> PowerState.UNKNOWN;
        };
    }

    /** What the API shows: the running operation's transitional state, or the native one. */
    static PowerState shown(PowerState nativeState, Optional<OpKind> running) {
        return running.flatMap(OpKind::during).orElse(nativeState);
    }
}
