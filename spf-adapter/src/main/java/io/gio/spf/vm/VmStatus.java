package io.gio.spf.vm;

import io.gio.cluster.spi.PowerState;

/** VMM's status names for the fabric's power states: the one place they are translated. */
public final class VmStatus {
    private VmStatus() {}

    /** The {@code Status} value VMM shows (and clients compare, e.g. {@code Running}, {@code PowerOff}). */
    public static String of(PowerState state) {
        return switch (state) {
            case CREATING -> "UnderCreation";
            case STOPPED -> "PowerOff";
            case STARTING -> "Starting";
            case RUNNING -> "Running";
            case STOPPING -> "Stopping";
            case PAUSING -> "Pausing";
            case PAUSED -> "Paused";
            case RESUMING -> "Resuming";
            case RESETTING -> "Resetting";
            case SAVING -> "Saving";
            case SAVED -> "Saved";
            case DELETING -> "Deleting";
            case RESTORING_CHECKPOINT -> "Restoring";
            case CREATION_FAILED -> "CreationFailed";
            case UNKNOWN -> "Missing";
        };
    }

    /** Hyper-V's own state name ({@code VirtualMachineState}). */
    public static String hyperV(PowerState state) {
        return switch (state) {
            case RUNNING, STOPPING, PAUSING, RESETTING, SAVING -> "Running";
            case PAUSED, RESUMING -> "Paused";
            case SAVED -> "Saved";
            case STARTING -> "Starting";
            case UNKNOWN -> "Unknown";
            default -> "PowerOff";
        };
    }
}
