package io.gio.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverFactory;
import io.gio.cluster.spi.DriverContext;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every forged or stale token the validator must refuse, and the ones it must accept. */
class TokenValidatorTest {

    private static final String ALICE = "alice@contoso.example";

    private ScheduledExecutorService scheduler;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private Authentication auth;
    private RSAKey external;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ClusterDriverFactory sim = ServiceLoader.load(ClusterDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("sim")).findFirst().orElseThrow();
        driver = sim.create(new DriverContext(Clock.systemUTC(), scheduler, ds, Map.of("topology", "demo")));
        adapter = SpfAdapter.open(ds, driver, Clock.systemUTC(), scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of("admin-password-1"));
        adapter.demoData().seed(Optional.of("demo-password-1"), 0);
        external = new RSAKeyGenerator(2048).keyID("adfs-1").generate();
        Path pem = dir.resolve("adfs.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(external.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        TrustedIssuer adfs = new TrustedIssuer("http://adfs.contoso.example/adfs/services/trust",
                AuthSettings.TENANT_AUDIENCE, Principal.Role.TENANT, TrustedIssuer.readKeys(pem));
        auth = Authentication.create(adapter, AuthSettings.defaults().withTrustedIssuers(List.of(adfs)),
                KeyRing.randomKek(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        adapter.close();
        driver.close();
        scheduler.shutdownNow();
    }

    private TokenValidator validator() {
        return auth.validator();
    }

    private Principal alice() {
        return adapter.accounts().find(ALICE).orElseThrow();
    }

    /** Claims as the gateway issues them for alice, valid now. */
    private JWTClaimsSet.Builder aliceClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("gio-gateway").audience(AuthSettings.TENANT_AUDIENCE).subject(ALICE)
                .claim("upn", ALICE).claim(TokenIssuer.ROLE_CLAIM, TokenIssuer.TENANT_ROLE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString());
    }

    private String signOwn(JWTClaimsSet claims) throws Exception {
        RSAKey key = auth.keys().signingJwk();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void refused(String token) {
        assertThrows(InvalidTokenException.class, () -> validator().validate(token));
    }

    @Test
    void issuedTokensAreAcceptedWithTheirPrincipal() throws Exception {
        ValidatedToken t = validator().validate(auth.issuer().issue(alice()).token());
        assertEquals(ALICE, t.principal().name());
        assertEquals(Principal.Role.TENANT, t.principal().role());
        assertTrue(t.principal().tenantId().isPresent());
        assertEquals(AuthSettings.TENANT_AUDIENCE, t.audience());

        Principal admin = adapter.accounts().find("admin").orElseThrow();
        ValidatedToken a = validator().validate(auth.issuer().issue(admin).token());
        assertTrue(a.principal().isAdmin());
        assertEquals(AuthSettings.ADMIN_AUDIENCE, a.audience());
        // the hand-signed baseline the forgeries below start from is itself valid
        assertEquals(ALICE, validator().validate(signOwn(aliceClaims().build())).principal().name());
    }

    @Test
    void algNoneIsRefused() {
        refused(new PlainJWT(aliceClaims().build()).serialize());
        // a "signed" token whose header says none, with the real signature appended
        String[] parts = auth.issuer().issue(alice()).token().split("\\.");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        refused(noneHeader + "." + parts[1] + ".");
        refused(noneHeader + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        RSAKey pub = auth.keys().signingJwk().toPublicJWK();
        byte[] der = pub.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII),
                pub.toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(pub.getKeyID()).build(),
                    aliceClaims().build());
            jwt.sign(new MACSigner(secret));
            refused(jwt.serialize());
        }
    }

    @Test
    void otherRsaAlgorithmsWithTheRightKeyAreRefused() throws Exception {
        RSAKey key = auth.keys().signingJwk();
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), aliceClaims().build());
            jwt.sign(new RSASSASigner(key));
            refused(jwt.serialize());
        }
    }

    @Test
    void expiryAndNotBeforeWithSmallSkew() throws Exception {
        Instant now = Instant.now();
        refused(signOwn(aliceClaims().expirationTime(Date.from(now.minusSeconds(120))).build()));
        refused(signOwn(aliceClaims().notBeforeTime(Date.from(now.plusSeconds(300))).build()));
        refused(signOwn(aliceClaims().issueTime(Date.from(now.plusSeconds(300))).build()));
        // within the 60 s skew
        validator().validate(signOwn(aliceClaims().expirationTime(Date.from(now.minusSeconds(20))).build()));
        validator().validate(signOwn(aliceClaims().notBeforeTime(Date.from(now.plusSeconds(20))).build()));
    }

    @Test
    void requiredClaimsMustBePresent() throws Exception {
        refused(signOwn(aliceClaims().expirationTime(null).build()));
        refused(signOwn(aliceClaims().notBeforeTime(null).build()));
        refused(signOwn(aliceClaims().issuer(null).build()));
        refused(signOwn(aliceClaims().audience((String) null).build()));
        refused(signOwn(aliceClaims().subject(null).claim("upn", null).build()));
        // no kid in the header
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), aliceClaims().build());
        jwt.sign(new RSASSASigner(auth.keys().signingJwk()));
        refused(jwt.serialize());
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() throws Exception {
        refused(signOwn(aliceClaims().issuer("https://evil.example/").build()));
        refused(signOwn(aliceClaims().audience("http://azureservices/SomethingElse").build()));
        // a tenant token made out for the admin site does not make an admin
        refused(signOwn(aliceClaims().audience(AuthSettings.ADMIN_AUDIENCE)
                .claim(TokenIssuer.ROLE_CLAIM, TokenIssuer.ADMIN_ROLE).build()));
        // an account that does not exist
        refused(signOwn(aliceClaims().subject("mallory@evil.example").claim("upn", "mallory@evil.example").build()));
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String token = auth.issuer().issue(alice()).token();
        String[] parts = token.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace(ALICE, "bob@fabrikam.example");
        assertNotEquals(parts[1], Base64URL.encode(payload).toString());
        refused(parts[0] + "." + Base64URL.encode(payload) + "." + parts[2]);
        // flipped signature
        char c = parts[2].charAt(10);
        refused(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (c == 'A' ? 'B' : 'A') + parts[2].substring(11));
        refused("not.a.token");
        refused("");
        refused("x".repeat(TokenValidator.MAX_TOKEN_LENGTH + 1));
    }

    @Test
    void unknownKeysAreRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(), aliceClaims().build());
        jwt.sign(new RSASSASigner(stranger));
        refused(jwt.serialize());
        // a stranger's signature under the gateway's own kid
        SignedJWT spoof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(auth.keys().signingJwk().getKeyID()).build(), aliceClaims().build());
        spoof.sign(new RSASSASigner(stranger));
        refused(spoof.serialize());
    }

    @Test
    void trustedExternalIssuerIsAcceptedOnlyOnItsOwnTerms() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("http://adfs.contoso.example/adfs/services/trust")
                .audience(AuthSettings.TENANT_AUDIENCE).claim("upn", ALICE).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("adfs-1").build(), claims.build());
        jwt.sign(new RSASSASigner(external));
        ValidatedToken t = validator().validate(jwt.serialize());
        assertEquals(ALICE, t.principal().name());
        assertEquals(alice().tenantId(), t.principal().tenantId());
        assertFalse(t.principal().isAdmin());

        SignedJWT wrongAud = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
                claims.audience(AuthSettings.ADMIN_AUDIENCE).build());
        wrongAud.sign(new RSASSASigner(external));
        refused(wrongAud.serialize());
        // the external key cannot sign as the gateway itself
        SignedJWT asGateway = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(auth.keys().signingJwk().getKeyID()).build(), aliceClaims().build());
        asGateway.sign(new RSASSASigner(external));
        refused(asGateway.serialize());
    }

    @Test
    void jwksFileOfATrustedIssuerIsRead() throws Exception {
        Path jwks = dir.resolve("wap.json");
        Files.writeString(jwks, new JWKSet(external.toPublicJWK()).toString());
        List<TrustedIssuer.IssuerKey> keys = TrustedIssuer.readKeys(jwks);
        assertEquals(Optional.of("adfs-1"), keys.get(0).kid());
        Files.writeString(dir.resolve(AuthSettings.FILE), "token.lifetime=PT30M\ntrustedIssuer.1.name=https://wap/auth\n"
                + "trustedIssuer.1.audience=" + AuthSettings.TENANT_AUDIENCE + "\ntrustedIssuer.1.key=wap.json\n");
        AuthSettings s = AuthSettings.load(dir);
        assertEquals(Duration.ofMinutes(30), s.tokenLifetime());
        assertEquals("https://wap/auth", s.trustedIssuers().get(0).name());
    }

    @Test
    void rotatedKeyStillVerifiesItsTokens() throws Exception {
        String before = auth.issuer().issue(alice()).token();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        String newKid = auth.keys().rotate("test");
        assertNotEquals(oldKid, newKid);
        String after = auth.issuer().issue(alice()).token();
        assertEquals(newKid, SignedJWT.parse(after).getHeader().getKeyID());
        validator().validate(before);
        validator().validate(after);
        JWKSet published = auth.keys().publicJwks();
        assertEquals(2, published.getKeys().size());
        assertTrue(published.getKeys().stream().noneMatch(k -> k.isPrivate()));
        // the key survives a reload from the store (a second gateway on the same store sees both)
        auth.keys().refresh();
        validator().validate(before);
    }
}
