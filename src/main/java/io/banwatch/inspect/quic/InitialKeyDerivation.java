package io.banwatch.inspect.quic;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Derives a connection's client Initial keys from the Destination Connection ID of its first Initial packet (RFC
 * 9001 5.2, RFC 9369 3.3): HKDF-Extract with the version's salt, then HKDF-Expand-Label (RFC 8446 7.1) "client in",
 * then "quic hp", and only for a packet that passes the header protection check "quic key"/"quic iv" ("quicv2 ..."
 * for v2). HMAC-SHA256 (RFC 2104) is computed here on one reused {@link MessageDigest} (the JDK's SHA-256, compiled
 * to the CPU's SHA instructions where it has them), so a derivation allocates nothing: the JCE's {@code Mac} takes a
 * new key object per call and allocates on every one. One instance per capture thread.
 */
final class InitialKeyDerivation {

    private static final int HASH_LENGTH = InitialKeys.SECRET_LENGTH;
    private static final int HMAC_BLOCK = 64; // RFC 2104 2: B, the SHA-256 block length
    private static final byte IPAD = 0x36, OPAD = 0x5c;

    // Each label ends with HKDF-Expand's block counter, 0x01: every output here is at most one hash long.
    private static final byte[] CLIENT_IN = hkdfLabel("client in", HASH_LENGTH);
    private static final byte[][] KEY_LABEL = perVersion("key", InitialKeys.KEY_LENGTH);
    private static final byte[][] IV_LABEL = perVersion("iv", InitialKeys.IV_LENGTH);
    private static final byte[][] HP_LABEL = perVersion("hp", InitialKeys.KEY_LENGTH);

    private final MessageDigest sha256;
    private final byte[] pad = new byte[HMAC_BLOCK];
    private final byte[] inner = new byte[HASH_LENGTH];
    private final byte[] initialSecret = new byte[HASH_LENGTH];
    private final byte[] block = new byte[HASH_LENGTH];

    InitialKeyDerivation() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no SHA-256", e);
        }
    }

    /** All client keys for the connection whose first Initial names {@code data[dcidOffset, +dcidLength)}. */
    InitialKeys derive(QuicVersion version, byte[] data, int dcidOffset, int dcidLength) {
        InitialKeys keys = new InitialKeys();
        deriveHeaderProtection(version, data, dcidOffset, dcidLength, keys);
        derivePacketKeys(keys);
        return keys;
    }

    /** The client secret and header protection key of this DCID into {@code keys}, which forgets its packet keys. */
    void deriveHeaderProtection(QuicVersion version, byte[] data, int dcidOffset, int dcidLength, InitialKeys keys) {
        keys.reset(version);
        byte[] salt = version.initialSalt();
        hmac(salt, salt.length, data, dcidOffset, dcidLength, initialSecret); // RFC 5869 2.2: salt is the HMAC key
        expand(initialSecret, CLIENT_IN, keys.clientSecret, HASH_LENGTH);
        expand(keys.clientSecret, HP_LABEL[version.ordinal()], keys.headerProtection, InitialKeys.KEY_LENGTH);
        Aes128.expandKey(keys.headerProtection, 0, keys.headerProtectionRoundKeys);
    }

    /** The AEAD key and IV from the client secret in {@code keys}, once. */
    void derivePacketKeys(InitialKeys keys) {
        if (keys.packetKeysDerived) {
            return;
        }
        int v = keys.version.ordinal();
        expand(keys.clientSecret, KEY_LABEL[v], keys.key, InitialKeys.KEY_LENGTH);
        expand(keys.clientSecret, IV_LABEL[v], keys.iv, InitialKeys.IV_LENGTH);
        Aes128.expandKey(keys.key, 0, keys.keyRoundKeys);
        keys.packetKeysDerived = true;
    }

    /** RFC 5869 2.3 HKDF-Expand for one block: every output here is at most one SHA-256 hash long. */
    private void expand(byte[] prk, byte[] info, byte[] out, int length) {
        hmac(prk, HASH_LENGTH, info, 0, info.length, block);
        System.arraycopy(block, 0, out, 0, length);
    }

    /** RFC 2104 2: H(K XOR opad, H(K XOR ipad, text)), for a key of at most one block, into {@code out[0, 32)}. */
    private void hmac(byte[] key, int keyLength, byte[] text, int offset, int length, byte[] out) {
        for (int i = 0; i < HMAC_BLOCK; i++) {
            pad[i] = (byte) ((i < keyLength ? key[i] : 0) ^ IPAD);
        }
        try {
            sha256.update(pad, 0, HMAC_BLOCK);
            sha256.update(text, offset, length);
            sha256.digest(inner, 0, HASH_LENGTH);
            for (int i = 0; i < HMAC_BLOCK; i++) {
                pad[i] ^= IPAD ^ OPAD;
            }
            sha256.update(pad, 0, HMAC_BLOCK);
            sha256.update(inner, 0, HASH_LENGTH);
            sha256.digest(out, 0, HASH_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
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
        byte[] info = new byte[2 + 1 + full.length + 1 + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) full.length;
        System.arraycopy(full, 0, info, 3, full.length);
        // the context length stays 0; then RFC 5869 2.3's counter of the first output block
        info[info.length - 1] = 1;
        return info;
    }
}
