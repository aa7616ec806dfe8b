package io.gio.gateway.auth;

import io.gio.spf.accounts.Principal;
import java.time.Instant;

/**
 * A bearer token that passed {@link TokenValidator}: who it is for and where it came from.
 *
 * @param principal the caller, as the Basic filter would yield it
 * @param issuer the token's {@code iss} (the gateway's own or a trusted issuer)
 * @param audience the accepted {@code aud} value
 * @param expires the token's {@code exp}
 */
public record ValidatedToken(Principal principal, String issuer, String audience, Instant expires) {

    /** The request property holding the {@link ValidatedToken} of a Bearer request. */
    public static final String PROPERTY = "io.gio.gateway.bearer";
}
