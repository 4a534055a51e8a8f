package io.banwatch.decode;

/** Ethernet II headers and what an EtherType leads to: VLAN tag stacks, PPPoE sessions, MPLS label stacks, IP. */
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
        return Step.ETHERTYPE;
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
