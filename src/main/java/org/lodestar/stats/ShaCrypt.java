package org.lodestar.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * crypt(3) SHA-crypt (Ulrich Drepper's {@code $5$} SHA-256 and {@code $6$} SHA-512, with {@code rounds=}),
 * computed by commons-codec's {@link Sha2Crypt}. The configuration parser lets only well-formed hashes of these
 * two schemes through.
 */
final class ShaCrypt {
    private ShaCrypt() {
    }

    /** Whether {@code password} (as UTF-8) gives {@code hash}, compared in constant time. */
    static boolean matches(String password, String hash) {
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        // The stored hash is its own salt: the scheme, the rounds and the salt are read from its start.
        String computed = hash.startsWith("$6$") ? Sha2Crypt.sha512Crypt(key, hash) : Sha2Crypt.sha256Crypt(key, hash);
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }
}
