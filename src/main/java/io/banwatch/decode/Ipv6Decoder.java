package io.banwatch.decode;

/** IPv6 headers and extension header chains (RFC 8200), handing fragments to the {@link FragmentTable}. */
final class Ipv6Decoder {

    private static final int HEADER_LENGTH = 40;
    private static final int FRAGMENT_HEADER_LENGTH = 8;
    /**
     * RFC 8200 section 4.1 recommends at most one of each extension header (destination options twice): six
     * before an upper layer that banwatch reads. Eight leaves room and stops a packet made of headers.
     */
    static final int MAX_EXTENSION_HEADERS = 8;

    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int AUTHENTICATION = 51;
    private static final int NO_NEXT_HEADER = 59;
    private static final int DESTINATION_OPTIONS = 60;

    private final AnomalyCounters anomalies;
    private final FragmentTable fragments;

    Ipv6Decoder(AnomalyCounters anomalies, FragmentTable fragments) {
        this.anomalies = anomalies;
        this.fragments = fragments;
    }

    /**
     * <pre>
     * RFC 8200 section 3:
     *  Version(4) Traffic Class(8) Flow Label(20) | Payload Length(16) | Next Header(8) | Hop Limit(8) |
     *  Source Address(128) | Destination Address(128)
     * </pre>
     */
    int decode(Cursor cursor, DecodedPacket out, long nowNanos) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        int available = cursor.remaining();
        if (available < HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.IPV6_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((data[start] & 0xf0) != 0x60) {
            anomalies.count(DecodeAnomaly.IPV6_VERSION_MISMATCH);
            return Step.SKIP;
        }
        int payloadLength = Bytes.u16(data, start + 4);
        int nextHeader = Bytes.u8(data, start + 6);
        // RFC 2675 section 2: a jumbogram's length is in a hop-by-hop option; it keeps what was captured.
        boolean jumbogram = payloadLength == 0 && nextHeader == HOP_BY_HOP;
        if (!jumbogram && payloadLength > available - HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.IPV6_TRUNCATED);
            cursor.truncated = true;
        } else if (!jumbogram) {
            // Trusting the payload length keeps Ethernet padding out of the payload.
            cursor.end = start + HEADER_LENGTH + payloadLength;
        }
        out.ipVersion = 6;
        System.arraycopy(data, start + 8, out.sourceAddress, 0, 16);
        System.arraycopy(data, start + 24, out.destinationAddress, 0, 16);
        cursor.offset = start + HEADER_LENGTH;
        return extensionHeaders(cursor, out, nextHeader, nowNanos);
    }

    /** Walks the extension headers (RFC 8200 section 4) to the upper-layer header. */
    private int extensionHeaders(Cursor cursor, DecodedPacket out, int firstHeader, long nowNanos) {
        int nextHeader = firstHeader;
        for (int headers = 0; headers <= MAX_EXTENSION_HEADERS; headers++) {
            if (nextHeader == NO_NEXT_HEADER) {
                return Step.SKIP;
            }
            boolean extension = nextHeader == HOP_BY_HOP
                    || nextHeader == ROUTING
                    || nextHeader == FRAGMENT
                    || nextHeader == AUTHENTICATION
                    || nextHeader == DESTINATION_OPTIONS;
            if (!extension) {
                return Step.forIpProtocol(nextHeader);
            }
            if (headers == MAX_EXTENSION_HEADERS) {
                break;
            }
            nextHeader = nextHeader == FRAGMENT ? fragment(cursor, out, nowNanos) : skipOptions(cursor, nextHeader);
            if (nextHeader < 0) {
                return Step.SKIP;
            }
        }
        anomalies.count(DecodeAnomaly.IPV6_TOO_MANY_EXTENSION_HEADERS);
        return Step.SKIP;
    }

    /** Skips a Next Header(8) Hdr Ext Len(8) header; returns its next header, or -1 when it does not fit. */
    private int skipOptions(Cursor cursor, int type) {
        if (cursor.remaining() < 2) {
            anomalies.count(DecodeAnomaly.IPV6_EXTENSION_HEADER_TRUNCATED);
            return -1;
        }
        int lengthField = Bytes.u8(cursor.data, cursor.offset + 1);
        // RFC 8200 section 4.3-4.6: in 8-byte units beyond the first 8; RFC 4302 section 2.2 (AH): in 4-byte
        // units, minus 2.
        int length = type == AUTHENTICATION ? (lengthField + 2) * 4 : (lengthField + 1) * 8;
        if (length > cursor.remaining()) {
            anomalies.count(DecodeAnomaly.IPV6_EXTENSION_HEADER_TRUNCATED);
            return -1;
        }
        int nextHeader = Bytes.u8(cursor.data, cursor.offset);
        cursor.offset += length;
        return nextHeader;
    }

    /**
     * RFC 8200 section 4.5: Next Header(8) | Reserved(8) | Fragment Offset(13) Res(2) M(1) | Identification(32).
     * Returns the header after the fragment header, or -1 while the datagram is incomplete or was dropped.
     */
    private int fragment(Cursor cursor, DecodedPacket out, long nowNanos) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < FRAGMENT_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.IPV6_EXTENSION_HEADER_TRUNCATED);
            return -1;
        }
        int nextHeader = Bytes.u8(data, start);
        int offsetAndFlags = Bytes.u16(data, start + 2);
        int fragmentOffset = offsetAndFlags & 0xfff8;
        boolean moreFragments = (offsetAndFlags & 1) != 0;
        cursor.offset = start + FRAGMENT_HEADER_LENGTH;
        if (fragmentOffset == 0 && !moreFragments) {
            // RFC 6946 section 4: an atomic fragment is processed on its own, outside any reassembly.
            return nextHeader;
        }
        if (cursor.truncated) {
            anomalies.count(DecodeAnomaly.FRAGMENT_OF_TRUNCATED_PACKET);
            return -1;
        }
        boolean complete = fragments.add(
                6,
                out.sourceAddress,
                out.destinationAddress,
                nextHeader,
                Bytes.u32(data, start + 4),
                fragmentOffset,
                moreFragments,
                data,
                cursor.offset,
                cursor.remaining(),
                nowNanos);
        if (!complete) {
            return -1;
        }
        cursor.data = fragments.completedData;
        cursor.offset = 0;
        cursor.end = fragments.completedLength;
        return fragments.completedProtocol;
    }
}
