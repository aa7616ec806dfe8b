package io.gio.gateway.auth;

import static java.util.Objects.requireNonNull;

import io.gio.spf.accounts.Principal;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Token and sign-in settings. Defaults in {@link #defaults()}; a gateway reads overrides from
 * {@code auth.properties} in its data directory ({@link #load(Path)}).
 *
 * @param issuer the {@code iss} of the gateway's own tokens
 * @param tokenLifetime how long an issued token is valid
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param rotateAfter age after which the signing key is replaced automatically
 * @param trustedIssuers external issuers whose tokens are accepted
 * @param throttle the failed-login slow-down
 */
public record AuthSettings(String issuer, Duration tokenLifetime, Duration clockSkew, Duration rotateAfter,
        List<TrustedIssuer> trustedIssuers, LoginThrottle.Policy throttle) {

    public static final String FILE = "auth.properties";
    public static final String TENANT_AUDIENCE = "http://azureservices/TenantSite";
    public static final String ADMIN_AUDIENCE = "http://azureservices/AdminSite";

    public AuthSettings {
        requireNonNull(issuer, "issuer is null");
        requireNonNull(tokenLifetime, "tokenLifetime is null");
        requireNonNull(clockSkew, "clockSkew is null");
        requireNonNull(rotateAfter, "rotateAfter is null");
        requireNonNull(throttle, "throttle is null");
        trustedIssuers = List.copyOf(trustedIssuers);
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("token.issuer must not be empty");
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("token.lifetime must be between 1 s and 1 day, got " + tokenLifetime);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("token.clockSkew must be between 0 and 5 minutes, got " + clockSkew);
        }
        if (rotateAfter.compareTo(tokenLifetime) <= 0) {
            throw new IllegalArgumentException("signing.rotateAfter must be longer than token.lifetime");
        }
        for (TrustedIssuer t : trustedIssuers) {
            if (t.name().equals(issuer)) {
                throw new IllegalArgumentException("trusted issuer '" + t.name() + "' is the gateway's own issuer name");
            }
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings("gio-gateway", Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofDays(30),
                List.of(), LoginThrottle.Policy.defaults());
    }

    public AuthSettings withTrustedIssuers(List<TrustedIssuer> t) {
        return new AuthSettings(issuer, tokenLifetime, clockSkew, rotateAfter, t, throttle);
    }

    public AuthSettings withThrottle(LoginThrottle.Policy p) {
        return new AuthSettings(issuer, tokenLifetime, clockSkew, rotateAfter, trustedIssuers, p);
    }

    public AuthSettings withTokenLifetime(Duration d) {
        return new AuthSettings(issuer, d, clockSkew, rotateAfter, trustedIssuers, throttle);
    }

    /**
     * The defaults overridden by {@code <dataDir>/auth.properties} when it exists. Keys:
     * {@code token.issuer}, {@code token.lifetime}, {@code token.clockSkew},
     * {@code signing.rotateAfter} (ISO-8601 durations such as {@code PT1H}, {@code P30D}),
     * {@code login.freeFailures}, {@code login.freeFailuresPerAddress}, {@code login.window},
     * {@code login.firstDelay}, {@code login.maxDelay}, and per trusted issuer {@code N}:
     * {@code trustedIssuer.N.name}, {@code .audience}, {@code .key} (a PEM public key, PEM
     * certificate or JWKS file; relative paths are resolved against the data directory) and
     * optionally {@code .role} ({@code tenant} or {@code admin}).
     */
    public static AuthSettings load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return defaults();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        AuthSettings d = defaults();
        LoginThrottle.Policy t = d.throttle();
        LoginThrottle.Policy throttle = new LoginThrottle.Policy(
                intOf(p, "login.freeFailures", t.freeFailures()),
                intOf(p, "login.freeFailuresPerAddress", t.freeFailuresPerAddress()),
                durationOf(p, "login.window", t.window()),
                durationOf(p, "login.firstDelay", t.firstDelay()),
                durationOf(p, "login.maxDelay", t.maxDelay()));
        TreeSet<String> ids = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("trustedIssuer.")) {
                String[] parts = k.split("\\.", 3);
                if (parts.length == 3) {
                    ids.add(parts[1]);
                }
            }
        }
        List<TrustedIssuer> trusted = new ArrayList<>();
        for (String id : ids) {
            String prefix = "trustedIssuer." + id + ".";
            String keyFile = required(p, prefix + "key");
            String role = p.getProperty(prefix + "role", "tenant").trim().toLowerCase(Locale.ROOT);
            if (!role.equals("tenant") && !role.equals("admin")) {
                throw new IllegalArgumentException(prefix + "role must be 'tenant' or 'admin', got '" + role + "'");
            }
            trusted.add(new TrustedIssuer(required(p, prefix + "name"), required(p, prefix + "audience"),
                    role.equals("admin") ? Principal.Role.ADMIN : Principal.Role.TENANT,
                    TrustedIssuer.readKeys(dataDir.resolve(keyFile))));
        }
        return new AuthSettings(p.getProperty("token.issuer", d.issuer()).trim(),
                durationOf(p, "token.lifetime", d.tokenLifetime()), durationOf(p, "token.clockSkew", d.clockSkew()),
                durationOf(p, "signing.rotateAfter", d.rotateAfter()), trusted, throttle);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(FILE + ": " + key + " is required");
        }
        return v.trim();
    }

    private static int intOf(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        try {
            return v == null ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FILE + ": " + key + " must be an integer, got '" + v + "'");
        }
    }

    private static Duration durationOf(Properties p, String key, Duration dflt) {
        String v = p.getProperty(key);
        try {
            return v == null ? dflt : Duration.parse(v.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(FILE + ": " + key + " must be an ISO-8601 duration such as PT1H, got '"
                    + v + "'");
        }
    }
}
