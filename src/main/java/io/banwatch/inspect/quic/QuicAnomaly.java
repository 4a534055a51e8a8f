package io.banwatch.inspect.quic;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Why the QUIC inspector skipped a datagram, a packet, a frame or a connection. */
public enum QuicAnomaly implements Anomaly {
    /** A long header ends before its fixed fields, connection IDs, token or Length do (RFC 9000 17.2). */
    HEADER_TRUNCATED,
    /** A connection ID length above 20 bytes, which QUIC v1 and v2 forbid (RFC 9000 17.2). */
    CID_TOO_LONG,
    /** A variable-length integer runs past the end of its packet (RFC 9000 16). */
    VARINT_TRUNCATED,
    /** A packet's Length field runs past the end of the datagram, as in a capture cut by its snap length. */
    LENGTH_BEYOND_DATAGRAM,
    /** A packet too short to hold the 4 packet number bytes and the 16-byte header protection sample (RFC 9001 5.4.2). */
    SAMPLE_TRUNCATED,
    /** Version 0: a Version Negotiation packet (RFC 9000 17.2.1), which carries no ClientHello. */
    VERSION_NEGOTIATION,
    /** A reserved 0x?a?a?a?a version that clients send to exercise negotiation (RFC 9000 15). */
    VERSION_RESERVED,
    /** A version other than 1 and 2, such as a draft version; not inspected. */
    VERSION_UNSUPPORTED,
    /** More coalesced packets in one datagram than {@link QuicInspector#MAX_PACKETS_PER_DATAGRAM}. */
    TOO_MANY_COALESCED_PACKETS,
    /**
     * A client Initial in a UDP datagram shorter than 1,200 bytes, which a server must discard (RFC 9000 14.1): not
     * decrypted.
     */
    INITIAL_DATAGRAM_TOO_SMALL,
    /**
     * A client address asked for more new Initial keys than {@link InitialSourceBudget} allows per second: the packet
     * was skipped without deriving keys.
     */
    SOURCE_BUDGET_EXCEEDED,
    /** The key cache ({@link InitialKeyCache#SLOTS}) replaced the keys of another connection ID. */
    KEY_CACHE_REPLACED,
    /**
     * The Reserved Bits were set once header protection was removed (RFC 9000 17.2.2: sent as zero, and a receiver
     * refuses a packet that has them): not decrypted.
     */
    RESERVED_BITS_SET,
    /**
     * The first byte of the payload, decrypted from its first block alone, is no frame type an Initial may carry (RFC
     * 9000 12.4): junk or keys from another connection ID, refused without verifying the tag.
     */
    FIRST_FRAME_NOT_ALLOWED,
    /** The AEAD tag did not verify: a server Initial, a corrupted packet, or keys from another connection ID. */
    DECRYPT_FAILED,
    /** A frame type that an Initial packet may not carry (RFC 9000 12.4); the rest of the packet was skipped. */
    FRAME_UNKNOWN,
    /** A frame's fields run past the end of the decrypted payload (RFC 9000 19). */
    FRAME_TRUNCATED,
    /** An ACK frame announces more ranges than its bytes can hold (RFC 9000 19.3.1). */
    ACK_RANGES_BAD,
    /** CRYPTO data beyond {@link CryptoStream#MAX_BYTES}, larger than any ClientHello the TLS parser accepts. */
    CRYPTO_BEYOND_CAP,
    /** More disjoint CRYPTO pieces than {@link CryptoStream#MAX_RANGES} at once; the connection was abandoned. */
    CRYPTO_TOO_FRAGMENTED,
    /** Retransmitted CRYPTO bytes that differ from those already received (RFC 9000 19.6); the first were kept. */
    CRYPTO_CONFLICT,
    /** The connection table was full; its least recently seen connection was evicted to make room. */
    CONNECTION_TABLE_FULL,
    /**
     * One connection's buffer alone would have exceeded the table's byte budget (only when the budget is smaller than
     * the largest hello, since other buffers are evicted to make room); that connection was abandoned.
     */
    BUFFER_BUDGET_EXCEEDED,
    /** The byte budget was full: the least recently written connection's buffer was freed and it was abandoned. */
    BUFFER_EVICTED,
    /** A connection was evicted by the idle timeout before its ClientHello was complete. */
    CONNECTION_EXPIRED_INCOMPLETE;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "quic";
    }

    @Override
    public String reason() {
        return reason;
    }
}
