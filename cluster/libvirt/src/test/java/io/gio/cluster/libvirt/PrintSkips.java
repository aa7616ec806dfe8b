package io.gio.cluster.libvirt;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints why a test was skipped, so a CI log says what the libvirt driver does not cover and why. */
public final class PrintSkips implements TestWatcher {

    private static final String UNNAMED = "Assumption failed: assumption is not true";

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String why = String.valueOf(cause.getMessage());
        if (why.equals(UNNAMED)) {
            why = "the test watches an operation while it runs, or moves the driver's clock; libvirt's operations"
                    + " end before they can be watched and its clock is the real one";
        }
        System.out.println("SKIPPED " + context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName()
                + ": " + why);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        System.out.println("SKIPPED " + context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName()
                + ": " + reason.orElse("disabled"));
    }
}
