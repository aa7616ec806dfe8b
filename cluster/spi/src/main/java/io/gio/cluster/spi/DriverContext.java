package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/**
 * What the gateway gives a driver: its clock (a virtual one in tests and in the simulated
 * fabric), a scheduler for periodic work, the gateway's store (drivers that keep state, such
 * as the simulated fabric, keep it there under their own table prefix), and the driver's
 * settings ({@code gio.cluster.<name>.*} with the prefix removed).
 */
public record DriverContext(
        Clock clock,
        ScheduledExecutorService scheduler,
        DataSource dataSource,
        Map<String, String> settings) {

    public DriverContext {
        requireNonNull(clock, "clock is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(dataSource, "dataSource is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
