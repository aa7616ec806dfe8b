package io.gio.gateway;

import io.gio.cluster.spi.ClusterDriverFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds cluster driver factories on the class path; fails on a duplicate or unknown name. */
final class Drivers {
    private Drivers() {}

    static ClusterDriverFactory find(String name) {
        Map<String, ClusterDriverFactory> byName = new TreeMap<>();
        for (ClusterDriverFactory f : ServiceLoader.load(ClusterDriverFactory.class)) {
            ClusterDriverFactory previous = byName.put(f.name(), f);
            if (previous != null) {
                throw new IllegalStateException("Two cluster drivers are named '" + f.name() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        ClusterDriverFactory f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("No cluster driver named '" + name + "'; available: " + byName.keySet());
        }
        return f;
    }
}
