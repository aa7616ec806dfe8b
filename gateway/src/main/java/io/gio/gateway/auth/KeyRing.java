package io.gio.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.gio.spf.accounts.SigningKeyStore;
import io.gio.spf.accounts.SigningKeyStore.StoredKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's RSA signing keys: generated on first start, kept in the store with the private
 * key encrypted (AES-256-GCM under a key-encryption key that lives outside the database),
 * replaced after {@code rotateAfter}. The newest unretired key signs; a retired key keeps
 * verifying until every token it signed has expired, then it is deleted. Private keys never
 * leave this class except as a signer.
 */
public final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    static final String ENCRYPTION = "aes-256-gcm";
    private static final int RSA_BITS = 2048;
    private static final Duration MISS_REFRESH = Duration.ofSeconds(10);

    /** A key as loaded: public always; private when it could be decrypted. */
    record Key(String kid, RSAPublicKey publicKey, Optional<RSAPrivateKey> privateKey, Instant created,
            Optional<Instant> retired) {}

    private final SigningKeyStore store;
    private final SecretKey kek;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final Duration clockSkew;
    private final Duration rotateAfter;
    private final SecureRandom random = new SecureRandom();
    private volatile List<Key> keys = List.of();
    private volatile Instant lastRefresh = Instant.EPOCH;

    public KeyRing(SigningKeyStore store, SecretKey kek, Clock clock, AuthSettings settings) {
        this.store = store;
        this.kek = kek;
        this.clock = clock;
        this.tokenLifetime = settings.tokenLifetime();
        this.clockSkew = settings.clockSkew();
        this.rotateAfter = settings.rotateAfter();
    }

    /**
     * Reloads the keys from the store; adds a key when there is no usable signing key or the
     * current one is older than {@code rotateAfter}; deletes keys no token can need any more.
     */
    public synchronized void refresh() {
        Instant now = clock.instant();
        int deleted = store.deleteRetiredBefore(now.minus(tokenLifetime).minus(clockSkew).minus(Duration.ofHours(1)));
        if (deleted > 0) {
            LOG.info("Deleted {} retired token-signing key(s) whose tokens have all expired", deleted);
        }
        load();
        Optional<Key> signer = current();
        if (signer.isEmpty()) {
            rotate("no usable signing key");
        } else if (!signer.get().created().plus(rotateAfter).isAfter(now)) {
            rotate("signing key " + signer.get().kid() + " is older than " + rotateAfter);
        }
    }

    /** Adds a new signing key; the previous one is retired but still verifies. Returns the new key id. */
    public synchronized String rotate(String why) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(RSA_BITS, random);
            KeyPair pair = g.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            String kid = new RSAKey.Builder(pub).build().computeThumbprint().toString();
            store.addAndRetireOthers(new StoredKey(kid, JWSAlgorithm.RS256.getName(), pub.getEncoded(),
                    encrypt(pair.getPrivate().getEncoded()), ENCRYPTION, clock.instant(), Optional.empty()));
            LOG.info("New token-signing key {} ({})", kid, why);
            load();
            return kid;
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key: " + e.getMessage(), e);
        }
    }

    /** The key that signs new tokens: the newest unretired key with a usable private key. */
    Optional<Key> current() {
        Key newest = null;
        for (Key k : keys) {
            if (k.retired().isEmpty() && k.privateKey().isPresent()) {
                newest = k;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** The signer as a JWK (with its private part): for {@link TokenIssuer} only. */
    RSAKey signingJwk() {
        Key k = current().orElseGet(() -> {
            refresh();
            return current().orElseThrow(() -> new IllegalStateException("no signing key"));
        });
        return new RSAKey.Builder(k.publicKey()).privateKey(k.privateKey().orElseThrow()).keyID(k.kid())
                .algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build();
    }

    /** The public key {@code kid} if it may still verify tokens; reloads the store (rate-limited) on a miss. */
    Optional<RSAPublicKey> verificationKey(String kid) {
        Optional<RSAPublicKey> k = find(kid);
        if (k.isEmpty() && clock.instant().isAfter(lastRefresh.plus(MISS_REFRESH))) {
            synchronized (this) {
                if (clock.instant().isAfter(lastRefresh.plus(MISS_REFRESH))) {
                    load();
                }
            }
            k = find(kid);
        }
        return k;
    }

    private Optional<RSAPublicKey> find(String kid) {
        Instant cutoff = clock.instant().minus(tokenLifetime).minus(clockSkew);
        for (Key k : keys) {
            if (k.kid().equals(kid) && (k.retired().isEmpty() || k.retired().get().isAfter(cutoff))) {
                return Optional.of(k.publicKey());
            }
        }
        return Optional.empty();
    }

    /** The verification keys as a JWKS: public parts only, {@code kid}, {@code alg: RS256}, {@code use: sig}. */
    public JWKSet publicJwks() {
        Instant cutoff = clock.instant().minus(tokenLifetime).minus(clockSkew);
        List<com.nimbusds.jose.jwk.JWK> out = new ArrayList<>();
        for (Key k : keys) {
            if (k.retired().isEmpty() || k.retired().get().isAfter(cutoff)) {
                out.add(new RSAKey.Builder(k.publicKey()).keyID(k.kid()).algorithm(JWSAlgorithm.RS256)
                        .keyUse(KeyUse.SIGNATURE).build());
            }
        }
        return new JWKSet(out);
    }

    private void load() {
        List<Key> loaded = new ArrayList<>();
        for (StoredKey s : store.all()) {
            if (!JWSAlgorithm.RS256.getName().equals(s.algorithm())) {
                continue;
            }
            try {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(s.publicKey()));
                Optional<RSAPrivateKey> priv = Optional.empty();
                if (s.retired().isEmpty()) {
                    try {
                        priv = Optional.of((RSAPrivateKey) KeyFactory.getInstance("RSA")
                                .generatePrivate(new PKCS8EncodedKeySpec(decrypt(s.privateKey(), s.encryption()))));
                    } catch (GeneralSecurityException e) {
                        LOG.warn("Signing key {} cannot be decrypted with this gateway's key-encryption key;"
                                + " it only verifies", s.kid());
                    }
                }
                loaded.add(new Key(s.kid(), pub, priv, s.created(), s.retired()));
            } catch (GeneralSecurityException | ClassCastException e) {
                LOG.warn("Skipping unreadable signing key {}", s.kid());
            }
        }
        keys = List.copyOf(loaded);
        lastRefresh = clock.instant();
    }

    private byte[] encrypt(byte[] plain) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(128, iv));
        byte[] ct = c.doFinal(plain);
        byte[] out = new byte[iv.length + ct.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(ct, 0, out, iv.length, ct.length);
        return out;
    }

    private byte[] decrypt(byte[] stored, String encryption) throws GeneralSecurityException {
        if (!ENCRYPTION.equals(encryption) || stored.length < 13) {
            throw new GeneralSecurityException("unsupported private key encryption");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, stored, 0, 12));
        return c.doFinal(stored, 12, stored.length - 12);
    }

    /** A fresh random key-encryption key (tests, or a gateway without a data directory). */
    public static SecretKey randomKek() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new SecretKeySpec(b, "AES");
    }

    /**
     * The key-encryption key in {@code file} (base64 of 32 bytes), created with owner-only
     * permissions when missing. Keep it with the data directory but out of database backups.
     */
    public static SecretKey loadOrCreateKek(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] b = new byte[32];
                new SecureRandom().nextBytes(b);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "kek", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(b) + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] b = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (b.length != 32) {
                throw new IllegalStateException(file + " must hold base64 of 32 bytes");
            }
            return new SecretKeySpec(b, "AES");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the key-encryption key " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
