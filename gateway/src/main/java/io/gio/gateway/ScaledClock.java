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

    ScaledClock(Clock base, Instant start, double speed) {
        this.base = base;
        this.baseStart = base.instant();
        this.start = start;
        this.speed = speed;
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
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC only");
    }
}
