package io.gio.gateway.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time console tickets: the console API issues one per request for a VM the caller may
 * connect to; the WebSocket relay redeems it once, within {@link #LIFETIME}. A ticket is 256
 * random bits; only the gateway's memory holds it, so a restart voids every ticket not yet used.
 */
public final class ConsoleTickets {

    public static final Duration LIFETIME = Duration.ofSeconds(30);
    /** The most tickets outstanding at once; beyond that the oldest unused ones are dropped. */
    static final int MAX_OUTSTANDING = 10_000;

    /** What a ticket admits to: one VM's console. */
    public record Ticket(String value, UUID vmId, String vmName, String guestOs, Instant expires) {}

    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public ConsoleTickets(Clock clock) {
        this.clock = clock;
    }

    public Ticket issue(UUID vmId, String vmName, String guestOs) {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> !t.expires().isAfter(now));
        if (tickets.size() >= MAX_OUTSTANDING) {
            tickets.values().stream().min(java.util.Comparator.comparing(Ticket::expires))
                    .ifPresent(t -> tickets.remove(t.value()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Ticket t = new Ticket(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), vmId, vmName, guestOs,
                now.plus(LIFETIME));
        tickets.put(t.value(), t);
        return t;
    }

    /** The ticket, once: a second redemption, an unknown or an expired ticket is empty. */
    public Optional<Ticket> redeem(String value) {
        Ticket t = value == null ? null : tickets.remove(value);
        return t != null && t.expires().isAfter(clock.instant()) ? Optional.of(t) : Optional.empty();
    }
}
