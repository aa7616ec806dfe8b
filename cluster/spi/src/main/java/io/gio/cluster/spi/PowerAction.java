package io.gio.cluster.spi;

/**
 * Power actions on a VM. Which states allow which action:
 * <ul>
 * <li>{@link #START}: STOPPED or SAVED, ends RUNNING;</li>
 * <li>{@link #TURN_OFF}: RUNNING, PAUSED or SAVED (discards the saved state), ends STOPPED;</li>
 * <li>{@link #SHUTDOWN}: RUNNING (the guest shuts itself down), ends STOPPED;</li>
 * <li>{@link #RESET}: RUNNING or PAUSED, ends RUNNING;</li>
 * <li>{@link #REBOOT}: RUNNING, ends RUNNING: the guest shuts itself down (as for
 * {@link #SHUTDOWN}), then the VM starts again; the VM shows RESETTING meanwhile. A guest that
 * does not shut down fails the operation, and the VM keeps running;</li>
 * <li>{@link #PAUSE}: RUNNING, ends PAUSED;</li>
 * <li>{@link #RESUME}: PAUSED, ends RUNNING;</li>
 * <li>{@link #SAVE}: RUNNING or PAUSED, ends SAVED.</li>
 * </ul>
 * Any action on a VM in a transitional state, or busy with another running operation (see
 * {@link FabricVm#runningOperation()}), is refused with INVALID_STATE.
 */
public enum PowerAction {
    START,
    TURN_OFF,
    SHUTDOWN,
    RESET,
    REBOOT,
    PAUSE,
    RESUME,
    SAVE
}
