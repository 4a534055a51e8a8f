package io.banwatch.decode;

/**
 * Ethernet headers and what an EtherType leads to: VLAN tag stacks, provider backbone bridging, VN-Tags, network
 * service headers, PPPoE sessions, MPLS label stacks, IP; IEEE 802.3 length-framed frames go on to their LLC header.
 */
final class EthernetDecoder {

    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int ETHERTYPE_OFFSET = 12;
    private static final int VLAN_TAG_LENGTH = 4;
    /** Real networks stack two tags (QinQ), rarely three; eight leaves room and stops a frame made of tags. */
    static final int MAX_VLAN_TAGS = 8;
    /** IEEE 802.1Q: the VLAN identifier is the low 12 bits of the tag control information. */
    private static final int VLAN_ID_MASK = 0x0fff;

    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    /** The pre-standard QinQ outer tag some switches still send. */
    private static final int ETHERTYPE_QINQ_LEGACY = 0x9100;

    /** Below this, the EtherType field of an Ethernet header is an IEEE 802.3 length and an LLC header follows. */
    private static final int FIRST_ETHERTYPE = 0x0600;
    /** Linux cooked captures name LLC frames by the pseudo-protocol ETH_P_802_2 (linux/if_ether.h). */
    private static final int ETH_P_802_2 = 0x0004;

    /** IEEE 802.1ah provider backbone bridging: I-TAG(32) then the customer's MAC addresses and EtherType. */
    private static final int ETHERTYPE_PBB = 0x88e7;

    private static final int PBB_LENGTH = 4 + 12;
    /** Cisco VN-Tag (IEEE 802.1Qbh draft): a 4-byte tag, then the inner EtherType. */
    private static final int ETHERTYPE_VNTAG = 0x8926;

    private static final int VNTAG_LENGTH = 4;
    /** RFC 8300 network service header. */
    private static final int ETHERTYPE_NSH = 0x894f;

    private static final int NSH_BASE_LENGTH = 8;

    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    private static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    private static final int MPLS_LABEL_LENGTH = 4;
    /** Carrier networks stack three or four labels (transport, service, entropy); eight bounds a hostile stack. */
    static final int MAX_MPLS_LABELS = 8;

    private final AnomalyCounters anomalies;
    private final PppDecoder ppp;

    EthernetDecoder(AnomalyCounters anomalies, PppDecoder ppp) {
        this.anomalies = anomalies;
        this.ppp = ppp;
    }

    /** Destination MAC(48) | source MAC(48) | EtherType(16) (IEEE 802.3 clause 3, Ethernet II framing). */
    int ethernet(Cursor cursor) {
        if (cursor.remaining() < ETHERNET_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.ETHERNET_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        // A value below 0x0600 is an 802.3 length (LLC frames); it maps to no supported protocol below.
        cursor.etherType = Bytes.u16(cursor.data, cursor.offset + ETHERTYPE_OFFSET);
        cursor.offset += ETHERNET_HEADER_LENGTH;
        return cursor.etherType < FIRST_ETHERTYPE ? Step.LLC : Step.ETHERTYPE;
    }

    /** Follows {@link Cursor#etherType} through any VLAN tags to the next layer. */
    int etherType(Cursor cursor, DecodedPacket out) {
        byte[] data = cursor.data;
        int type = cursor.etherType;
        for (int tags = 0; isVlanTag(type); tags++) {
            if (tags == MAX_VLAN_TAGS) {
                anomalies.count(DecodeAnomaly.VLAN_TOO_MANY_TAGS);
                return Step.SKIP;
            }
            // IEEE 802.1Q tag after the EtherType 0x8100/0x88a8: PCP(3) DEI(1) VID(12) | inner EtherType(16).
            if (cursor.remaining() < VLAN_TAG_LENGTH) {
                anomalies.count(DecodeAnomaly.VLAN_HEADER_TOO_SMALL);
                return Step.SKIP;
            }
            if (out.vlanId < 0) {
                out.vlanId = Bytes.u16(data, cursor.offset) & VLAN_ID_MASK;
            }
            type = Bytes.u16(data, cursor.offset + 2);
            cursor.offset += VLAN_TAG_LENGTH;
        }
        return switch (type) {
            case Step.ETHERTYPE_IPV4 -> Step.IPV4;
            case Step.ETHERTYPE_IPV6 -> Step.IPV6;
            case ETHERTYPE_PPPOE_SESSION -> ppp.pppoeSession(cursor);
            case ETHERTYPE_MPLS_UNICAST, ETHERTYPE_MPLS_MULTICAST -> mpls(cursor);
            case ETHERTYPE_PBB -> providerBackbone(cursor, out);
            case ETHERTYPE_VNTAG -> vnTag(cursor);
            case ETHERTYPE_NSH -> serviceHeader(cursor);
            case Step.ETHERTYPE_ETHERNET -> Step.ETHERNET;
            case ETH_P_802_2 -> Step.LLC;
            default -> Step.SKIP;
        };
    }

    /**
     * IEEE 802.1ah section 9.7: I-TAG PCP(3) DEI(1) UCA(1) Res(3) I-SID(24), then the customer's destination and
     * source MAC addresses and EtherType. The service instance (I-SID) is the packet's tunnel id.
     */
    private int providerBackbone(Cursor cursor, DecodedPacket out) {
        if (cursor.remaining() < PBB_LENGTH + 2) {
            anomalies.count(DecodeAnomaly.PBB_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        out.tunnelId = Bytes.u24(cursor.data, cursor.offset + 1);
        cursor.etherType = Bytes.u16(cursor.data, cursor.offset + PBB_LENGTH);
        cursor.offset += PBB_LENGTH + 2;
        return Step.ETHERTYPE;
    }

    /** VN-Tag: D(1) P(1) destination VIF(14) | L(1) R(1) Ver(2) source VIF(12) | inner EtherType(16). */
    private int vnTag(Cursor cursor) {
        if (cursor.remaining() < VNTAG_LENGTH + 2) {
            anomalies.count(DecodeAnomaly.VNTAG_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        cursor.etherType = Bytes.u16(cursor.data, cursor.offset + VNTAG_LENGTH);
        cursor.offset += VNTAG_LENGTH + 2;
        return Step.ETHERTYPE;
    }

    /**
     * RFC 8300 section 2.2: Ver(2) O(1) U(1) TTL(6) Length(6) | U(4) MD Type(4) Next Protocol(8) | service path
     * header(32) | context headers; Length counts the whole header in 4-byte words. Next Protocol (section 11.6):
     * 1 IPv4, 2 IPv6, 3 Ethernet, 5 MPLS.
     */
    private int serviceHeader(Cursor cursor) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < NSH_BASE_LENGTH) {
            anomalies.count(DecodeAnomaly.NSH_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((data[start] & 0xc0) != 0) {
            anomalies.count(DecodeAnomaly.NSH_VERSION_UNSUPPORTED);
            return Step.SKIP;
        }
        int length = (Bytes.u16(data, start) & 0x3f) * 4;
        if (length < NSH_BASE_LENGTH || length > cursor.remaining()) {
            anomalies.count(DecodeAnomaly.NSH_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        cursor.offset = start + length;
        return switch (Bytes.u8(data, start + 3)) {
            case 1 -> Step.IPV4;
            case 2 -> Step.IPV6;
            case 3 -> Step.ETHERNET;
            case 5 -> mpls(cursor);
            default -> Step.SKIP;
        };
    }

    private static boolean isVlanTag(int type) {
        return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_LEGACY;
    }

    /**
     * RFC 3032 section 2.1 label stack entry: Label(20) TC(3) S(1) TTL(8); S marks the bottom of the stack. The
     * payload type is not signalled, so IPv4 and IPv6 are told apart by the version nibble (RFC 4385 section 2).
     */
    private int mpls(Cursor cursor) {
        byte[] data = cursor.data;
        for (int labels = 0; labels < MAX_MPLS_LABELS; labels++) {
            if (cursor.remaining() < MPLS_LABEL_LENGTH) {
                anomalies.count(DecodeAnomaly.MPLS_HEADER_TOO_SMALL);
                return Step.SKIP;
            }
            boolean bottomOfStack = (data[cursor.offset + 2] & 1) != 0;
            cursor.offset += MPLS_LABEL_LENGTH;
            if (bottomOfStack) {
                if (cursor.remaining() < 1) {
                    anomalies.count(DecodeAnomaly.MPLS_HEADER_TOO_SMALL);
                    return Step.SKIP;
                }
                int version = (data[cursor.offset] & 0xf0) >>> 4;
                // A first nibble of 0 is a pseudowire control word (RFC 4385): not decoded.
                return version == 4 ? Step.IPV4 : version == 6 ? Step.IPV6 : Step.SKIP;
            }
        }
        anomalies.count(DecodeAnomaly.MPLS_TOO_MANY_LABELS);
        return Step.SKIP;
    }
}
