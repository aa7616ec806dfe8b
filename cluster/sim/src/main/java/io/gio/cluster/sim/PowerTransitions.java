package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.PowerState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The VM lifecycle as a table: which stable states allow an action, the transitional state the
 * VM shows while it runs, and the state it ends in. Mirrors the {@link PowerAction} Javadoc.
 */
final class PowerTransitions {

    /** One row of the table; {@code to} is empty for DELETE, which leaves no VM behind. */
    record Transition(String kind, Set<PowerState> from, PowerState via, Optional<PowerState> to) {
        Transition {
            requireNonNull(kind, "kind is null");
            from = Set.copyOf(from);
            requireNonNull(via, "via is null");
            requireNonNull(to, "to is null");
        }

        boolean allows(PowerState state) {
            return from.contains(state);
        }

        String refusal(String vmName, PowerState state) {
            if (state.isTransitional()) {
                return "VM '" + vmName + "' is " + state + "; wait until its running operation ends";
            }
            String needed = from.stream().sorted().map(Enum::name).collect(Collectors.joining(" or "));
            return "VM '" + vmName + "' is " + state + "; " + kind + " needs " + needed;
        }
    }

    static final String CREATE = "CREATE";
    static final Transition DELETE = new Transition("DELETE",
            EnumSet.of(PowerState.STOPPED, PowerState.CREATION_FAILED), PowerState.DELETING, Optional.empty());

    private final Map<PowerAction, Transition> table = new EnumMap<>(PowerAction.class);

    PowerTransitions() {
        add(PowerAction.START, EnumSet.of(PowerState.STOPPED, PowerState.SAVED), PowerState.STARTING, PowerState.RUNNING);
        add(PowerAction.TURN_OFF, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED, PowerState.SAVED),
                PowerState.STOPPING, PowerState.STOPPED);
        add(PowerAction.SHUTDOWN, EnumSet.of(PowerState.RUNNING), PowerState.STOPPING, PowerState.STOPPED);
        add(PowerAction.RESET, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED), PowerState.RESETTING, PowerState.RUNNING);
        add(PowerAction.REBOOT, EnumSet.of(PowerState.RUNNING), PowerState.RESETTING, PowerState.RUNNING);
        add(PowerAction.PAUSE, EnumSet.of(PowerState.RUNNING), PowerState.PAUSING, PowerState.PAUSED);
        add(PowerAction.RESUME, EnumSet.of(PowerState.PAUSED), PowerState.RESUMING, PowerState.RUNNING);
        add(PowerAction.SAVE, EnumSet.of(PowerState.RUNNING, PowerState.PAUSED), PowerState.SAVING, PowerState.SAVED);
    }

    Transition of(PowerAction action) {
        return table.get(action);
    }

    private void add(PowerAction action, Set<PowerState> from, PowerState via, PowerState to) {
        table.put(action, new Transition(action.name(), from, via, Optional.of(to)));
    }
}
