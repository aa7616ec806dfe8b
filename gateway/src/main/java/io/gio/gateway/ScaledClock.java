package io.gio.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code speed} times faster than its base clock, starting from
 * {@code start}. At speed 1 it is the base clock.
 */
final class ScaledClock extends Clock {

    private final Clock base;
    private final Instant baseStart;
    private final Instant start;
    private final double speed;
    private final ZoneId zone;

    ScaledClock(Clock base, Instant start, double speed) {
        this(base, base.instant(), start, speed, ZoneOffset.UTC);
    }

    private ScaledClock(Clock base, Instant baseStart, Instant start, double speed, ZoneId zone) {
        this.base = base;
        this.baseStart = baseStart;
        this.start = start;
        this.speed = speed;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        if (speed == 1.0) {
            return start.plus(Duration.between(baseStart, base.instant()));
        }
        long realNanos = Duration.between(baseStart, base.instant()).toNanos();
        return start.plusNanos((long) (realNanos * speed));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same simulated time, shown in another zone (UTC unless asked). */
    @Override
    public Clock withZone(ZoneId other) {
        return new ScaledClock(base, baseStart, start, speed, other);
    }
}
