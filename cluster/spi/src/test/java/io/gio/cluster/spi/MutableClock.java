package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, for tests of code that reads time from a {@link Clock}.
 * Thread-safe; clocks derived with {@link #withZone(ZoneId)} share the same instant.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public MutableClock(Instant start) {
        this(new AtomicReference<>(requireNonNull(start, "start is null")), ZoneOffset.UTC);
    }

    /** Starts at 2013-10-01T00:00:00Z, around the time of the source talk. */
    public MutableClock() {
        this(Instant.parse("2013-10-01T00:00:00Z"));
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = requireNonNull(zone, "zone is null");
    }

    /** Moves the clock forward (or backward, for a negative duration) and returns the new instant. */
    public Instant advance(Duration duration) {
        requireNonNull(duration, "duration is null");
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    public void set(Instant instant) {
        now.set(requireNonNull(instant, "instant is null"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(now, newZone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
