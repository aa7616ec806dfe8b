package io.gio.gateway.auth;

import io.gio.spf.SpfAdapter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token authentication, assembled once: the key ring, issuer, the one validator, the login
 * throttle, and what they register in Jersey. Uses real time ({@code Clock.systemUTC()}), never
 * the simulated fabric clock.
 */
public final class Authentication {

    private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);
    /** The key-encryption key's file in the data directory. */
    public static final String KEK_FILE = "signing-keys.kek";

    private final SpfAdapter adapter;
    private final AuthSettings settings;
    private final KeyRing keys;
    private final TokenIssuer issuer;
    private final TokenValidator validator;
    private final LoginThrottle throttle;

    private Authentication(SpfAdapter adapter, AuthSettings settings, SecretKey kek, Clock clock) {
        this.adapter = adapter;
        this.settings = settings;
        this.keys = new KeyRing(adapter.signingKeys(), kek, clock, settings);
        this.issuer = new TokenIssuer(keys, settings, clock);
        this.validator = new TokenValidator(keys, settings, adapter.accounts(), clock);
        this.throttle = new LoginThrottle(settings.throttle(), clock);
        keys.refresh();
    }

    public static Authentication create(SpfAdapter adapter, AuthSettings settings, SecretKey kek, Clock clock) {
        return new Authentication(adapter, settings, kek, clock);
    }

    /** With {@code auth.properties} and the key-encryption key of {@code dataDir}, refreshing keys every minute. */
    public static Authentication open(SpfAdapter adapter, Path dataDir, ScheduledExecutorService scheduler) {
        AuthSettings settings = AuthSettings.load(dataDir);
        Authentication a = new Authentication(adapter, settings, KeyRing.loadOrCreateKek(dataDir.resolve(KEK_FILE)),
                Clock.systemUTC());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                a.keys.refresh();
            } catch (RuntimeException e) {
                LOG.error("Refreshing the token-signing keys failed; retrying in a minute", e);
            }
        }, 1, 1, TimeUnit.MINUTES);
        LOG.info("Tokens: issuer '{}', lifetime {}, {} trusted issuer(s)", settings.issuer(), settings.tokenLifetime(),
                settings.trustedIssuers().size());
        return a;
    }

    /** Default settings and a throw-away key-encryption key: for in-memory stores (tests). */
    public static Authentication ephemeral(SpfAdapter adapter) {
        return create(adapter, AuthSettings.defaults(), KeyRing.randomKek(), Clock.systemUTC());
    }

    /** Registers the token endpoints, the Bearer filter and the Basic login throttle. */
    public void register(ResourceConfig rc) {
        rc.register(new AuthResource(adapter.accounts(), issuer, keys, throttle));
        rc.register(new BearerAuthFilter(validator));
        rc.register(new LoginThrottleFilter(throttle));
    }

    public AuthSettings settings() {
        return settings;
    }

    public KeyRing keys() {
        return keys;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    public TokenValidator validator() {
        return validator;
    }

    public LoginThrottle throttle() {
        return throttle;
    }
}
