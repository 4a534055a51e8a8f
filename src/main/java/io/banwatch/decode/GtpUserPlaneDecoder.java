package io.banwatch.decode;

/**
 * GTP-U, the user plane of mobile cores (3GPP TS 29.281): a subscriber's IP packet wrapped in UDP between the radio
 * network and the packet gateway. The inner packet is decoded as if captured directly and the tunnel endpoint
 * identifier (TEID) is kept as the packet's tunnel id, so one subscriber's flows stay apart from another's.
 */
final class GtpUserPlaneDecoder {

    /** TS 29.281 section 4.4.2.3: the UDP destination port of G-PDUs. */
    static final int PORT = 2152;

    private static final int MANDATORY_HEADER_LENGTH = 8;
    /** Sequence number(16), N-PDU number(8) and next extension header type(8), present when E, S or PN is set. */
    private static final int OPTIONAL_FIELDS_LENGTH = 4;
    /** TS 29.281 section 6.1: message type 255 is a G-PDU, the one that carries a user packet (T-PDU). */
    private static final int G_PDU = 255;

    private static final int VERSION_MASK = 0xe0;
    /** Version 1 with the protocol type bit set (GTP rather than GTP', which carries charging data). */
    private static final int VERSION_1_GTP = 0x30;

    private static final int FLAG_E = 0x04;
    private static final int FLAG_S = 0x02;
    private static final int FLAG_PN = 0x01;
    /**
     * The chain of extension headers real nodes send is one or two long (PDU session container, UDP port, PDCP PDU
     * number); sixteen bounds a crafted chain.
     */
    static final int MAX_EXTENSION_HEADERS = 16;

    private final AnomalyCounters anomalies;

    GtpUserPlaneDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /**
     * <pre>
     * TS 29.281 section 5.1: Version(3) PT(1) spare(1) E(1) S(1) PN(1) | Message Type(8) | Length(16) | TEID(32) |
     *   [Sequence Number(16) | N-PDU Number(8) | Next Extension Header Type(8)]   when any of E, S, PN is set
     * section 5.2: each extension header is Length(8, in 4-octet units) | content | Next Extension Header Type(8)
     * </pre>
     *
     * The Length counts everything after the mandatory 8 octets. Other GTP-U messages (echo, error indication, end
     * marker) carry no user packet and are skipped without an anomaly.
     */
    int decode(Cursor cursor, DecodedPacket out) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < MANDATORY_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.GTPU_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int flags = Bytes.u8(data, start);
        if ((flags & (VERSION_MASK | 0x10)) != VERSION_1_GTP) {
            anomalies.count(DecodeAnomaly.GTPU_VERSION_UNSUPPORTED);
            return Step.SKIP;
        }
        if (Bytes.u8(data, start + 1) != G_PDU) {
            return Step.SKIP;
        }
        int end = start + MANDATORY_HEADER_LENGTH + Bytes.u16(data, start + 2);
        if (end > cursor.end) {
            // The user packet may still be whole: read what was captured, as tshark does, and count the lie.
            if (!cursor.truncated) {
                anomalies.count(DecodeAnomaly.GTPU_LENGTH_EXCEEDS_PACKET);
            }
            end = cursor.end;
        }
        out.tunnelId = Bytes.u32(data, start + 4);
        int offset = start + MANDATORY_HEADER_LENGTH;
        if ((flags & (FLAG_E | FLAG_S | FLAG_PN)) != 0) {
            if (end - offset < OPTIONAL_FIELDS_LENGTH) {
                anomalies.count(DecodeAnomaly.GTPU_HEADER_TOO_SMALL);
                return Step.SKIP;
            }
            int next = (flags & FLAG_E) != 0 ? Bytes.u8(data, offset + 3) : 0;
            offset += OPTIONAL_FIELDS_LENGTH;
            offset = skipExtensionHeaders(data, offset, end, next);
            if (offset < 0) {
                return Step.SKIP;
            }
        }
        cursor.offset = offset;
        cursor.end = end;
        return Step.IP;
    }

    /** @return the offset after the last extension header, or -1 when the chain is malformed (counted) */
    private int skipExtensionHeaders(byte[] data, int offset, int end, int next) {
        for (int headers = 0; next != 0; headers++) {
            if (headers == MAX_EXTENSION_HEADERS) {
                anomalies.count(DecodeAnomaly.GTPU_TOO_MANY_EXTENSION_HEADERS);
                return -1;
            }
            int length = offset < end ? Bytes.u8(data, offset) * 4 : 0;
            // TS 29.281 section 5.2.1: a length of zero is invalid; the header must fit in the message.
            if (length == 0 || length > end - offset) {
                anomalies.count(DecodeAnomaly.GTPU_EXTENSION_HEADER_INVALID);
                return -1;
            }
            next = Bytes.u8(data, offset + length - 1);
            offset += length;
        }
        return offset;
    }
}
