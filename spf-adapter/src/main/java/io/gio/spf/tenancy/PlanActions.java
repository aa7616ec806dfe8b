package io.gio.spf.tenancy;

import io.gio.spf.SpfException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The VM actions a WAP plan's {@code Actions} setting can allow, by WAP's names. */
public final class PlanActions {

    /** The actions WAP always puts in a VM Clouds plan. */
    public static final Set<String> BASIC = Set.copyOf(List.of("Author", "Create", "CreateFromVHDOrTemplate",
            "AllowLocalAdmin", "Start", "Stop", "PauseAndResume", "Shutdown", "Remove"));

    /** The optional ones: checkpoints (or restore only), save state, library store, console, VM networks. */
    public static final Set<String> OPTIONAL = Set.copyOf(List.of("Checkpoint", "CheckpointRestoreOnly", "Save",
            "Store", "RemoteConnect", "AuthorVMNetwork"));

    private PlanActions() {}

    /** The actions, validated and in WAP's spelling; a 400 naming an unknown one. */
    static Set<String> validate(Set<String> actions) {
        Set<String> out = new LinkedHashSet<>();
        for (String a : actions) {
            String known = known(a);
            if (known == null) {
                Set<String> all = new TreeSet<>(BASIC);
                all.addAll(OPTIONAL);
                throw SpfException.badRequest("Unknown plan action '" + a + "'; known actions are "
                        + String.join(", ", all) + ".");
            }
            out.add(known);
        }
        return out;
    }

    private static String known(String a) {
        for (Set<String> s : List.of(BASIC, OPTIONAL)) {
            for (String k : s) {
                if (k.equalsIgnoreCase(a == null ? "" : a.trim())) {
                    return k;
                }
            }
        }
        return null;
    }
}
