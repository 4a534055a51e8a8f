package io.banwatch.inspect.dns;

import io.banwatch.decode.AnomalyCounters;
import java.nio.charset.StandardCharsets;

/**
 * Reads domain names (RFC 1035 3.1, 4.1.4) out of a DNS message in place, into a reusable text buffer. A compression
 * pointer may point anywhere in the message, forwards included, as resolvers, Suricata ({@code rust/src/dns/parser.rs})
 * and Wireshark follow it: a forward pointer is counted ({@link DnsAnomaly#NAME_POINTER_FORWARD}) and the name still
 * read, so that a crafted message cannot hide a name from the sensor that its receiver reads. A pointer to a place
 * this name already jumped to is a loop and refuses the name. Not thread-safe: one instance per capture thread.
 *
 * <pre>
 * name    = *label ( root / pointer )
 * label   = 00LLLLLL (length 1..63) + length octets
 * root    = 00000000
 * pointer = 11PPPPPP PPPPPPPP   (14-bit offset from the start of the message)
 * </pre>
 */
final class DnsNameReader {

    /** RFC 1035 2.3.4: a name is at most 255 octets on the wire, length octets and the root label included. */
    static final int MAX_NAME_OCTETS = 255;

    /**
     * A name of 255 octets has at most 127 labels, so a compressor never needs more than 127 pointers for one; a few
     * servers chain pointers to pointers (dozens seen in real captures), which this still allows. Loops are found
     * exactly (a target visited twice); this cap bounds the work spent on one name that never revisits one.
     */
    static final int MAX_POINTER_HOPS = 128;

    /** RFC 1035 4.1.4: a pointer's offset has 14 bits, so a name can jump to one of 16,384 places. */
    private static final int POINTER_TARGETS = 1 << 14;

    /** Longest text a name can produce: each of its under 254 label octets as a four-character escape, plus dots. */
    private static final int MAX_TEXT_CHARS = 4 * MAX_NAME_OCTETS;

    private static final int LABEL_TYPE_MASK = 0xc0;
    private static final int LABEL_NORMAL = 0x00;
    private static final int LABEL_POINTER = 0xc0;

    private final AnomalyCounters anomalies;
    private final byte[] text = new byte[MAX_TEXT_CHARS];
    /** The pointer targets of the name being read, one bit each, cleared after each name through {@link #visited}. */
    private final long[] visitedTargets = new long[POINTER_TARGETS / Long.SIZE];

    private final int[] visited = new int[MAX_POINTER_HOPS + 1];
    private int visitedCount;
    private int textLength;
    private DnsAnomaly failure;

    DnsNameReader(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /**
     * Reads the name at {@code position} of the message {@code data[messageStart, messageEnd)} into the text buffer.
     *
     * @return the offset just after the name where it stands (after its first pointer or its root label), or -1 with
     *     {@link #failure()} set
     */
    int read(byte[] data, int messageStart, int messageEnd, int position) {
        textLength = 0;
        failure = null;
        int end = readName(data, messageStart, messageEnd, position);
        for (int i = 0; i < visitedCount; i++) {
            visitedTargets[visited[i] >>> 6] = 0;
        }
        visitedCount = 0;
        return end;
    }

    private int readName(byte[] data, int messageStart, int messageEnd, int position) {
        int wireOctets = 1; // the root label that ends every name
        boolean forward = false;
        int cursor = position;
        int end = -1;
        int hops = 0;
        // Bounded: each pass adds at least 2 octets to wireOctets (capped at 255) or takes a hop (capped).
        while (true) {
            if (cursor >= messageEnd) {
                return fail(DnsAnomaly.NAME_TRUNCATED);
            }
            int lengthOctet = data[cursor] & 0xff;
            switch (lengthOctet & LABEL_TYPE_MASK) {
                case LABEL_NORMAL -> {
                    if (lengthOctet == 0) {
                        if (forward) {
                            anomalies.count(DnsAnomaly.NAME_POINTER_FORWARD);
                        }
                        return end >= 0 ? end : cursor + 1;
                    }
                    if (lengthOctet >= messageEnd - cursor) {
                        return fail(DnsAnomaly.NAME_TRUNCATED);
                    }
                    wireOctets += 1 + lengthOctet;
                    if (wireOctets > MAX_NAME_OCTETS) { // RFC 1035 2.3.4
                        return fail(DnsAnomaly.NAME_TOO_LONG);
                    }
                    appendLabel(data, cursor + 1, lengthOctet);
                    cursor += 1 + lengthOctet;
                }
                case LABEL_POINTER -> {
                    if (cursor + 2 > messageEnd) {
                        return fail(DnsAnomaly.NAME_TRUNCATED);
                    }
                    if (end < 0) {
                        end = cursor + 2;
                    }
                    // RFC 1035 4.1.4: the offset counts from the first octet of the message (the ID field).
                    int offset = ((lengthOctet & ~LABEL_TYPE_MASK) << 8) | (data[cursor + 1] & 0xff);
                    int target = messageStart + offset;
                    if (target >= messageEnd) {
                        return fail(DnsAnomaly.NAME_POINTER_OUT_OF_BOUNDS);
                    }
                    // Reading from a place already jumped to repeats what followed it: a loop, whatever its length.
                    long bit = 1L << offset;
                    if ((visitedTargets[offset >>> 6] & bit) != 0) {
                        return fail(DnsAnomaly.NAME_POINTER_LOOP);
                    }
                    if (++hops > MAX_POINTER_HOPS) {
                        return fail(DnsAnomaly.NAME_TOO_MANY_POINTERS);
                    }
                    visitedTargets[offset >>> 6] |= bit;
                    visited[visitedCount++] = offset;
                    // RFC 1035 4.1.4 compresses by pointing back to an earlier name; a pointer to itself or later is
                    // not what compressors write, but receivers follow it
                    forward |= target >= cursor;
                    cursor = target;
                }
                // 01 is the extended label type (RFC 6891 section 5), 10 is reserved: neither has a known length.
                default -> {
                    return fail(DnsAnomaly.LABEL_TYPE_RESERVED);
                }
            }
        }
    }

    /**
     * Finds the end of the name at {@code position} without decoding it or following pointers.
     *
     * @return the offset just after the name where it stands, or -1 with {@link #failure()} set
     */
    int skip(byte[] data, int messageEnd, int position) {
        failure = null;
        int cursor = position;
        // Bounded by the message: each label moves the cursor forward by at least 2 octets.
        while (cursor < messageEnd) {
            int lengthOctet = data[cursor] & 0xff;
            switch (lengthOctet & LABEL_TYPE_MASK) {
                case LABEL_NORMAL -> {
                    if (lengthOctet == 0) {
                        return cursor + 1;
                    }
                    cursor += 1 + lengthOctet;
                }
                case LABEL_POINTER -> {
                    return cursor + 2 <= messageEnd ? cursor + 2 : fail(DnsAnomaly.NAME_TRUNCATED);
                }
                default -> {
                    return fail(DnsAnomaly.LABEL_TYPE_RESERVED);
                }
            }
        }
        return fail(DnsAnomaly.NAME_TRUNCATED);
    }

    /** Why the last {@link #read} or {@link #skip} returned -1. */
    DnsAnomaly failure() {
        return failure;
    }

    /** The name of the last successful {@link #read}: lower case, no trailing dot, "." for the root. */
    String text() {
        if (textLength == 0) {
            return ".";
        }
        return new String(text, 0, textLength, StandardCharsets.ISO_8859_1);
    }

    private int fail(DnsAnomaly reason) {
        failure = reason;
        return -1;
    }

    /**
     * Appends one label: ASCII letters in lower case, other printable octets as they are (a '.' inside a label
     * included), and every other octet as a backslash and three octal digits, as tshark prints them.
     */
    private void appendLabel(byte[] data, int from, int length) {
        if (textLength > 0) {
            text[textLength++] = '.';
        }
        for (int i = from; i < from + length; i++) {
            int octet = data[i] & 0xff;
            if (octet >= 'A' && octet <= 'Z') {
                text[textLength++] = (byte) (octet + ('a' - 'A'));
            } else if (octet >= 0x21 && octet <= 0x7e) {
                text[textLength++] = (byte) octet;
            } else {
                text[textLength++] = '\\';
                text[textLength++] = (byte) ('0' + (octet >> 6));
                text[textLength++] = (byte) ('0' + ((octet >> 3) & 7));
                text[textLength++] = (byte) ('0' + (octet & 7));
            }
        }
    }
}
