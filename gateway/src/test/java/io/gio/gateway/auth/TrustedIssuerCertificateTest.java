package io.gio.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterDriverFactory;
import io.gio.cluster.spi.DriverContext;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Principal;
import io.gio.spf.accounts.UserState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
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

/**
 * A trusted issuer configured with its token-signing certificate (a PEM X.509 certificate, as a WAP
 * authentication site or ADFS exports it) instead of a bare public key, read from
 * {@code auth.properties} as a gateway reads it at start.
 */
class TrustedIssuerCertificateTest {

    private static final String ISSUER = "http://azureservices/AuthSite";
    private static final String ALICE = "alice@contoso.example";

    @TempDir
    Path dir;

    private ScheduledExecutorService scheduler;
    private ClusterDriver driver;
    private SpfAdapter adapter;
    private SelfSignedCertificate wap;
    private TokenValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:cert-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ClusterDriverFactory sim = ServiceLoader.load(ClusterDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("sim")).findFirst().orElseThrow();
        driver = sim.create(new DriverContext(Clock.systemUTC(), scheduler, ds, Map.of("topology", "demo")));
        adapter = SpfAdapter.open(ds, driver, Clock.systemUTC(), scheduler, 1_000);
        adapter.accounts().ensureAdmin(Optional.of("admin-password-1"));
        adapter.demoData().seed(Optional.of("demo-password-1"), 0);
        wap = SelfSignedCertificate.create(dir, "wap", "WAP Authentication Site", "RSA");
        Files.writeString(dir.resolve("wap-auth.pem"), wap.pem());
        validator = validatorFor("trustedIssuer.1.name=" + ISSUER + "\ntrustedIssuer.1.audience="
                + AuthSettings.TENANT_AUDIENCE + "\ntrustedIssuer.1.key=wap-auth.pem\n");
    }

    @AfterEach
    void tearDown() {
        adapter.close();
        driver.close();
        scheduler.shutdownNow();
    }

    private TokenValidator validatorFor(String properties) throws Exception {
        Files.writeString(dir.resolve(AuthSettings.FILE), properties);
        return Authentication.create(adapter, AuthSettings.load(dir), KeyRing.randomKek(), Clock.systemUTC()).validator();
    }

    /** Claims as a WAP tenant authentication site puts them in its JWTs, valid now. */
    private static JWTClaimsSet.Builder claims(String upn) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AuthSettings.TENANT_AUDIENCE).claim("upn", upn)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    private static String sign(RSAPrivateKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("wap-signing").build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void refused(String token) {
        assertThrows(InvalidTokenException.class, () -> validator.validate(token));
    }

    @Test
    void theCertificatesPublicKeyIsRead() throws Exception {
        List<TrustedIssuer.IssuerKey> keys = TrustedIssuer.readKeys(dir.resolve("wap-auth.pem"));
        assertEquals(1, keys.size());
        assertEquals(wap.certificate().getPublicKey(), keys.get(0).key());
        assertTrue(keys.get(0).kid().isEmpty(), "a certificate names no key id: any kid may use it");
        AuthSettings s = AuthSettings.load(dir);
        assertEquals(ISSUER, s.trustedIssuers().get(0).name());
        assertEquals(Principal.Role.TENANT, s.trustedIssuers().get(0).role());
    }

    @Test
    void aTokenSignedWithTheCertificatesKeyIsAcceptedForItsSubject() throws Exception {
        ValidatedToken t = validator.validate(sign(wap.privateKey(), claims(ALICE).build()));
        assertEquals(ALICE, t.principal().name());
        assertFalse(t.principal().isAdmin());
        assertEquals(adapter.accounts().find(ALICE).orElseThrow().tenantId(), t.principal().tenantId(),
                "a local account of that name gives its tenant");
        assertEquals(ISSUER, t.issuer());
        assertEquals(AuthSettings.TENANT_AUDIENCE, t.audience());

        ValidatedToken stranger = validator.validate(sign(wap.privateKey(), new JWTClaimsSet.Builder(
                claims("x").build()).claim("upn", null).subject("zoe@tailspin.example").build()));
        assertEquals("zoe@tailspin.example", stranger.principal().name());
        assertTrue(stranger.principal().tenantId().isEmpty());
    }

    @Test
    void wrongIssuerAudienceExpiryOrKeyIsRefused() throws Exception {
        refused(sign(wap.privateKey(), claims(ALICE).issuer("http://azureservices/OtherSite").build()));
        refused(sign(wap.privateKey(), claims(ALICE).issuer("gio-gateway").build()));
        refused(sign(wap.privateKey(), claims(ALICE).audience(AuthSettings.ADMIN_AUDIENCE).build()));
        refused(sign(wap.privateKey(), claims(ALICE).expirationTime(Date.from(Instant.now().minusSeconds(120))).build()));
        refused(sign(wap.privateKey(), claims(ALICE).notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build()));
        SelfSignedCertificate other = SelfSignedCertificate.create(dir, "other", "Someone Else", "RSA");
        refused(sign(other.privateKey(), claims(ALICE).build()));
        refused(sign(wap.privateKey(), new JWTClaimsSet.Builder(claims(ALICE).build()).claim("upn", null).build()));
        String good = sign(wap.privateKey(), claims(ALICE).build());
        String[] parts = good.split("\\.");
        refused(parts[0] + "." + parts[1] + "." + sign(other.privateKey(), claims(ALICE).build()).split("\\.")[2]);
    }

    @Test
    void aSuspendedLocalAccountIsRefusedEvenWithTheIssuersToken() throws Exception {
        String token = sign(wap.privateKey(), claims(ALICE).build());
        validator.validate(token);
        adapter.directory().updateUser(ALICE, Optional.empty(), Optional.of(UserState.SUSPENDED), Optional.empty());
        refused(token);
    }

    @Test
    void aCertificateChainGivesEveryKeyAndAnAdminIssuerGivesAdmins() throws Exception {
        SelfSignedCertificate next = SelfSignedCertificate.create(dir, "next", "WAP Admin Site 2", "RSA");
        Files.writeString(dir.resolve("admin-site.pem"), wap.pem() + next.pem());
        validator = validatorFor("trustedIssuer.1.name=http://azureservices/AdminAuthSite\ntrustedIssuer.1.audience="
                + AuthSettings.ADMIN_AUDIENCE + "\ntrustedIssuer.1.key=admin-site.pem\ntrustedIssuer.1.role=admin\n");
        for (RSAPrivateKey key : List.of(wap.privateKey(), next.privateKey())) {
            ValidatedToken t = validator.validate(sign(key, claims("CONTOSO\\administrator")
                    .issuer("http://azureservices/AdminAuthSite").audience(AuthSettings.ADMIN_AUDIENCE).build()));
            assertTrue(t.principal().isAdmin());
        }
        refused(sign(wap.privateKey(), claims("CONTOSO\\administrator").issuer("http://azureservices/AdminAuthSite")
                .build()));
    }

    @Test
    void unusableCertificateFilesAreRefusedAtStartWithTheReason() throws Exception {
        Path garbled = dir.resolve("garbled.pem");
        Files.writeString(garbled, "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedIssuer.readKeys(garbled)).getMessage()
                .contains("cannot parse"));
        SelfSignedCertificate ec = SelfSignedCertificate.create(dir, "ec", "EC Site", "EC");
        Path ecPem = dir.resolve("ec.pem");
        Files.writeString(ecPem, ec.pem());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedIssuer.readKeys(ecPem)).getMessage()
                .contains("no RSA public key or certificate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedIssuer.readKeys(dir.resolve("none.pem")))
                .getMessage().contains("cannot read"));
        Files.writeString(dir.resolve(AuthSettings.FILE), "trustedIssuer.1.name=" + ISSUER + "\ntrustedIssuer.1.audience="
                + AuthSettings.TENANT_AUDIENCE + "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthSettings.load(dir)).getMessage()
                .contains("trustedIssuer.1.key is required"));
    }
}
