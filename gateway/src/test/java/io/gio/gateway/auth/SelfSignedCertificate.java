package io.gio.gateway.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A key pair and its self-signed X.509 certificate, made by the JDK's own {@code keytool} (no
 * hand-written crypto, no extra library), as a WAP authentication site's or ADFS's token-signing
 * certificate would be exported.
 */
record SelfSignedCertificate(RSAPrivateKey privateKey, X509Certificate certificate) {

    private static final char[] PASSWORD = "changeit".toCharArray();

    /** A new RSA key pair of {@code keyAlg} ({@code RSA} or {@code EC}) with a certificate for {@code cn}. */
    static SelfSignedCertificate create(Path dir, String alias, String cn, String keyAlg) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", keyAlg, "-keysize", keyAlg.equals("RSA") ? "2048" : "256",
                "-dname", "CN=" + cn, "-validity", "30", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-noprompt")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
        return new SelfSignedCertificate(keyAlg.equals("RSA") ? (RSAPrivateKey) ks.getKey(alias, PASSWORD) : null, cert);
    }

    /** The certificate as PEM ({@code BEGIN CERTIFICATE}), as exported for a trusted issuer. */
    String pem() throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
