package io.banwatch.decode;

/** IPv4 headers (RFC 791 section 3.1), handing fragments to the {@link FragmentTable}. */
final class Ipv4Decoder {

    private static final int MIN_HEADER_LENGTH = 20;
    private static final int MORE_FRAGMENTS = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    private final AnomalyCounters anomalies;
    private final FragmentTable fragments;

    Ipv4Decoder(AnomalyCounters anomalies, FragmentTable fragments) {
        this.anomalies = anomalies;
        this.fragments = fragments;
    }

    /**
     * <pre>
     * RFC 791 section 3.1:
     *  Version(4) IHL(4) | ToS(8) | Total Length(16) | Identification(16) | Flags(3) Fragment Offset(13) |
     *  TTL(8) | Protocol(8) | Header Checksum(16) | Source(32) | Destination(32) | Options (IHL*4 - 20)
     * </pre>
     */
    int decode(Cursor cursor, DecodedPacket out, long nowNanos) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        int available = cursor.remaining();
        if (available < MIN_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.IPV4_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((data[start] & 0xf0) != 0x40) {
            anomalies.count(DecodeAnomaly.IPV4_VERSION_MISMATCH);
            return Step.SKIP;
        }
        int headerLength = (data[start] & 0x0f) * 4;
        if (headerLength < MIN_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.IPV4_HEADER_LENGTH_INVALID);
            return Step.SKIP;
        }
        if (headerLength > available) {
            anomalies.count(DecodeAnomaly.IPV4_HEADER_TRUNCATED);
            return Step.SKIP;
        }
        int totalLength = Bytes.u16(data, start + 2);
        if (totalLength == 0) {
            // Captures of outgoing TCP segmentation offload carry a zero total length: use what was captured.
            totalLength = available;
        }
        if (totalLength < headerLength) {
            anomalies.count(DecodeAnomaly.IPV4_TOTAL_LENGTH_INVALID);
            return Step.SKIP;
        }
        if (totalLength > available) {
            anomalies.count(DecodeAnomaly.IPV4_TRUNCATED);
            cursor.truncated = true;
        } else {
            // Trusting the total length keeps Ethernet padding out of the payload.
            cursor.end = start + totalLength;
        }
        out.ipVersion = 4;
        System.arraycopy(data, start + 12, out.sourceAddress, 0, 4);
        System.arraycopy(data, start + 16, out.destinationAddress, 0, 4);
        int protocol = Bytes.u8(data, start + 9);
        int flags = Bytes.u16(data, start + 6);
        boolean moreFragments = (flags & MORE_FRAGMENTS) != 0;
        int fragmentOffset = (flags & FRAGMENT_OFFSET_MASK) * 8;
        cursor.offset = start + headerLength;
        if (!moreFragments && fragmentOffset == 0) {
            return Step.forIpProtocol(protocol);
        }
        if (cursor.truncated) {
            // Reassembling a cut fragment would leave a hole that never fills.
            anomalies.count(DecodeAnomaly.FRAGMENT_OF_TRUNCATED_PACKET);
            return Step.SKIP;
        }
        // RFC 791 section 3.2: fragments are matched by source, destination, protocol and identification.
        boolean complete = fragments.add(
                4,
                out.sourceAddress,
                out.destinationAddress,
                protocol,
                Bytes.u16(data, start + 4),
                fragmentOffset,
                moreFragments,
                data,
                cursor.offset,
                cursor.remaining(),
                nowNanos);
        if (!complete) {
            return Step.SKIP;
        }
        cursor.data = fragments.completedData;
        cursor.offset = 0;
        cursor.end = fragments.completedLength;
        return Step.forIpProtocol(fragments.completedProtocol);
    }
}
