package io.gio.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gio.spf.accounts.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Issues the gateway's own access tokens: RS256 JWTs with the claims WAP's authentication sites
 * put in theirs ({@code aud} = the tenant or admin site realm, {@code upn}, {@code unique_name},
 * the WS-Federation role claim) plus {@code gio_tenant} for tenant users.
 */
public final class TokenIssuer {

    public static final String ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    public static final String TENANT_CLAIM = "gio_tenant";
    public static final String ADMIN_ROLE = "Admin";
    public static final String TENANT_ROLE = "Tenant";

    /** A signed token and how many seconds it is valid. */
    public record Issued(String token, long expiresIn, String audience) {}

    private final KeyRing keys;
    private final AuthSettings settings;
    private final Clock clock;

    public TokenIssuer(KeyRing keys, AuthSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    /** The audience a principal's tokens are for: the admin site realm for the admin, the tenant site otherwise. */
    public static String audienceFor(Principal p) {
        return p.isAdmin() ? AuthSettings.ADMIN_AUDIENCE : AuthSettings.TENANT_AUDIENCE;
    }

    public Issued issue(Principal p) {
        Instant now = clock.instant();
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        Instant exp = iat.plus(settings.tokenLifetime());
        String aud = audienceFor(p);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(List.of(aud))
                .subject(p.name())
                .claim("upn", p.name())
                .claim("unique_name", p.name())
                .claim(ROLE_CLAIM, p.isAdmin() ? ADMIN_ROLE : TENANT_ROLE)
                .issueTime(Date.from(iat))
                .notBeforeTime(Date.from(iat))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString());
        p.tenantId().ifPresent(t -> claims.claim(TENANT_CLAIM, t.toString()));
        RSAKey jwk = keys.signingJwk();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(jwk.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(jwk));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return new Issued(jwt.serialize(), settings.tokenLifetime().toSeconds(), aud);
    }
}
