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

    private record Cached(Principal principal, Instant expires) {}

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();

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

    /** The principal of the account {@code name}, without checking any credential (for token holders). */
    public Optional<Principal> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT role, tenant_id FROM gio_account WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> new Principal(name, Principal.Role.valueOf(rs.getString(1)),
                        Optional.ofNullable(rs.getObject(2, UUID.class))))
                .findOne());
    }

    /** The principal these credentials identify, or empty when they are wrong. */
    public Optional<Principal> verify(String name, String password) {
        String cacheKey = sha256(name + "\u0000" + password);
        Cached c = verified.get(cacheKey);
        Instant now = clock.instant();
        if (c != null && c.expires().isAfter(now)) {
            return Optional.of(c.principal());
        }
        record Row(String hash, String role, UUID tenant) {}
        Optional<Row> row = jdbi.withHandle(h -> h.createQuery(
                        "SELECT password_hash, role, tenant_id FROM gio_account WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class)))
                .findOne());
        if (row.isEmpty() || !hasher.verify(password, row.get().hash())) {
            return Optional.empty();
        }
        Principal p = new Principal(name, Principal.Role.valueOf(row.get().role()), Optional.ofNullable(row.get().tenant()));
        verified.put(cacheKey, new Cached(p, now.plus(CACHE_TTL)));
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
