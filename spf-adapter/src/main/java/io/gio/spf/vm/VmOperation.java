package io.gio.spf.vm;

import io.gio.cluster.spi.PowerAction;
import io.gio.spf.SpfException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The values of {@code VirtualMachine.Operation} that change power state, as SPF names them,
 * with the VMM job name and cmdlet each one runs as.
 */
public enum VmOperation {
    START("Start", PowerAction.START, "Start virtual machine", "Start-SCVirtualMachine"),
    STOP("Stop", PowerAction.TURN_OFF, "Stop virtual machine", "Stop-SCVirtualMachine"),
    SHUTDOWN("Shutdown", PowerAction.SHUTDOWN, "Shut down virtual machine", "Stop-SCVirtualMachine -Shutdown"),
    RESET("Reset", PowerAction.RESET, "Reset virtual machine", "Reset-SCVirtualMachine"),
    /** A GIO addition (SPF has no guest restart): the guest shuts down, then the VM starts again. */
    REBOOT("Reboot", PowerAction.REBOOT, "Restart virtual machine", "Restart-VM"),
    SUSPEND("Suspend", PowerAction.PAUSE, "Pause virtual machine", "Suspend-SCVirtualMachine"),
    RESUME("Resume", PowerAction.RESUME, "Resume virtual machine", "Resume-SCVirtualMachine"),
    SAVE("Save", PowerAction.SAVE, "Save state of virtual machine", "SaveState-SCVirtualMachine");

    private final String wireName;
    private final PowerAction action;
    private final String jobName;
    private final String cmdlet;

    VmOperation(String wireName, PowerAction action, String jobName, String cmdlet) {
        this.wireName = wireName;
        this.action = action;
        this.jobName = jobName;
        this.cmdlet = cmdlet;
    }

    public String wireName() {
        return wireName;
    }

    public PowerAction action() {
        return action;
    }

    public String jobName() {
        return jobName;
    }

    public String cmdlet() {
        return cmdlet;
    }

    /** Parses an {@code Operation} value, ignoring case; BAD_REQUEST naming the valid values otherwise. */
    public static VmOperation parse(String value) {
        for (VmOperation op : values()) {
            if (op.wireName.equalsIgnoreCase(value.trim())) {
                return op;
            }
        }
        throw SpfException.badRequest("The Operation value '" + value + "' is not valid. Valid values: "
                + Arrays.stream(values()).map(VmOperation::wireName).collect(Collectors.joining(", ")) + ".");
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
