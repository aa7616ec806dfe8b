package io.gio.cluster.libvirt;

import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import java.time.Duration;
import java.util.Optional;

/**
 * The kinds of operation the driver runs, with how long each usually takes (for progress and
 * the estimated end only; libvirt reports no progress for them) and the transitional power state
 * the VM shows while one runs (empty: the VM keeps its state, as the SPI documents for
 * reconfiguration, adapter changes and checkpoint create and delete).
 */
enum OpKind {
    CREATE(60, PowerState.CREATING),
    IMPORT(60, PowerState.CREATING),
    START(30, PowerState.STARTING),
    TURN_OFF(3, PowerState.STOPPING),
    SHUTDOWN(45, PowerState.STOPPING),
    RESET(20, PowerState.RESETTING),
    REBOOT(75, PowerState.RESETTING),
    PAUSE(2, PowerState.PAUSING),
    RESUME(2, PowerState.RESUMING),
    SAVE(10, PowerState.SAVING),
    DELETE(10, PowerState.DELETING),
    RECONFIGURE(5, null),
    EXPAND_DISK(5, null),
    ADD_NIC(5, null),
    CONNECT_NIC(5, null),
    REMOVE_NIC(5, null),
    CHECKPOINT_CREATE(10, null),
    CHECKPOINT_RESTORE(20, PowerState.RESTORING_CHECKPOINT),
    CHECKPOINT_DELETE(10, null);

    private final Duration expected;
    private final PowerState during;

    OpKind(int seconds, PowerState during) {
        this.expected = Duration.ofSeconds(seconds);
        this.during = during;
    }

    Duration expected() {
        return expected;
    }

    Optional<PowerState> during() {
        return Optional.ofNullable(during);
    }

    static OpKind of(PowerAction action) {
        return switch (action) {
            case START -> START;
            case TURN_OFF -> TURN_OFF;
            case SHUTDOWN -> SHUTDOWN;
            case RESET -> RESET;
            case REBOOT -> REBOOT;
            case PAUSE -> PAUSE;
            case RESUME -> RESUME;
            case SAVE -> SAVE;
        };
    }
}
