package io.banwatch.inspect.quic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives a connection's client Initial keys from the Destination Connection ID of its first Initial packet (RFC
 * 9001 5.2, RFC 9369 3.3): HKDF-Extract with the version's salt, then HKDF-Expand-Label (RFC 8446 7.1) "client in",
 * then "quic key"/"quic iv"/"quic hp" ("quicv2 ..." for v2). Reuses one {@link Mac}: one instance per capture
 * thread.
 */
final class InitialKeyDerivation {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32; // SHA-256, the hash of TLS_AES_128_GCM_SHA256 (RFC 9001 5.2)

    private static final byte[] CLIENT_IN = hkdfLabel("client in", HASH_LENGTH);
    private static final byte[][] KEY_LABEL = perVersion("key", InitialKeys.KEY_LENGTH);
    private static final byte[][] IV_LABEL = perVersion("iv", InitialKeys.IV_LENGTH);
    private static final byte[][] HP_LABEL = perVersion("hp", InitialKeys.KEY_LENGTH);

    private final Mac hmac;
    private final byte[] initialSecret = new byte[HASH_LENGTH];
    private final byte[] clientSecret = new byte[HASH_LENGTH];
    private final byte[] block = new byte[HASH_LENGTH];

    InitialKeyDerivation() {
        try {
            this.hmac = Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no " + HMAC, e);
        }
    }

    /** The client keys for the connection whose first Initial names {@code data[dcidOffset, +dcidLength)}. */
    InitialKeys derive(QuicVersion version, byte[] data, int dcidOffset, int dcidLength) {
        try {
            hmac.init(new SecretKeySpec(version.initialSalt(), HMAC)); // RFC 5869 2.2: salt is the HMAC key
            hmac.update(data, dcidOffset, dcidLength);
            hmac.doFinal(initialSecret, 0);
            expand(initialSecret, CLIENT_IN, clientSecret, HASH_LENGTH);
            int v = version.ordinal();
            byte[] key = new byte[InitialKeys.KEY_LENGTH];
            byte[] iv = new byte[InitialKeys.IV_LENGTH];
            byte[] hp = new byte[InitialKeys.KEY_LENGTH];
            expand(clientSecret, KEY_LABEL[v], key, key.length);
            expand(clientSecret, IV_LABEL[v], iv, iv.length);
            expand(clientSecret, HP_LABEL[v], hp, hp.length);
            return new InitialKeys(version, key, iv, hp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 refused a 32-byte key", e);
        }
    }

    /** The client_initial_secret of the last {@link #derive} call, for the RFC 9001 A.1 vector. */
    byte[] lastClientSecret() {
        return clientSecret.clone();
    }

    /** RFC 5869 2.3 HKDF-Expand for one block: every output here is at most one SHA-256 hash long. */
    private void expand(byte[] prk, byte[] info, byte[] out, int length) throws GeneralSecurityException {
        hmac.init(new SecretKeySpec(prk, HMAC));
        hmac.update(info);
        hmac.update((byte) 1);
        hmac.doFinal(block, 0);
        System.arraycopy(block, 0, out, 0, length);
    }

    private static byte[][] perVersion(String label, int length) {
        QuicVersion[] versions = QuicVersion.values();
        byte[][] labels = new byte[versions.length][];
        for (QuicVersion version : versions) {
            labels[version.ordinal()] = hkdfLabel(version.labelPrefix() + label, length);
        }
        return labels;
    }

    /*
     * struct {
     *     uint16 length = Length;
     *     opaque label<7..255> = "tls13 " + Label;
     *     opaque context<0..255> = Context;
     * } HkdfLabel;                                    RFC 8446 7.1, with an empty context (RFC 9001 5.1)
     */
    private static byte[] hkdfLabel(String label, int length) {
        byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + full.length + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) full.length;
        System.arraycopy(full, 0, info, 3, full.length);
        return info; // the last byte, the context length, stays 0
    }
}
