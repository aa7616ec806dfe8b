package io.gio.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.gio.spf.accounts.Accounts;
import io.gio.spf.accounts.Principal;
import io.gio.spf.accounts.UserState;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place bearer tokens are checked, per RFC 8725: the algorithm is pinned to RS256 (no
 * {@code none}, no HMAC, nothing else), the signature must verify with a key of the token's
 * issuer (the gateway's own keys by {@code kid}, or a configured trusted issuer's keys), and
 * {@code iss}, {@code aud}, {@code exp} and {@code nbf} (with a small clock skew) and the
 * subject are required and checked. Every refusal is an {@link InvalidTokenException} whose
 * reason is for logs only.
 */
public final class TokenValidator {

    /** Larger tokens are refused before parsing. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final Set<String> OWN_AUDIENCES = Set.of(AuthSettings.TENANT_AUDIENCE, AuthSettings.ADMIN_AUDIENCE);
    private static final Set<JOSEObjectType> TYPES = Set.of(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"));

    private final KeyRing keys;
    private final AuthSettings settings;
    private final Accounts accounts;
    private final Clock clock;

    public TokenValidator(KeyRing keys, AuthSettings settings, Accounts accounts, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.accounts = accounts;
        this.clock = clock;
    }

    public ValidatedToken validate(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("missing or oversized token");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("not a JWT");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw new InvalidTokenException("not a signed JWT (alg none or encrypted)");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new InvalidTokenException("algorithm " + header.getAlgorithm() + " is not RS256");
        }
        if (header.getType() != null && !TYPES.contains(header.getType())) {
            throw new InvalidTokenException("typ " + header.getType() + " is not a JWT access token");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("claims are not a JSON object");
        }
        String iss = claims.getIssuer();
        if (iss == null) {
            throw new InvalidTokenException("no iss");
        }
        boolean own = iss.equals(settings.issuer());
        Optional<TrustedIssuer> trusted = own ? Optional.empty()
                : settings.trustedIssuers().stream().filter(t -> t.name().equals(iss)).findFirst();
        if (!own && trusted.isEmpty()) {
            throw new InvalidTokenException("untrusted issuer");
        }
        verifySignature(jwt, header, own, trusted);

        Set<String> accepted = own ? OWN_AUDIENCES : Set.of(trusted.get().audience());
        List<String> aud = claims.getAudience();
        String audience = aud.stream().filter(accepted::contains).findFirst()
                .orElseThrow(() -> new InvalidTokenException("audience not accepted"));
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("no exp");
        }
        if (!now.isBefore(exp.toInstant().plus(settings.clockSkew()))) {
            throw new InvalidTokenException("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf == null && own) {
            throw new InvalidTokenException("no nbf");
        }
        if (nbf != null && now.isBefore(nbf.toInstant().minus(settings.clockSkew()))) {
            throw new InvalidTokenException("not yet valid");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.isBefore(iat.toInstant().minus(settings.clockSkew()))) {
            throw new InvalidTokenException("issued in the future");
        }
        String name = firstString(claims, "upn", "unique_name", "email", "sub")
                .orElseThrow(() -> new InvalidTokenException("no subject"));
        Principal principal = own ? ownPrincipal(name, audience, claims) : trustedPrincipal(name, trusted.get());
        return new ValidatedToken(principal, iss, audience, exp.toInstant());
    }

    private void verifySignature(SignedJWT jwt, JWSHeader header, boolean own, Optional<TrustedIssuer> trusted)
            throws InvalidTokenException {
        List<RSAPublicKey> candidates = new ArrayList<>();
        String kid = header.getKeyID();
        if (own) {
            if (kid == null) {
                throw new InvalidTokenException("no kid");
            }
            keys.verificationKey(kid).ifPresent(candidates::add);
        } else {
            for (TrustedIssuer.IssuerKey k : trusted.get().keys()) {
                if (kid == null || k.kid().isEmpty() || k.kid().get().equals(kid)) {
                    candidates.add(k.key());
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new InvalidTokenException("unknown kid");
        }
        for (RSAPublicKey key : candidates) {
            try {
                if (jwt.verify(new RSASSAVerifier(key))) {
                    return;
                }
            } catch (JOSEException e) {
                // try the next key; a key too short for RS256 lands here
            }
        }
        throw new InvalidTokenException("bad signature");
    }

    /** The gateway's own token: the account must still exist, be active, and have the role the audience stands for. */
    private Principal ownPrincipal(String name, String audience, JWTClaimsSet claims) throws InvalidTokenException {
        Principal p = accounts.find(name).orElseThrow(() -> new InvalidTokenException("no such account"));
        String role = firstString(claims, TokenIssuer.ROLE_CLAIM).orElse("");
        boolean adminToken = audience.equals(AuthSettings.ADMIN_AUDIENCE);
        if (adminToken != p.isAdmin() || !role.equals(p.isAdmin() ? TokenIssuer.ADMIN_ROLE : TokenIssuer.TENANT_ROLE)) {
            throw new InvalidTokenException("role does not match the account");
        }
        return p;
    }

    /**
     * A trusted issuer's token: the issuer's configured role; a tenant keeps the tenant of a local
     * account of that name. A local account of that name that is suspended or being deleted refuses it.
     */
    private Principal trustedPrincipal(String name, TrustedIssuer issuer) throws InvalidTokenException {
        if (accounts.state(name).filter(s -> s != UserState.ACTIVE).isPresent()) {
            throw new InvalidTokenException("the local account of that name is not active");
        }
        if (issuer.role() == Principal.Role.ADMIN) {
            return new Principal(name, Principal.Role.ADMIN, Optional.empty());
        }
        Optional<Principal> local = accounts.find(name).filter(p -> !p.isAdmin());
        return new Principal(name, Principal.Role.TENANT, local.flatMap(Principal::tenantId));
    }

    private static Optional<String> firstString(JWTClaimsSet claims, String... names) {
        for (String n : names) {
            Object v = claims.getClaim(n);
            if (v instanceof String s && !s.isBlank()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
