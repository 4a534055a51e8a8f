package io.banwatch.inspect.quic;

/**
 * The fields of one long-header packet (RFC 9000 17.2) as positions in the datagram, read without copying. One
 * instance is reused for every packet of a capture thread.
 *
 * <pre>
 * Long Header Packet {
 *   Header Form (1) = 1, Fixed Bit (1) = 1, Long Packet Type (2), Type-Specific Bits (4),
 *   Version (32),
 *   Destination Connection ID Length (8), Destination Connection ID (0..160),
 *   Source Connection ID Length (8), Source Connection ID (0..160),
 *   Type-Specific Payload (..),
 * }
 * Initial Packet { ..., Token Length (i), Token (..), Length (i), Packet Number (8..32), Packet Payload (8..) }
 * 0-RTT and Handshake Packet { ..., Length (i), Packet Number (8..32), Packet Payload (8..) }   RFC 9000 17.2.2-4
 * </pre>
 */
final class LongHeader {

    /** Header form and fixed bit, RFC 9000 17.2: both set on every long-header packet. */
    static final int FORM_AND_FIXED_BITS = 0xc0;

    /** RFC 9000 17.2: QUIC v1 (and v2, RFC 9369) connection IDs are at most 20 bytes. */
    static final int MAX_CID_LENGTH = 20;

    /** First byte (1) and version (4). */
    private static final int VERSION_END = 5;

    int packetStart;
    int packetType;
    QuicVersion version;
    int dcidOffset;
    int dcidLength;
    int scidOffset;
    int scidLength;
    /** Where the (protected) packet number starts, the reference for the header protection sample. */
    int packetNumberOffset;
    /** The end of this packet: packet number offset plus the Length field (RFC 9000 17.2.2). */
    int packetEnd;

    /** Whether the bytes at {@code pos} start a long-header packet, from the first byte alone. */
    static boolean startsLongHeader(byte[] data, int pos, int end) {
        return pos < end && (data[pos] & FORM_AND_FIXED_BITS) == FORM_AND_FIXED_BITS;
    }

    /** The 32-bit version of the long header at {@code pos}; the caller checked that 5 bytes remain. */
    static int readVersion(byte[] data, int pos) {
        return (data[pos + 1] & 0xff) << 24
                | (data[pos + 2] & 0xff) << 16
                | (data[pos + 3] & 0xff) << 8
                | data[pos + 4] & 0xff;
    }

    /**
     * Reads the header of the packet at {@code pos}, whose version the caller already resolved.
     *
     * @return null when the packet is whole, else why not; {@link #isRetry()} packets stop after the connection IDs
     */
    QuicAnomaly read(byte[] data, int pos, int end, QuicVersion version) {
        this.packetStart = pos;
        this.version = version;
        this.packetType = (data[pos] & 0x30) >>> 4; // RFC 9000 17.2: Long Packet Type, bits 0x30
        if (end - pos < VERSION_END + 1) {
            return QuicAnomaly.HEADER_TRUNCATED;
        }
        int cursor = pos + VERSION_END;
        dcidLength = data[cursor++] & 0xff;
        if (dcidLength > MAX_CID_LENGTH) {
            return QuicAnomaly.CID_TOO_LONG;
        }
        if (end - cursor < dcidLength + 1) {
            return QuicAnomaly.HEADER_TRUNCATED;
        }
        dcidOffset = cursor;
        cursor += dcidLength;
        scidLength = data[cursor++] & 0xff;
        if (scidLength > MAX_CID_LENGTH) {
            return QuicAnomaly.CID_TOO_LONG;
        }
        if (end - cursor < scidLength) {
            return QuicAnomaly.HEADER_TRUNCATED;
        }
        scidOffset = cursor;
        cursor += scidLength;
        if (isRetry()) {
            packetEnd = end; // RFC 9000 17.2.5: a Retry has no Length and runs to the end of the datagram
            return null;
        }
        if (isInitial()) {
            long tokenLength = QuicVarint.read(data, cursor, end); // RFC 9000 17.2.2
            if (tokenLength == QuicVarint.TRUNCATED) {
                return QuicAnomaly.VARINT_TRUNCATED;
            }
            cursor += QuicVarint.length(data[cursor]);
            if (end - cursor < tokenLength) {
                return QuicAnomaly.HEADER_TRUNCATED;
            }
            cursor += (int) tokenLength;
        }
        long length = QuicVarint.read(data, cursor, end);
        if (length == QuicVarint.TRUNCATED) {
            return QuicAnomaly.VARINT_TRUNCATED;
        }
        cursor += QuicVarint.length(data[cursor]);
        if (end - cursor < length) {
            return QuicAnomaly.LENGTH_BEYOND_DATAGRAM;
        }
        packetNumberOffset = cursor;
        packetEnd = cursor + (int) length;
        return null;
    }

    boolean isInitial() {
        return version.isInitial(packetType);
    }

    boolean isRetry() {
        return version.isRetry(packetType);
    }
}
