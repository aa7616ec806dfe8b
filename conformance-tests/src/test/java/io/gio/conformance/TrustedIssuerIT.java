package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trusted external issuer configured by its token-signing certificate, black-box: the test makes
 * its own RSA key and self-signed certificate (as a WAP authentication site's, exported as PEM),
 * writes {@code auth.properties} into a new data directory and starts a gateway of its own on it.
 * Tokens the test signs with that key are accepted for their subject (Alice gets her tenant and her
 * subscriptions); a wrong issuer, audience, expiry or key is refused with 401 {@code invalid token}.
 */
class TrustedIssuerIT {

    private static final String ISSUER = "http://azureservices/AuthSite";
    private static final String AUDIENCE = "http://azureservices/TenantSite";
    private static final String ALICE = "alice@contoso.example";

    private static GatewayProcess gateway;
    private static Http http;
    private static SelfSignedCertificate site;
    private static SelfSignedCertificate stranger;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("gio-trusted");
        Path keys = Files.createTempDirectory("gio-trusted-keys");
        site = SelfSignedCertificate.create(keys, "authsite", "WAP Tenant Authentication Site", "RSA");
        stranger = SelfSignedCertificate.create(keys, "stranger", "WAP Tenant Authentication Site", "RSA");
        Files.writeString(data.resolve("wap-auth.pem"), site.pem());
        Files.writeString(data.resolve("auth.properties"), "trustedIssuer.1.name=" + ISSUER + "\n"
                + "trustedIssuer.1.audience=" + AUDIENCE + "\ntrustedIssuer.1.key=wap-auth.pem\ntrustedIssuer.1.role=tenant\n");
        gateway = GatewayProcess.start(data, "--sim-speed", "50");
        http = new Http(gateway.uri(), null, null);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static JWTClaimsSet.Builder claims(String upn) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).claim("upn", upn)
                .claim("unique_name", upn).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString());
    }

    private static String sign(RSAPrivateKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("authsite-signing").build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> get(String token, String path) {
        return http.get(path, "Authorization", "Bearer " + token, "Accept", "application/json");
    }

    @Test
    void theIssuersTokensAreAcceptedForTheirSubject() throws Exception {
        String token = sign(site.privateKey(), claims(ALICE).build());
        HttpResponse<String> me = get(token, "auth/me");
        assertEquals(200, me.statusCode(), me.body());
        JsonNode who = Http.json(me);
        assertEquals(ALICE, who.get("name").asText());
        assertEquals("Tenant", who.get("role").asText());
        assertEquals(ISSUER, who.get("issuer").asText());
        assertTrue(who.hasNonNull("tenantId"), "Alice's local account gives her tenant: " + who);

        JsonNode subscriptions = Http.json(get(token, "subscriptions/"));
        assertEquals(2, subscriptions.size(), subscriptions.toString());
        String v1 = TenantIsolationIT.demoSubscription("Contoso", "v1").toString();
        HttpResponse<String> clouds = get(token, v1 + "/services/systemcenter/vmm/Clouds");
        assertEquals(200, clouds.statusCode(), clouds.body());
        assertEquals("Contoso Cloud", Http.json(clouds).get("value").get(0).get("Name").asText());

        // another subject gets only what is its own: nothing here
        String zoe = sign(site.privateKey(), claims("zoe@tailspin.example").build());
        assertEquals("zoe@tailspin.example", Http.json(get(zoe, "auth/me")).get("name").asText());
        assertEquals(0, Http.json(get(zoe, "subscriptions/")).size());
        assertEquals(404, get(zoe, v1 + "/services/systemcenter/vmm/Clouds").statusCode());
        assertEquals(403, get(token, "plans").statusCode(), "a tenant issuer's token is no admin token");
    }

    @Test
    void wrongIssuerAudienceExpiryOrKeyIsRefused() throws Exception {
        Instant now = Instant.now();
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("wrong issuer", sign(site.privateKey(), claims(ALICE).issuer("http://azureservices/OtherSite").build()));
        probes.put("the gateway's own issuer name", sign(site.privateKey(), claims(ALICE).issuer("gio-gateway").build()));
        probes.put("wrong audience", sign(site.privateKey(), claims(ALICE).audience("http://azureservices/AdminSite")
                .build()));
        probes.put("expired", sign(site.privateKey(), claims(ALICE).issueTime(Date.from(now.minusSeconds(7200)))
                .notBeforeTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600)))
                .build()));
        probes.put("not yet valid", sign(site.privateKey(), claims(ALICE).notBeforeTime(Date.from(now.plusSeconds(3600)))
                .build()));
        probes.put("wrong key", sign(stranger.privateKey(), claims(ALICE).build()));
        String genuine = sign(site.privateKey(), claims("zoe@tailspin.example").build());
        String[] parts = genuine.split("\\.");
        String aliceClaims = sign(stranger.privateKey(), claims(ALICE).build()).split("\\.")[1];
        probes.put("tampered subject", parts[0] + "." + aliceClaims + "." + parts[2]);
        probes.put("no subject", sign(site.privateKey(), new JWTClaimsSet.Builder(claims(ALICE).build())
                .claim("upn", null).claim("unique_name", null).build()));
        for (Map.Entry<String, String> p : probes.entrySet()) {
            for (String path : List.of("auth/me", "subscriptions/",
                    TenantIsolationIT.demoSubscription("Contoso", "v1") + "/services/systemcenter/vmm/Clouds")) {
                HttpResponse<String> r = get(p.getValue(), path);
                assertEquals(401, r.statusCode(), p.getKey() + " on " + path + ": " + r.body());
                assertTrue(r.body().contains("<Message>invalid token</Message>"), p.getKey() + ": " + r.body());
                assertFalse(r.body().contains(p.getKey()), "nothing about the reason leaks");
                assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
            }
        }
        System.out.println("TrustedIssuerIT: " + probes.size() * 3 + " forged or stale token probes, all refused");
    }
}
