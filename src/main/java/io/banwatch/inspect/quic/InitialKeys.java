package io.banwatch.inspect.quic;

import javax.crypto.spec.SecretKeySpec;

/**
 * The client's Initial packet protection keys of one connection (RFC 9001 5.2): AEAD key, IV and header protection
 * key, all for AEAD_AES_128_GCM. Derived in two steps, because 3 in 4 junk Initials are refused by the header
 * protection check alone: first the client secret and the header protection key ({@link
 * InitialKeyDerivation#deriveHeaderProtection}), then, for a packet that passes it, the AEAD key and IV ({@link
 * InitialKeyDerivation#derivePacketKeys}). Mutable so that {@link InitialKeyCache} can reuse one instance per slot;
 * a connection keeps a {@link #copy()}.
 */
final class InitialKeys {

    static final int KEY_LENGTH = 16;
    static final int IV_LENGTH = 12;
    static final int SECRET_LENGTH = 32; // SHA-256, the hash of TLS_AES_128_GCM_SHA256 (RFC 9001 5.2)

    QuicVersion version;
    final byte[] clientSecret = new byte[SECRET_LENGTH];
    final byte[] headerProtection = new byte[KEY_LENGTH];
    final int[] headerProtectionRoundKeys = new int[Aes128.ROUND_KEY_WORDS];

    /** Whether {@link #key}, {@link #iv} and {@link #keyRoundKeys} hold this connection's. */
    boolean packetKeysDerived;

    final byte[] key = new byte[KEY_LENGTH];
    final byte[] iv = new byte[IV_LENGTH];
    final int[] keyRoundKeys = new int[Aes128.ROUND_KEY_WORDS];
    private SecretKeySpec packetKeySpec;

    QuicVersion version() {
        return version;
    }

    /** Called when the slot is derived anew. */
    void reset(QuicVersion version) {
        this.version = version;
        this.packetKeysDerived = false;
        this.packetKeySpec = null;
    }

    /** The AEAD key for the JCE's AES-GCM, made once per connection (only packets that pass every pre-check). */
    SecretKeySpec packetKey() {
        if (packetKeySpec == null) {
            packetKeySpec = new SecretKeySpec(key, "AES");
        }
        return packetKeySpec;
    }

    SecretKeySpec headerProtectionKey() {
        return new SecretKeySpec(headerProtection, "AES");
    }

    /** Callers must not modify the IV. */
    byte[] iv() {
        return iv;
    }

    /** An independent copy, for a connection to keep while the cache slot is reused. */
    InitialKeys copy() {
        InitialKeys copy = new InitialKeys();
        copy.version = version;
        copy.packetKeysDerived = packetKeysDerived;
        System.arraycopy(clientSecret, 0, copy.clientSecret, 0, SECRET_LENGTH);
        System.arraycopy(headerProtection, 0, copy.headerProtection, 0, KEY_LENGTH);
        System.arraycopy(headerProtectionRoundKeys, 0, copy.headerProtectionRoundKeys, 0, Aes128.ROUND_KEY_WORDS);
        System.arraycopy(key, 0, copy.key, 0, KEY_LENGTH);
        System.arraycopy(iv, 0, copy.iv, 0, IV_LENGTH);
        System.arraycopy(keyRoundKeys, 0, copy.keyRoundKeys, 0, Aes128.ROUND_KEY_WORDS);
        return copy;
    }
}
