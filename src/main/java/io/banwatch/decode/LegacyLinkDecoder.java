package io.banwatch.decode;

/**
 * Link layers older or rarer than Ethernet that still carry IP on some taps: FDDI, Token Ring, IP over Fibre Channel,
 * IP over IEEE 1394, LLC-encapsulated ATM, Cisco HDLC and Frame Relay. Each header is
 * stepped over to the LLC header, EtherType or IP header behind it.
 */
final class LegacyLinkDecoder {

    /** ANSI X3.139 FDDI: Frame Control(8) Destination(48) Source(48), then LLC. */
    private static final int FDDI_HEADER_LENGTH = 13;
    /** IEEE 802.5: Access Control(8) Frame Control(8) Destination(48) Source(48) [routing information], then LLC. */
    private static final int TOKEN_RING_HEADER_LENGTH = 14;
    /** The source address's high bit says a routing information field follows; its length is in its first byte. */
    private static final int TOKEN_RING_ROUTE_PRESENT = 0x80;

    private static final int TOKEN_RING_ROUTE_LENGTH_MASK = 0x1f;
    /** RFC 2625 section 5: the 16-byte Network_Header (destination and source network addresses), then LLC/SNAP. */
    private static final int FC_NETWORK_HEADER_LENGTH = 16;
    /** RFC 2734 as Apple captures it: destination EUI-64(64) source EUI-64(64) EtherType(16). */
    private static final int IEEE1394_HEADER_LENGTH = 18;
    /** SunATM: flags(8) VPI(8) VCI(16); the low flag bits give the traffic type (libpcap pcap-common.c). */
    private static final int SUNATM_HEADER_LENGTH = 4;

    private static final int SUNATM_TYPE_MASK = 0x0f;
    private static final int SUNATM_LANE = 1;
    private static final int SUNATM_LLC = 2;
    /** ATM LANE (LAN Emulation): a 2-byte LE header before the Ethernet frame. */
    private static final int LANE_HEADER_LENGTH = 2;
    /** Cisco HDLC: Address(8) Control(8) Protocol(16), the protocol an EtherType. */
    private static final int C_HDLC_HEADER_LENGTH = 4;
    /** RFC 2427 section 3 NLPIDs. */
    private static final int NLPID_SNAP = 0x80;

    private static final int NLPID_IPV4 = 0xcc;
    private static final int NLPID_IPV6 = 0x8e;

    private final AnomalyCounters anomalies;

    LegacyLinkDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    int fddi(Cursor cursor) {
        return skip(cursor, FDDI_HEADER_LENGTH, Step.LLC);
    }

    int tokenRing(Cursor cursor) {
        if (cursor.remaining() < TOKEN_RING_HEADER_LENGTH) {
            return tooSmall();
        }
        int length = TOKEN_RING_HEADER_LENGTH;
        if ((cursor.data[cursor.offset + 8] & TOKEN_RING_ROUTE_PRESENT) != 0) {
            if (cursor.remaining() < length + 1) {
                return tooSmall();
            }
            length += Bytes.u8(cursor.data, cursor.offset + length) & TOKEN_RING_ROUTE_LENGTH_MASK;
        }
        return skip(cursor, length, Step.LLC);
    }

    int ipOverFibreChannel(Cursor cursor) {
        return skip(cursor, FC_NETWORK_HEADER_LENGTH, Step.LLC);
    }

    int ipOverIeee1394(Cursor cursor) {
        return etherTypeAt(cursor, IEEE1394_HEADER_LENGTH - 2, IEEE1394_HEADER_LENGTH);
    }

    int sunAtm(Cursor cursor) {
        if (cursor.remaining() < SUNATM_HEADER_LENGTH) {
            return tooSmall();
        }
        int type = cursor.data[cursor.offset] & SUNATM_TYPE_MASK;
        if (type == SUNATM_LLC) {
            return skip(cursor, SUNATM_HEADER_LENGTH, Step.LLC);
        }
        if (type == SUNATM_LANE) {
            return skip(cursor, SUNATM_HEADER_LENGTH + LANE_HEADER_LENGTH, Step.ETHERNET);
        }
        return Step.SKIP;
    }

    int ciscoHdlc(Cursor cursor) {
        return etherTypeAt(cursor, 2, C_HDLC_HEADER_LENGTH);
    }

    /**
     * RFC 2427 section 4: Q.922 address(16) | Control(8) = 0x03 | [pad 0x00] | NLPID(8) | [SNAP: OUI(24) PID(16)].
     * Cisco's own encapsulation (address, then an EtherType) is read too, as tshark does.
     */
    int frameRelay(Cursor cursor) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < 4) {
            return tooSmall();
        }
        if (Bytes.u8(data, start + 2) != 0x03) {
            return etherTypeAt(cursor, 2, 4); // Cisco: Q.922 address, then an EtherType
        }
        int offset = start + 3;
        if (Bytes.u8(data, offset) == 0x00) {
            offset++; // RFC 2427 section 3: a pad octet aligns the rest
        }
        if (offset >= cursor.end) {
            return tooSmall();
        }
        int nlpid = Bytes.u8(data, offset);
        cursor.offset = offset + 1;
        return switch (nlpid) {
            case NLPID_IPV4 -> Step.IPV4;
            case NLPID_IPV6 -> Step.IPV6;
            case NLPID_SNAP -> {
                if (cursor.remaining() < 5) {
                    yield tooSmall();
                }
                cursor.etherType = Bytes.u16(data, cursor.offset + 3);
                cursor.offset += 5;
                yield Step.ETHERTYPE;
            }
            default -> Step.SKIP;
        };
    }

    private int etherTypeAt(Cursor cursor, int typeOffset, int headerLength) {
        if (cursor.remaining() < headerLength) {
            return tooSmall();
        }
        cursor.etherType = Bytes.u16(cursor.data, cursor.offset + typeOffset);
        cursor.offset += headerLength;
        return Step.ETHERTYPE;
    }

    private int skip(Cursor cursor, int length, int next) {
        if (cursor.remaining() < length) {
            return tooSmall();
        }
        cursor.offset += length;
        return next;
    }

    private int tooSmall() {
        anomalies.count(DecodeAnomaly.LINK_HEADER_TOO_SMALL);
        return Step.SKIP;
    }
}
