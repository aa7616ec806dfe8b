package io.gio.cluster.libvirt;

import static io.gio.cluster.spi.PowerState.PAUSED;
import static io.gio.cluster.spi.PowerState.RUNNING;
import static io.gio.cluster.spi.PowerState.SAVED;
import static io.gio.cluster.spi.PowerState.STOPPED;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * Power actions as libvirt calls: start ({@code virDomainCreate}, which also restores a managed
 * save), turn off ({@code virDomainDestroy}, or dropping the managed save of a saved VM), guest
 * shutdown (ACPI, then waiting until the domain is off), reset (a hard reset; a paused VM is
 * resumed after it), reboot (the guest shut down as for shutdown, then the domain started again:
 * a restart the guest takes part in, which needs no event loop to see end), pause and resume
 * ({@code suspend}/{@code resume}) and save (managed save).
 */
final class PowerActions {

    private static final Map<PowerAction, Set<PowerState>> ALLOWED_FROM = Map.of(
            PowerAction.START, EnumSet.of(STOPPED, SAVED),
            PowerAction.TURN_OFF, EnumSet.of(RUNNING, PAUSED, SAVED),
            PowerAction.SHUTDOWN, EnumSet.of(RUNNING),
            PowerAction.RESET, EnumSet.of(RUNNING, PAUSED),
            PowerAction.REBOOT, EnumSet.of(RUNNING),
            PowerAction.PAUSE, EnumSet.of(RUNNING),
            PowerAction.RESUME, EnumSet.of(PAUSED),
            PowerAction.SAVE, EnumSet.of(RUNNING, PAUSED));
    private static final Duration POLL = Duration.ofMillis(250);

    private final Fabric fabric;

    PowerActions(Fabric fabric) {
        this.fabric = fabric;
    }

    FabricOperation power(UUID vmId, PowerAction action) {
        FabricVm vm = fabric.requireVm(vmId);
        Fabric.requireIdle(vm, ALLOWED_FROM.get(action), action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (action == PowerAction.SAVE) {
            QemuLimits.requireSavable(fabric, vm);
        }
        if (action == PowerAction.REBOOT && fabric.withDomain(vmId, (h, d) -> Lv.call("read the VM " + vm.name(),
                d::isPersistent)) != 1) {
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "VM " + vm.name() + " is a transient domain, "
                    + "which ends when its guest shuts down, so it is not rebooted that way; Reset restarts it.");
        }
        return fabric.operations.start(vmId, OpKind.of(action), null,
                () -> fabric.withDomain(vmId, (h, d) -> {
                    act(vm, d, action);
                    return null;
                }));
    }

    private void act(FabricVm vm, Domain d, PowerAction action) {
        String name = vm.name();
        switch (action) {
            case START -> {
                Lv.call("start the VM " + name, d::create);
                if (VmViews.nativeState(d) == PAUSED) {
                    Lv.run("resume the VM " + name, d::resume);
                }
            }
            case TURN_OFF -> {
                if (Lv.call("read the VM " + name, d::isActive) == 1) {
                    Lv.run("turn off the VM " + name, d::destroy);
                }
                if (Lv.call("read the VM " + name, d::hasManagedSaveImage) == 1) {
                    Lv.call("discard the saved state of the VM " + name, d::managedSaveRemove);
                }
            }
            case SHUTDOWN -> shutdown(name, d);
            case REBOOT -> {
                shutdown(name, d);
                Lv.call("start the VM " + name + " again", d::create);
            }
            case RESET -> {
                reset(name, d);
                if (VmViews.nativeState(d) == PAUSED) {
                    Lv.run("resume the VM " + name, d::resume);
                }
            }
            case PAUSE -> Lv.run("pause the VM " + name, d::suspend);
            case RESUME -> Lv.run("resume the VM " + name, d::resume);
            case SAVE -> Lv.call("save the VM " + name, d::managedSave);
        }
    }

    /** ACPI shutdown, then waits for the guest to power off, up to the configured timeout. */
    private void shutdown(String name, Domain d) {
        Lv.run("shut down the VM " + name, d::shutdown);
        Instant deadline = fabric.clock.instant().plus(fabric.settings.shutdownTimeout());
        while (Lv.call("read the VM " + name, d::isActive) == 1) {
            if (fabric.clock.instant().isAfter(deadline)) {
                throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The guest of " + name + " did not shut down"
                        + " within " + fabric.settings.shutdownTimeout().toSeconds() + " s; it is still running"
                        + " (turn it off with Stop).");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The gateway stopped while " + name
                        + " was shutting down.");
            }
        }
    }

    /** A hard reset; a driver without {@code virDomainReset} reboots instead. */
    private static void reset(String name, Domain d) {
        try {
            d.reset();
        } catch (LibvirtException e) {
            if (!Lv.is(e, ErrorNumber.VIR_ERR_NO_SUPPORT)) {
                throw Lv.translate("reset the VM " + name, e);
            }
            Lv.run("reboot the VM " + name, () -> d.reboot(0));
        }
    }
}
