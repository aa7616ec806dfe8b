package io.gio.spf.accounts;

import static io.gio.spf.store.SpfStore.utc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Accounts that may call the gateway: the admin and tenant users, with slow salted password
 * hashes. Successful verifications are remembered for a short while (keyed by a SHA-256 of the
 * credentials, never the password itself) so that Basic auth does not pay the slow hash on
 * every request.
 */
public final class Accounts {

    public static final String ADMIN = "admin";
    private static final Duration CACHE_TTL = Duration.ofMinutes(5);

    /** A remembered sign-in; it counts only while no account was changed since it was read ({@code epoch}). */
    private record Cached(Principal principal, Instant expires, long epoch) {}

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();

    public Accounts(Jdbi jdbi, PasswordHasher hasher, Clock clock) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * Creates the admin account if there is none. Returns the password that was set when it had
     * to be generated (so the caller can print it once), empty otherwise.
     */
    public Optional<String> ensureAdmin(Optional<String> configuredPassword) {
        if (exists(ADMIN)) {
            return Optional.empty();
        }
        String password = configuredPassword.orElseGet(Accounts::generatePassword);
        create(ADMIN, password, Principal.Role.ADMIN, Optional.empty());
        return configuredPassword.isPresent() ? Optional.empty() : Optional.of(password);
    }

    public boolean exists(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM gio_account WHERE name = :n")
                .bind("n", name).mapTo(Integer.class).one()) > 0;
    }

    public void create(String name, String password, Principal.Role role, Optional<UUID> tenantId) {
        String hash = hasher.hash(password);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO gio_account (name, password_hash, role, tenant_id, created)"
                        + " VALUES (:n, :h, :r, :t, :c)")
                .bind("n", name).bind("h", hash).bind("r", role.name()).bind("t", tenantId.orElse(null))
                .bind("c", utc(clock.instant())).execute());
    }

    /**
     * The principal of the active account {@code name}, without checking any credential (for token
     * holders); empty when there is none or it is suspended or being deleted.
     */
    public Optional<Principal> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT role, tenant_id FROM gio_account WHERE name = :n"
                        + " AND state = :active")
                .bind("n", name).bind("active", UserState.ACTIVE.wireName())
                .map((rs, ctx) -> new Principal(name, Principal.Role.valueOf(rs.getString(1)),
                        Optional.ofNullable(rs.getObject(2, UUID.class))))
                .findOne());
    }

    /** The state of the account {@code name}, if there is one. */
    public Optional<UserState> state(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT state FROM gio_account WHERE name = :n").bind("n", name)
                .mapTo(String.class).findOne().map(UserState::ofStored));
    }

    /** Replaces an account's password (the caller checks its length); its remembered sign-ins are forgotten. */
    public void setPassword(String name, String password) {
        String hash = hasher.hash(password);
        jdbi.useHandle(h -> h.createUpdate("UPDATE gio_account SET password_hash = :h WHERE name = :n")
                .bind("h", hash).bind("n", name).execute());
        forget(name);
    }

    /**
     * Forgets the remembered successful sign-ins of {@code name}: after a suspension, deletion or new
     * password its old credentials are checked against the store again at once.
     */
    public void forget(String name) {
        // Every remembered sign-in is dropped (one read before the change could be put back after it).
        epoch.incrementAndGet();
        verified.clear();
    }

    /** The principal these credentials identify, or empty when they are wrong or the account is not active. */
    public Optional<Principal> verify(String name, String password) {
        String cacheKey = sha256(name + "\u0000" + password);
        Cached c = verified.get(cacheKey);
        Instant now = clock.instant();
        long readAt = epoch.get();
        if (c != null && c.expires().isAfter(now) && c.epoch() == readAt) {
            return Optional.of(c.principal());
        }
        record Row(String hash, String role, UUID tenant, String state) {}
        Optional<Row> row = jdbi.withHandle(h -> h.createQuery(
                        "SELECT password_hash, role, tenant_id, state FROM gio_account WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4)))
                .findOne());
        if (row.isEmpty() || !hasher.verify(password, row.get().hash())
                || UserState.ofStored(row.get().state()) != UserState.ACTIVE) {
            return Optional.empty();
        }
        Principal p = new Principal(name, Principal.Role.valueOf(row.get().role()), Optional.ofNullable(row.get().tenant()));
        verified.put(cacheKey, new Cached(p, now.plus(CACHE_TTL), readAt));
        return Optional.of(p);
    }

    /** A random password of 20 characters from an unambiguous alphabet. */
    public static String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
