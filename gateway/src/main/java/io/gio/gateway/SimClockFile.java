package io.gio.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Keeps the simulated clock monotonic across restarts: its last reading is saved in the data
 * directory, and a restarted gateway's clock starts at the later of that and the wall clock.
 */
final class SimClockFile {
    private final Path file;

    SimClockFile(Path dataDir) {
        this.file = dataDir.resolve("sim-clock");
    }

    Instant startingPoint(Clock wall) {
        Instant now = wall.instant();
        try {
            Instant saved = Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
            return saved.isAfter(now) ? saved : now;
        } catch (IOException | DateTimeParseException e) {
            return now;
        }
    }

    void save(Instant instant) {
        try {
            Path tmp = file.resolveSibling("sim-clock.tmp");
            Files.writeString(tmp, instant.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The next save tries again; losing one reading only makes the clock resume a little earlier.
        }
    }
}
