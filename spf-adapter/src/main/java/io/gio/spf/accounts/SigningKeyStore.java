package io.gio.spf.accounts;

import static io.gio.spf.store.SpfStore.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The stored token-signing keys, as opaque encoded bytes: what they mean (RSA, how the private
 * key is encrypted) is the gateway's business. Rows are only added, retired and, long after their
 * last token expired, deleted.
 */
public final class SigningKeyStore {

    /** One stored key. {@code privateKey} is encrypted as {@code encryption} names. */
    public record StoredKey(String kid, String algorithm, byte[] publicKey, byte[] privateKey, String encryption,
            Instant created, Optional<Instant> retired) {}

    private final Jdbi jdbi;

    public SigningKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every stored key, oldest first. */
    public List<StoredKey> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT kid, algorithm, public_key, private_key,"
                        + " private_key_encryption, created, retired FROM gio_signing_key ORDER BY created, kid")
                .map((rs, ctx) -> new StoredKey(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject(7, OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .list());
    }

    /** Adds {@code key} and retires every other unretired key at its creation time, in one transaction. */
    public void addAndRetireOthers(StoredKey key) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE gio_signing_key SET retired = :t WHERE retired IS NULL")
                    .bind("t", utc(key.created())).execute();
            h.createUpdate("INSERT INTO gio_signing_key (kid, algorithm, public_key, private_key,"
                            + " private_key_encryption, created, retired) VALUES (:kid, :alg, :pub, :priv, :enc, :c, NULL)")
                    .bind("kid", key.kid()).bind("alg", key.algorithm()).bind("pub", key.publicKey())
                    .bind("priv", key.privateKey()).bind("enc", key.encryption()).bind("c", utc(key.created()))
                    .execute();
        });
    }

    /** Deletes keys retired before {@code cutoff}; returns how many. */
    public int deleteRetiredBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM gio_signing_key WHERE retired IS NOT NULL AND retired < :t")
                .bind("t", utc(cutoff)).execute());
    }
}
