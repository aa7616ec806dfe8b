package io.gio.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, for HTTP Basic and {@code /auth/token} alike. Failures are
 * counted per user name and per remote address within a sliding window; past the free
 * failures, every further failure locks that name (or address) out for a delay that doubles
 * each time ({@code firstDelay}, 2x, 4x, ... up to {@code maxDelay}). While locked out a
 * request is refused at once (429 with {@code Retry-After}) without checking the password, so no
 * request thread ever sleeps. A successful sign-in clears its user name's count; an address's
 * count only ages out, so one valid account cannot be used to reset it.
 */
public final class LoginThrottle {

    /**
     * @param freeFailures failures of one user name within {@code window} before lock-outs start
     * @param freeFailuresPerAddress the same for one remote address (higher: addresses can be shared)
     * @param window how long a failure counts
     * @param firstDelay the first lock-out
     * @param maxDelay the longest lock-out
     */
    public record Policy(int freeFailures, int freeFailuresPerAddress, Duration window, Duration firstDelay,
            Duration maxDelay) {
        public Policy {
            if (freeFailures < 1 || freeFailuresPerAddress < 1) {
                throw new IllegalArgumentException("login.freeFailures must be at least 1");
            }
            if (window.isNegative() || window.isZero() || firstDelay.isNegative() || firstDelay.isZero()
                    || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("login.window, login.firstDelay and login.maxDelay must be positive,"
                        + " and maxDelay at least firstDelay");
            }
        }

        public static Policy defaults() {
            return new Policy(5, 50, Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofMinutes(5));
        }
    }

    private record Entry(int failures, Instant lastFailure, Instant lockedUntil) {}

    private static final int MAX_ENTRIES = 100_000;

    private final Policy policy;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public LoginThrottle(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** How long {@code user} (when known) or {@code address} is still locked out; empty when not. */
    public Optional<Duration> lockedOut(String user, String address) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys(user, address)) {
            Entry e = entries.get(key);
            if (e != null && e.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, e.lockedUntil());
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Records a failed sign-in. */
    public void failed(String user, String address) {
        Instant now = clock.instant();
        if (entries.size() > MAX_ENTRIES) {
            purge(now);
        }
        if (user != null) {
            entries.compute(userKey(user), (k, e) -> next(e, now, policy.freeFailures()));
        }
        entries.compute(addressKey(address), (k, e) -> next(e, now, policy.freeFailuresPerAddress()));
    }

    /** Records a successful sign-in: the user name's failures are forgotten. */
    public void succeeded(String user) {
        entries.remove(userKey(user));
    }

    private Entry next(Entry e, Instant now, int free) {
        int failures = e == null || e.lastFailure().plus(policy.window()).isBefore(now) ? 1 : e.failures() + 1;
        Instant lockedUntil = now;
        if (failures >= free) {
            int doublings = Math.min(failures - free, 30);
            Duration delay = policy.firstDelay().multipliedBy(1L << doublings);
            if (delay.compareTo(policy.maxDelay()) > 0 || delay.isNegative()) {
                delay = policy.maxDelay();
            }
            lockedUntil = now.plus(delay);
        }
        return new Entry(failures, now, lockedUntil);
    }

    private void purge(Instant now) {
        entries.entrySet().removeIf(en -> en.getValue().lockedUntil().isBefore(now)
                && en.getValue().lastFailure().plus(policy.window()).isBefore(now));
    }

    private static String[] keys(String user, String address) {
        return user == null ? new String[] {addressKey(address)} : new String[] {userKey(user), addressKey(address)};
    }

    private static String userKey(String user) {
        return "u:" + user.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "unknown" : address);
    }
}
