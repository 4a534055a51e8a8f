package io.banwatch.inspect.quic;

import java.util.HexFormat;

/** The QUIC versions whose Initial packets can be opened: their wire value, initial salt, labels and type bits. */
enum QuicVersion {
    /** RFC 9000, RFC 9001 5.2. */
    V1(0x00000001, "38762cf7f55934b34d179ae6a4c80cadccbb7f0a", "quic ", 0b00, 0b11),
    /** RFC 9369 3.2 (packet types), 3.3.1 (salt), 3.3.2 (labels). */
    V2(0x6b3343cf, "0dede3def700a6db819381be6e269dcbf9bd2ed9", "quicv2 ", 0b01, 0b00);

    private final int wire;
    private final byte[] initialSalt;
    private final String labelPrefix;
    private final int initialType;
    private final int retryType;

    QuicVersion(int wire, String initialSalt, String labelPrefix, int initialType, int retryType) {
        this.wire = wire;
        this.initialSalt = HexFormat.of().parseHex(initialSalt);
        this.labelPrefix = labelPrefix;
        this.initialType = initialType;
        this.retryType = retryType;
    }

    /** The version with this wire value, or null when it is not one that can be opened. */
    static QuicVersion of(int wire) {
        if (wire == V1.wire) {
            return V1;
        }
        return wire == V2.wire ? V2 : null;
    }

    /** RFC 9000 15: versions of the form 0x?a?a?a?a are reserved to exercise version negotiation. */
    static boolean isReserved(int wire) {
        return (wire & 0x0f0f0f0f) == 0x0a0a0a0a;
    }

    int wire() {
        return wire;
    }

    /** Callers must not modify the salt. */
    byte[] initialSalt() {
        return initialSalt;
    }

    /** "quic " for v1, "quicv2 " for v2 (RFC 9369 3.3.2), before "key", "iv" and "hp". */
    String labelPrefix() {
        return labelPrefix;
    }

    boolean isInitial(int packetType) {
        return packetType == initialType;
    }

    /** Retry is the one long-header type without a Length field, so it ends the walk of a datagram. */
    boolean isRetry(int packetType) {
        return packetType == retryType;
    }

    /** The long-header type bits of an Initial packet: 0b00 in v1, 0b01 in v2. */
    int initialType() {
        return initialType;
    }
}
