package io.gio.gateway.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.gio.spf.accounts.Principal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An external token issuer whose RS256 tokens the gateway accepts (a WAP authentication site,
 * ADFS), as SPF's trusted issuers allow.
 *
 * @param name the exact {@code iss} claim value
 * @param audience the {@code aud} value its tokens must carry for this gateway
 * @param role the role its token holders get ({@code TENANT} unless configured as {@code admin})
 * @param keys its verification keys, each with the key id it was published under, when known
 */
public record TrustedIssuer(String name, String audience, Principal.Role role, List<IssuerKey> keys) {

    /** One verification key; {@code kid} is present when it came from a JWKS. */
    public record IssuerKey(Optional<String> kid, RSAPublicKey key) {}

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    public TrustedIssuer {
        requireNonNull(name, "name is null");
        requireNonNull(audience, "audience is null");
        requireNonNull(role, "role is null");
        keys = List.copyOf(keys);
        if (name.isBlank() || audience.isBlank()) {
            throw new IllegalArgumentException("a trusted issuer needs a name and an audience");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("trusted issuer '" + name + "' has no RSA public key");
        }
    }

    /**
     * Reads the keys in {@code file}: PEM public keys ({@code BEGIN PUBLIC KEY}), PEM X.509
     * certificates ({@code BEGIN CERTIFICATE}), or a JWKS JSON document ({@code {"keys":[..]}});
     * only RSA keys are taken.
     */
    public static List<IssuerKey> readKeys(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read trusted issuer key file " + file + ": " + e.getMessage(), e);
        }
        List<IssuerKey> keys = new ArrayList<>();
        try {
            if (text.stripLeading().startsWith("{")) {
                for (JWK jwk : JWKSet.parse(text).getKeys()) {
                    if (jwk instanceof RSAKey rsa) {
                        keys.add(new IssuerKey(Optional.ofNullable(rsa.getKeyID()), rsa.toRSAPublicKey()));
                    }
                }
                return keys;
            }
            Matcher m = PEM.matcher(text);
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
                PublicKey key = switch (m.group(1)) {
                    case "PUBLIC KEY" -> KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
                    case "CERTIFICATE" -> ((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der))).getPublicKey();
                    default -> null;
                };
                if (key instanceof RSAPublicKey rsa) {
                    keys.add(new IssuerKey(Optional.empty(), rsa));
                }
            }
        } catch (GeneralSecurityException | java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalArgumentException("cannot parse trusted issuer key file " + file + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no RSA public key or certificate in " + file);
        }
        return keys;
    }
}
