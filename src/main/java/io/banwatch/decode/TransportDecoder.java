package io.banwatch.decode;

/**
 * UDP (RFC 768) and TCP (RFC 9293) headers: ports, TCP sequence numbers and flags, and the payload window; ICMP and
 * ICMPv6 messages are passed on whole, for the outcome of the contacts their errors answer.
 */
final class TransportDecoder {

    private static final int UDP_HEADER_LENGTH = 8;
    private static final int TCP_MIN_HEADER_LENGTH = 20;
    /** IANA-assigned VXLAN port (RFC 7348 section 5). */
    static final int VXLAN_PORT = 4789;
    /** IANA-assigned Geneve port (RFC 8926 section 3.3). */
    static final int GENEVE_PORT = 6081;
    /**
     * Tunnel endpoints pick their source port from a hash of the inner flow in the dynamic range (RFC 7348 section 5,
     * RFC 8926 section 3.3), so a datagram from a well-known port below this is never a VXLAN or Geneve packet.
     */
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private final AnomalyCounters anomalies;

    TransportDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /** RFC 768: Source Port(16) | Destination Port(16) | Length(16) | Checksum(16). */
    int udp(Cursor cursor, DecodedPacket out) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        int available = cursor.remaining();
        if (available < UDP_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.UDP_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int length = Bytes.u16(data, start + 4);
        if (length < UDP_HEADER_LENGTH) {
            // RFC 768: the length counts the header, so it is at least 8.
            anomalies.count(DecodeAnomaly.UDP_LENGTH_INVALID);
            return Step.SKIP;
        }
        if (length > available) {
            // A capture cut short was counted by the IP layer already; anything else is a lying length field.
            if (!cursor.truncated) {
                anomalies.count(DecodeAnomaly.UDP_LENGTH_EXCEEDS_PACKET);
            }
            length = available;
        }
        out.transport = DecodedPacket.UDP;
        out.sourcePort = Bytes.u16(data, start);
        out.destinationPort = Bytes.u16(data, start + 2);
        out.data = data;
        out.payloadOffset = start + UDP_HEADER_LENGTH;
        // The UDP length wins over a longer IP payload: the rest is padding (RFC 768 "Length").
        out.payloadLength = length - UDP_HEADER_LENGTH;
        cursor.offset = out.payloadOffset;
        cursor.end = out.payloadOffset + out.payloadLength;
        if (out.sourcePort < FIRST_UNPRIVILEGED_PORT) {
            // A reply from a service port (DNS from 53, say) that happens to reach a client port of 4789, 6081, 2152,
            // 3544 or 5072. (GTP-U, Teredo and AYIYA peers send from their own well-known port or a dynamic one, never
            // below.)
            return Step.DONE;
        }
        return switch (out.destinationPort) {
            case VXLAN_PORT -> Step.VXLAN;
            case GENEVE_PORT -> Step.GENEVE;
            case GtpUserPlaneDecoder.PORT -> Step.GTPU;
            case TeredoDecoder.PORT -> Step.TEREDO;
            case AyiyaDecoder.PORT -> Step.AYIYA;
            // Teredo servers and relays, and AYIYA tunnel servers, answer from their port; each decoder checks that
            // an IP packet of exactly the datagram's length is inside.
            default ->
                switch (out.sourcePort) {
                    case TeredoDecoder.PORT -> Step.TEREDO;
                    case AyiyaDecoder.PORT -> Step.AYIYA;
                    default -> Step.DONE;
                };
        };
    }

    /**
     * <pre>
     * RFC 9293 section 3.1:
     *  Source Port(16) | Destination Port(16) | Sequence Number(32) | Acknowledgment Number(32) |
     *  Data Offset(4) Reserved(4) | Flags(8) | Window(16) | Checksum(16) | Urgent Pointer(16) | Options
     * </pre>
     */
    int tcp(Cursor cursor, DecodedPacket out) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        int available = cursor.remaining();
        if (available < TCP_MIN_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.TCP_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int headerLength = ((data[start + 12] & 0xf0) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER_LENGTH) {
            // RFC 9293 section 3.1: the data offset counts 32-bit words and the fixed header has five.
            anomalies.count(DecodeAnomaly.TCP_DATA_OFFSET_INVALID);
            return Step.SKIP;
        }
        if (headerLength > available) {
            anomalies.count(DecodeAnomaly.TCP_DATA_OFFSET_BEYOND_SEGMENT);
            return Step.SKIP;
        }
        out.transport = DecodedPacket.TCP;
        out.sourcePort = Bytes.u16(data, start);
        out.destinationPort = Bytes.u16(data, start + 2);
        out.sequence = Bytes.u32(data, start + 4);
        out.acknowledgement = Bytes.u32(data, start + 8);
        out.tcpFlags = Bytes.u8(data, start + 13);
        out.data = data;
        out.payloadOffset = start + headerLength;
        out.payloadLength = available - headerLength;
        return Step.DONE;
    }

    /**
     * ICMP (RFC 792) inside IPv4 and ICMPv6 (RFC 4443) inside IPv6: the payload window is the whole message; its type,
     * code and quoted packet are read by whoever follows the contact it answers. ICMPv6 in IPv4 or ICMP in IPv6 is
     * nothing any host would act on and is skipped.
     */
    int icmp(Cursor cursor, DecodedPacket out, int protocol) {
        int expected = out.ipVersion == 6 ? DecodedPacket.ICMPV6 : DecodedPacket.ICMP;
        if (protocol != expected) {
            return Step.SKIP;
        }
        out.transport = protocol;
        out.data = cursor.data;
        out.payloadOffset = cursor.offset;
        out.payloadLength = cursor.remaining();
        return Step.DONE;
    }
}
