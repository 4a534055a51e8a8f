package io.banwatch.inspect.kaspersky;

/**
 * The first-bytes signature of Kaspersky's native protocol, after libprotoident's {@code match_kaspersky}
 * ({@code lib/proto_common.cc}): the payload starts with {@code KS\0\0} or {@code KE\0\0}, or is exactly the two
 * bytes {@code PI} (libprotoident compares the first four payload bytes, zero-padded, with {@code PI\0\0} and
 * requires a payload length of 2).
 */
public final class KasperskySignature {

    /** libprotoident {@code lib/tcp/lpi_kaspersky.cc}: the protocol is seen on TCP port 443. */
    public static final int TCP_PORT = 443;

    /** libprotoident {@code lib/udp/lpi_kaspersky.cc}: the protocol is seen on UDP port 2001. */
    public static final int UDP_PORT = 2001;

    /** Bytes of the {@code KS\0\0} and {@code KE\0\0} prefixes. */
    static final int PREFIX_LENGTH = 4;

    /** The whole of a {@code PI} message. */
    static final int PING_LENGTH = 2;

    /** What the first bytes say. */
    public enum Verdict {
        MATCH,
        NO_MATCH,
        /** The bytes so far agree with a prefix that is not complete yet (a TCP stream may bring the rest). */
        NEED_MORE
    }

    private KasperskySignature() {}

    /**
     * Tests the first {@code length} bytes of a payload or stream. {@code PI} matches only when exactly two bytes are
     * there; a stream that has more than that after {@code PI} is not this protocol.
     */
    public static Verdict test(byte[] data, int offset, int length) {
        if (length < 1) {
            return Verdict.NEED_MORE;
        }
        int first = data[offset];
        if (first == 'P') {
            if (length < PING_LENGTH) {
                return Verdict.NEED_MORE;
            }
            return data[offset + 1] == 'I' && length == PING_LENGTH ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (first != 'K') {
            return Verdict.NO_MATCH;
        }
        if (length >= 2 && data[offset + 1] != 'S' && data[offset + 1] != 'E') {
            return Verdict.NO_MATCH;
        }
        int available = Math.min(length, PREFIX_LENGTH);
        for (int i = 2; i < available; i++) {
            if (data[offset + i] != 0) {
                return Verdict.NO_MATCH;
            }
        }
        return length >= PREFIX_LENGTH ? Verdict.MATCH : Verdict.NEED_MORE;
    }

    /** Whether one complete datagram carries the signature. */
    public static boolean matchesDatagram(byte[] data, int offset, int length) {
        return test(data, offset, length) == Verdict.MATCH;
    }
}
