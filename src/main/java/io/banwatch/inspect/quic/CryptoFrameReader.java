package io.banwatch.inspect.quic;

import io.banwatch.decode.AnomalyCounters;

/**
 * Walks the frames of a decrypted Initial payload (RFC 9000 19) and places its CRYPTO data into the connection's
 * {@link CryptoStream}. An Initial may carry only PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE (RFC 9000 12.4,
 * 17.2.2); any other frame ends the packet. The walk is bounded by the payload: every frame consumes at least one
 * byte.
 */
final class CryptoFrameReader {

    // RFC 9000 19 frame types; 12.4: a frame type uses its shortest encoding, so these are single bytes
    static final int PADDING = 0x00;
    static final int PING = 0x01;
    static final int ACK = 0x02;
    static final int ACK_ECN = 0x03;
    static final int CRYPTO = 0x06;
    static final int CONNECTION_CLOSE = 0x1c;

    // What reading a frame returns instead of the position after it: every failure is negative.
    private static final int TRUNCATED = -1;
    private static final int ACK_RANGES_BAD = -2;
    /** The stream refused the CRYPTO data (a cap was hit, already counted). */
    private static final int REFUSED = -3;

    private final AnomalyCounters anomalies;

    CryptoFrameReader(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /**
     * Reads the frames of {@code data[offset, end)} into {@code stream}.
     *
     * @return false when the stream can no longer become a ClientHello (a cap was hit) and the connection should be
     *     abandoned; a malformed packet alone returns true
     */
    boolean read(byte[] data, int offset, int end, CryptoStream stream, ByteBudget budget) {
        int pos = offset;
        while (pos < end) {
            pos = switch (data[pos] & 0xff) {
                case PADDING -> skipPadding(data, pos + 1, end);
                case PING -> pos + 1;
                case ACK -> skipAck(data, pos + 1, end, false);
                case ACK_ECN -> skipAck(data, pos + 1, end, true);
                case CONNECTION_CLOSE -> skipConnectionClose(data, pos + 1, end);
                case CRYPTO -> readCrypto(data, pos + 1, end, stream, budget);
                default -> {
                    anomalies.count(QuicAnomaly.FRAME_UNKNOWN);
                    yield end; // RFC 9000 12.4: not allowed in an Initial, and its length cannot be known
                }
            };
            if (pos == REFUSED) {
                return false;
            }
            if (pos < 0) { // the rest of the packet cannot be framed
                anomalies.count(pos == TRUNCATED ? QuicAnomaly.FRAME_TRUNCATED : QuicAnomaly.ACK_RANGES_BAD);
                return true;
            }
        }
        return true;
    }

    /** RFC 9000 19.1: PADDING is a single zero byte; a run of them is skipped at once. */
    private static int skipPadding(byte[] data, int pos, int end) {
        while (pos < end && data[pos] == PADDING) {
            pos++;
        }
        return pos;
    }

    /*
     * ACK Frame {
     *   Type (i) = 0x02..0x03, Largest Acknowledged (i), ACK Delay (i), ACK Range Count (i), First ACK Range (i),
     *   ACK Range (..) ...,        ACK Range { Gap (i), ACK Range Length (i) }
     *   [ECN Counts (..)],         ECN Counts { ECT0 Count (i), ECT1 Count (i), ECN-CE Count (i) }
     * }                                                                        RFC 9000 19.3
     */
    private static int skipAck(byte[] data, int pos, int end, boolean ecn) {
        pos = skipVarints(data, pos, end, 2); // Largest Acknowledged, ACK Delay
        if (pos < 0) {
            return pos;
        }
        long rangeCount = QuicVarint.read(data, pos, end);
        if (rangeCount == QuicVarint.TRUNCATED) {
            return TRUNCATED;
        }
        pos += QuicVarint.length(data[pos]);
        if (rangeCount > (end - pos) / 2) { // each range is two varints of at least one byte
            return ACK_RANGES_BAD;
        }
        pos = skipVarints(data, pos, end, 1 + 2 * (int) rangeCount); // First ACK Range, then the ranges
        return pos < 0 || !ecn ? pos : skipVarints(data, pos, end, 3); // RFC 9000 19.3.2
    }

    /*
     * CONNECTION_CLOSE Frame {
     *   Type (i) = 0x1c, Error Code (i), Frame Type (i), Reason Phrase Length (i), Reason Phrase (..),
     * }                                                                        RFC 9000 19.19
     */
    private static int skipConnectionClose(byte[] data, int pos, int end) {
        pos = skipVarints(data, pos, end, 2);
        if (pos < 0) {
            return pos;
        }
        long reasonLength = QuicVarint.read(data, pos, end);
        if (reasonLength == QuicVarint.TRUNCATED) {
            return TRUNCATED;
        }
        pos += QuicVarint.length(data[pos]);
        return end - pos < reasonLength ? TRUNCATED : pos + (int) reasonLength;
    }

    /*
     * CRYPTO Frame { Type (i) = 0x06, Offset (i), Length (i), Crypto Data (..) }    RFC 9000 19.6
     *
     * Returns the position after the frame, TRUNCATED, or REFUSED.
     */
    private int readCrypto(byte[] data, int pos, int end, CryptoStream stream, ByteBudget budget) {
        long offset = QuicVarint.read(data, pos, end);
        if (offset == QuicVarint.TRUNCATED) {
            return TRUNCATED;
        }
        pos += QuicVarint.length(data[pos]);
        long length = QuicVarint.read(data, pos, end);
        if (length == QuicVarint.TRUNCATED) {
            return TRUNCATED;
        }
        pos += QuicVarint.length(data[pos]);
        if (end - pos < length) {
            return TRUNCATED;
        }
        switch (stream.place(offset, data, pos, (int) length, budget)) {
            case PLACED -> {}
            case CONFLICT -> anomalies.count(QuicAnomaly.CRYPTO_CONFLICT);
            case BEYOND_CAP -> {
                anomalies.count(QuicAnomaly.CRYPTO_BEYOND_CAP);
                return REFUSED;
            }
            case TOO_FRAGMENTED -> {
                anomalies.count(QuicAnomaly.CRYPTO_TOO_FRAGMENTED);
                return REFUSED;
            }
            case OVER_BUDGET -> {
                anomalies.count(QuicAnomaly.BUFFER_BUDGET_EXCEEDED);
                return REFUSED;
            }
            case EVICTED -> {
                return REFUSED; // counted when the budget evicted it
            }
        }
        return pos + (int) length;
    }

    /** The position after {@code count} varints, or TRUNCATED. */
    private static int skipVarints(byte[] data, int pos, int end, int count) {
        for (int i = 0; i < count; i++) {
            if (pos >= end) {
                return TRUNCATED;
            }
            pos += QuicVarint.length(data[pos]);
            if (pos > end) {
                return TRUNCATED;
            }
        }
        return pos;
    }
}
