package io.banwatch.inspect.quic;

import javax.crypto.spec.SecretKeySpec;

/**
 * The client's Initial packet protection keys of one connection (RFC 9001 5.2): AEAD key, IV and header protection
 * key, all for AEAD_AES_128_GCM.
 */
final class InitialKeys {

    static final int KEY_LENGTH = 16;
    static final int IV_LENGTH = 12;

    private final QuicVersion version;
    private final SecretKeySpec packetKey;
    private final SecretKeySpec headerProtectionKey;
    private final byte[] iv;

    InitialKeys(QuicVersion version, byte[] key, byte[] iv, byte[] hp) {
        this.version = version;
        this.packetKey = new SecretKeySpec(key, "AES");
        this.headerProtectionKey = new SecretKeySpec(hp, "AES");
        this.iv = iv.clone();
    }

    QuicVersion version() {
        return version;
    }

    SecretKeySpec packetKey() {
        return packetKey;
    }

    SecretKeySpec headerProtectionKey() {
        return headerProtectionKey;
    }

    /** Callers must not modify the IV. */
    byte[] iv() {
        return iv;
    }
}
