package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaledClockTest {

    /** A base clock the test moves by hand. */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void runsSpeedTimesFasterFromItsStart() {
        Hand base = new Hand();
        Instant start = Instant.parse("2030-05-05T10:00:00Z");
        ScaledClock fast = new ScaledClock(base, start, 60);
        assertEquals(start, fast.instant());
        base.now = base.now.plusSeconds(2);
        assertEquals(start.plus(Duration.ofMinutes(2)), fast.instant());
        ScaledClock real = new ScaledClock(base, start, 1);
        base.now = base.now.plusMillis(1500);
        assertEquals(start.plusMillis(1500), real.instant());
    }

    @Test
    void inAnotherZoneItKeepsItsTime() {
        Hand base = new Hand();
        Instant start = Instant.parse("2030-05-05T10:00:00Z");
        ScaledClock fast = new ScaledClock(base, start, 60);
        Clock paris = fast.withZone(java.time.ZoneId.of("Europe/Paris"));
        assertEquals(ZoneOffset.UTC, fast.getZone());
        assertEquals(java.time.ZoneId.of("Europe/Paris"), paris.getZone());
        base.now = base.now.plusSeconds(1);
        assertEquals(fast.instant(), paris.instant(), "the same simulated instant");
        assertEquals(start.plus(Duration.ofMinutes(1)), paris.instant());
    }

    @Test
    void simulatedTimeNeverRunsBackwardsAcrossRestarts(@TempDir Path dir) throws Exception {
        Hand wall = new Hand();
        SimClockFile file = new SimClockFile(dir);
        assertEquals(wall.now, file.startingPoint(wall), "no saved reading: the wall clock");
        Instant ahead = wall.now.plus(Duration.ofHours(3));
        file.save(ahead);
        assertEquals(ahead, file.startingPoint(wall), "a saved reading ahead of the wall clock wins");
        wall.now = wall.now.plus(Duration.ofDays(1));
        assertEquals(wall.now, file.startingPoint(wall), "the wall clock wins once it is ahead");
        Files.writeString(dir.resolve("sim-clock"), "garbage");
        assertEquals(wall.now, file.startingPoint(wall));
    }

    @Test
    void configurationIsValidatedBeforeTheServerBinds() {
        GatewayConfig d = GatewayConfig.defaults();
        assertEquals(8090, d.port());
        assertEquals(Path.of("data"), d.dataDir());
        assertThrows(IllegalArgumentException.class, () -> d.withSim(0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withSim(Double.NaN, true, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withSim(1, true, -5));
        assertThrows(IllegalArgumentException.class, () -> d.withPort(70_000));
        assertThrows(IllegalArgumentException.class,
                () -> d.withPasswords(java.util.Optional.of("short"), java.util.Optional.empty()));
    }
}
