package io.gio.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box token security over HTTP, knowing only the JWKS at /auth/keys and the tokens
 * /auth/token hands out: a genuine token works, and every forged one (alg none, HS256 signed with
 * the published public key, a stranger's key under the real kid or embedded in the header,
 * expired, wrong issuer or audience, tampered payload, ...) is refused with 401
 * {@code invalid token} and nothing more. A gateway of its own, so lock-outs touch no other suite.
 */
class AuthTokensIT {

    private static final String ALICE = "alice@contoso.example";
    private static GatewayProcess gateway;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayProcess.start(Files.createTempDirectory("gio-auth"), "--sim-speed", "50");
        http = new Http(gateway.uri(), null, null);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static HttpResponse<String> tokenRequest(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(http.request("auth/token").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private static String token(String user, String password) {
        HttpResponse<String> r = tokenRequest("grant_type", "password", "username", user, "password", password);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Http.json(r);
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("expires_in").asLong() > 0);
        return body.get("access_token").asText();
    }

    private static HttpResponse<String> me(String token) {
        return http.get("auth/me", "Authorization", "Bearer " + token);
    }

    @Test
    void genuineTokensWorkAndVerifyWithThePublishedJwks() throws Exception {
        String token = token(ALICE, GatewayProcess.DEMO_PASSWORD);
        JWKSet jwks = JWKSet.parse(http.get("auth/keys").body());
        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the token's kid is published");
        assertFalse(key.isPrivate());
        assertTrue(jwt.verify(new RSASSAVerifier(key)));
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals(List.of("http://azureservices/TenantSite"), c.getAudience());
        assertEquals(ALICE, c.getStringClaim("upn"));
        assertNotNull(c.getJWTID());
        assertNotNull(c.getNotBeforeTime());

        HttpResponse<String> r = me(token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(ALICE, Http.json(r).get("name").asText());
        assertEquals("Tenant", Http.json(r).get("role").asText());
        HttpResponse<String> admin = me(token("admin", GatewayProcess.ADMIN_PASSWORD));
        assertEquals("Admin", Http.json(admin).get("role").asText());
        // the SPF paths keep Basic: a bearer token there is a Basic challenge
        HttpResponse<String> spf = http.get(SharedGateway.SPF + "Clouds", "Authorization", "Bearer " + token);
        assertEquals(401, spf.statusCode());
        assertTrue(spf.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void everyForgedTokenIsRefused() throws Exception {
        String genuine = token(ALICE, GatewayProcess.DEMO_PASSWORD);
        SignedJWT real = SignedJWT.parse(genuine);
        JWTClaimsSet claims = real.getJWTClaimsSet();
        String kid = real.getHeader().getKeyID();
        RSAKey published = (RSAKey) JWKSet.parse(http.get("auth/keys").body()).getKeyByKeyId(kid);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(kid).generate();
        String[] parts = genuine.split("\\.");
        Instant now = Instant.now();

        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("alg none, unsigned", new PlainJWT(claims).serialize());
        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        probes.put("alg none header, real signature", noneHeader + "." + parts[1] + "." + parts[2]);
        probes.put("alg none header, empty signature", noneHeader + "." + parts[1] + ".");
        probes.put("alg None (case)", Base64URL.encode("{\"alg\":\"None\"}") + "." + parts[1] + ".");
        byte[] der = published.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        probes.put("HS256 with the public key DER", hmac(JWSAlgorithm.HS256, der, kid, claims));
        probes.put("HS256 with the public key PEM", hmac(JWSAlgorithm.HS256, pem.getBytes(StandardCharsets.US_ASCII), kid, claims));
        probes.put("HS256 with the JWK JSON", hmac(JWSAlgorithm.HS256,
                published.toJSONString().getBytes(StandardCharsets.UTF_8), kid, claims));
        probes.put("HS512 with the public key DER", hmac(JWSAlgorithm.HS512, der, kid, claims));
        probes.put("stranger's key under the real kid", rsa(JWSAlgorithm.RS256, stranger, kid, claims, false));
        probes.put("stranger's key embedded as jwk header", rsa(JWSAlgorithm.RS256, stranger, kid, claims, true));
        probes.put("stranger's key, unknown kid", rsa(JWSAlgorithm.RS256, stranger, "no-such-kid", claims, false));
        probes.put("stranger's key, no kid", rsa(JWSAlgorithm.RS256, stranger, null, claims, false));
        // claim checks on a correctly signed token: TrustedIssuerIT (a configured issuer's key) and TokenValidatorTest
        JWTClaimsSet.Builder base = new JWTClaimsSet.Builder(claims);
        probes.put("expired, stranger's key", rsa(JWSAlgorithm.RS256, stranger, kid,
                new JWTClaimsSet.Builder(claims).expirationTime(Date.from(now.minusSeconds(3600))).build(), false));
        probes.put("not yet valid, stranger's key", rsa(JWSAlgorithm.RS256, stranger, kid,
                new JWTClaimsSet.Builder(claims).notBeforeTime(Date.from(now.plusSeconds(3600))).build(), false));
        probes.put("wrong issuer, stranger's key", rsa(JWSAlgorithm.RS256, stranger, kid, base.issuer("https://evil.example/").build(), false));
        probes.put("wrong audience, stranger's key", rsa(JWSAlgorithm.RS256, stranger, kid,
                new JWTClaimsSet.Builder(claims).audience("http://azureservices/AdminSite").build(), false));
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        probes.put("tampered payload: other user", parts[0] + "."
                + Base64URL.encode(payload.replace(ALICE, "bob@fabrikam.example")) + "." + parts[2]);
        probes.put("tampered payload: admin role", parts[0] + "."
                + Base64URL.encode(payload.replace("\"Tenant\"", "\"Admin\"")
                        .replace("http://azureservices/TenantSite", "http://azureservices/AdminSite")) + "." + parts[2]);
        long exp = claims.getExpirationTime().getTime() / 1000;
        probes.put("tampered payload: later exp", parts[0] + "."
                + Base64URL.encode(payload.replace(Long.toString(exp), Long.toString(exp + 86_400))) + "." + parts[2]);
        probes.put("tampered header: RS512", Base64URL.encode("{\"alg\":\"RS512\",\"kid\":\"" + kid + "\"}") + "."
                + parts[1] + "." + parts[2]);
        probes.put("signature stripped", parts[0] + "." + parts[1] + ".");
        probes.put("signature truncated", parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4));
        probes.put("RS512 signed by a stranger", rsa(JWSAlgorithm.RS512, stranger, kid, claims, false));
        probes.put("PS256 signed by a stranger", rsa(JWSAlgorithm.PS256, stranger, kid, claims, false));
        probes.put("garbage", "not-a-jwt");
        probes.put("two parts", parts[0] + "." + parts[1]);
        probes.put("oversized", "a".repeat(20_000));
        probes.put("JWE-shaped", parts[0] + "." + parts[1] + "." + parts[2] + ".x.y");

        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, String> p : probes.entrySet()) {
            HttpResponse<String> r = me(p.getValue());
            if (p.getKey().equals("oversized") && r.statusCode() == 400) {
                continue; // the HTTP layer refuses a header this large before any filter runs
            }
            if (r.statusCode() != 401
                    || !r.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\"")
                    || !r.body().contains("<Message>invalid token</Message>")
                    || !r.body().contains("xmlns=\"http://schemas.microsoft.com/windowsazure\"")) {
                accepted.add(p.getKey() + " -> " + r.statusCode() + " " + r.body());
            }
        }
        System.out.println("AuthTokensIT: " + probes.size() + " forged-token probes tried, "
                + (probes.size() - accepted.size()) + " refused");
        assertTrue(accepted.isEmpty(), "forged tokens not refused as expected: " + accepted);
        // and the genuine one still works after all that
        assertEquals(200, me(genuine).statusCode());
    }

    @Test
    void tokenEndpointErrorsAndLockout() {
        HttpResponse<String> grant = tokenRequest("grant_type", "client_credentials");
        assertEquals(400, grant.statusCode());
        assertEquals("unsupported_grant_type", Http.json(grant).get("error").asText());
        String user = "bob@fabrikam.example";
        int failures = 0;
        HttpResponse<String> r;
        do {
            r = tokenRequest("grant_type", "password", "username", user, "password", "wrong-" + UUID.randomUUID());
            failures++;
            if (r.statusCode() == 400) {
                assertEquals("invalid_grant", Http.json(r).get("error").asText());
            }
        } while (r.statusCode() == 400 && failures < 20);
        assertEquals(429, r.statusCode(), "locked out after " + failures + " failures");
        assertTrue(failures <= 6, "lock-out came after " + failures + " failures");
        HttpResponse<String> locked = tokenRequest("grant_type", "password", "username", user,
                "password", GatewayProcess.DEMO_PASSWORD);
        assertEquals(429, locked.statusCode(), "even the right password waits");
        assertTrue(Integer.parseInt(locked.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        // other users are not affected
        token(ALICE, GatewayProcess.DEMO_PASSWORD);
    }

    private static String hmac(JWSAlgorithm alg, byte[] secret, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String rsa(JWSAlgorithm alg, RSAKey key, String kid, JWTClaimsSet claims, boolean embedJwk)
            throws Exception {
        JWSHeader.Builder h = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid);
        if (embedJwk) {
            h.jwk(key.toPublicJWK());
        }
        SignedJWT jwt = new SignedJWT(h.build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

}
