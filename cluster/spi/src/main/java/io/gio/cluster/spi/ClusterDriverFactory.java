package io.gio.cluster.spi;

/**
 * Entry point of a cluster driver, found with {@link java.util.ServiceLoader}.
 *
 * <p>The gateway lists every factory on the class path at start-up, fails on a duplicate
 * {@link #name()}, and creates the one named by configuration ({@code gio.cluster.driver}).
 */
public interface ClusterDriverFactory {

    /** Unique, lower-case name used in configuration, e.g. {@code sim} or {@code libvirt}. */
    String name();

    /**
     * Creates a driver. May open connections and create the driver's own tables; must not
     * start long work. Throws {@link ClusterException} with {@link ClusterErrorCode#INVALID_ARGUMENT}
     * for a bad setting, naming it.
     */
    ClusterDriver create(DriverContext context);
}
