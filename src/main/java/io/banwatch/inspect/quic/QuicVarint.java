package io.banwatch.inspect.quic;

/**
 * Reads QUIC variable-length integers (RFC 9000 16): the two high bits of the first byte give the length (1, 2, 4
 * or 8 bytes), the rest is the value in network byte order.
 */
final class QuicVarint {

    /** What {@link #read} returns when the integer runs past the end; no varint is negative (62 bits at most). */
    static final long TRUNCATED = -1;

    private QuicVarint() {}

    /** The encoded length, from the first byte alone. */
    static int length(byte first) {
        return 1 << ((first & 0xff) >>> 6);
    }

    /** The value at {@code pos}, or {@link #TRUNCATED} when its bytes do not all lie before {@code end}. */
    static long read(byte[] data, int pos, int end) {
        if (pos >= end) {
            return TRUNCATED;
        }
        int length = length(data[pos]);
        if (end - pos < length) {
            return TRUNCATED;
        }
        long value = data[pos] & 0x3f;
        for (int i = 1; i < length; i++) {
            value = value << 8 | data[pos + i] & 0xff;
        }
        return value;
    }
}
