-- The gateway's own token-signing keys (RSA, RS256). The public key is X.509 SubjectPublicKeyInfo
-- DER; the private key is PKCS#8 DER, encrypted at rest as named by private_key_encryption
-- ('aes-256-gcm': 12-byte IV followed by the ciphertext and tag, under the key-encryption key kept
-- outside the database). A key signs new tokens while it is the newest unretired one; after
-- retirement it still verifies tokens until retired + token lifetime, then it may be deleted.
CREATE TABLE gio_signing_key (
    kid                     VARCHAR(64) PRIMARY KEY,
    algorithm               VARCHAR(16) NOT NULL,
    public_key              VARBINARY(4096) NOT NULL,
    private_key             VARBINARY(8192) NOT NULL,
    private_key_encryption  VARCHAR(32) NOT NULL,
    created                 TIMESTAMP WITH TIME ZONE NOT NULL,
    retired                 TIMESTAMP WITH TIME ZONE
);
