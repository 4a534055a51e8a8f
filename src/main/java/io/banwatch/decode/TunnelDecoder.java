package io.banwatch.decode;

/**
 * Mirror and overlay encapsulations whose inner packet is decoded as if it had been captured directly: GRE
 * (with ERSPAN types I, II and III), VXLAN and Geneve. Each sets {@link DecodedPacket#tunnelId} when the
 * header carries one.
 */
final class TunnelDecoder {

    private static final int GRE_BASE_LENGTH = 4;
    private static final int GRE_CHECKSUM = 0x8000;
    private static final int GRE_ROUTING = 0x4000;
    private static final int GRE_KEY = 0x2000;
    private static final int GRE_SEQUENCE = 0x1000;
    private static final int GRE_VERSION_MASK = 0x0007;
    private static final int ETHERTYPE_ERSPAN_II = 0x88be;
    private static final int ETHERTYPE_ERSPAN_III = 0x22eb;
    private static final int ERSPAN_II_LENGTH = 8;
    private static final int ERSPAN_III_LENGTH = 12;
    private static final int ERSPAN_III_PLATFORM_LENGTH = 8;
    private static final int ERSPAN_SESSION_MASK = 0x03ff;
    private static final int VXLAN_LENGTH = 8;
    /** RFC 7348 section 5: the I flag says the VNI is valid. */
    private static final int VXLAN_FLAG_VNI = 0x08;

    private static final int GENEVE_BASE_LENGTH = 8;

    private final AnomalyCounters anomalies;

    TunnelDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /**
     * RFC 2784 section 2.1 with RFC 2890 section 2: C(1) R(1) K(1) S(1) Reserved0(9) Ver(3) | Protocol Type(16)
     * | [Checksum(16) Reserved1(16)] | [Key(32)] | [Sequence Number(32)].
     */
    int gre(Cursor cursor, DecodedPacket out) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < GRE_BASE_LENGTH) {
            anomalies.count(DecodeAnomaly.GRE_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int flags = Bytes.u16(data, start);
        if ((flags & GRE_VERSION_MASK) != 0) {
            // Version 1 is PPTP's enhanced GRE (RFC 2637), which carries PPP rather than a mirrored frame.
            anomalies.count(DecodeAnomaly.GRE_VERSION_UNSUPPORTED);
            return Step.SKIP;
        }
        if ((flags & GRE_ROUTING) != 0) {
            // RFC 1701 source routing entries, removed by RFC 2784 section 2.2.
            anomalies.count(DecodeAnomaly.GRE_ROUTING_UNSUPPORTED);
            return Step.SKIP;
        }
        boolean sequenced = (flags & GRE_SEQUENCE) != 0;
        int keyOffset = start + GRE_BASE_LENGTH + ((flags & GRE_CHECKSUM) != 0 ? 4 : 0);
        int headerEnd = keyOffset + ((flags & GRE_KEY) != 0 ? 4 : 0) + (sequenced ? 4 : 0);
        if (headerEnd > cursor.end) {
            anomalies.count(DecodeAnomaly.GRE_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((flags & GRE_KEY) != 0) {
            out.tunnelId = Bytes.u32(data, keyOffset);
        }
        int protocol = Bytes.u16(data, start + 2);
        cursor.offset = headerEnd;
        return switch (protocol) {
            case Step.ETHERTYPE_IPV4 -> Step.IPV4;
            case Step.ETHERTYPE_IPV6 -> Step.IPV6;
            case Step.ETHERTYPE_ETHERNET -> Step.ETHERNET;
            // ERSPAN type I has no ERSPAN header and no GRE sequence number; type II always has one.
            case ETHERTYPE_ERSPAN_II -> sequenced ? erspanTypeTwo(cursor, out) : Step.ETHERNET;
            case ETHERTYPE_ERSPAN_III -> erspanTypeThree(cursor, out);
            default -> Step.SKIP;
        };
    }

    /**
     * ERSPAN type II (draft-foschiano-erspan section 4.1): Ver(4)=1 VLAN(12) | COS(3) En(2) T(1) Session(10) |
     * Reserved(12) Index(20).
     */
    private int erspanTypeTwo(Cursor cursor, DecodedPacket out) {
        if (cursor.remaining() < ERSPAN_II_LENGTH) {
            anomalies.count(DecodeAnomaly.ERSPAN_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((cursor.data[cursor.offset] & 0xf0) != 0x10) {
            anomalies.count(DecodeAnomaly.ERSPAN_VERSION_MISMATCH);
            return Step.SKIP;
        }
        out.tunnelId = Bytes.u16(cursor.data, cursor.offset + 2) & ERSPAN_SESSION_MASK;
        cursor.offset += ERSPAN_II_LENGTH;
        return Step.ETHERNET;
    }

    /**
     * ERSPAN type III (draft-foschiano-erspan section 4.2): Ver(4)=2 VLAN(12) | COS(3) BSO(2) T(1) Session(10) |
     * Timestamp(32) | SGT(16) | P(1) FT(5) HW ID(6) D(1) Gra(2) O(1) | [8-byte platform-specific subheader if O].
     */
    private int erspanTypeThree(Cursor cursor, DecodedPacket out) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < ERSPAN_III_LENGTH) {
            anomalies.count(DecodeAnomaly.ERSPAN_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((data[start] & 0xf0) != 0x20) {
            anomalies.count(DecodeAnomaly.ERSPAN_VERSION_MISMATCH);
            return Step.SKIP;
        }
        int word = Bytes.u16(data, start + 10);
        int length = ERSPAN_III_LENGTH + ((word & 1) != 0 ? ERSPAN_III_PLATFORM_LENGTH : 0);
        if (cursor.remaining() < length) {
            anomalies.count(DecodeAnomaly.ERSPAN_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        out.tunnelId = Bytes.u16(data, start + 2) & ERSPAN_SESSION_MASK;
        cursor.offset = start + length;
        int frameType = (word >>> 10) & 0x1f;
        // Frame type 0 is Ethernet, 2 is IP; others are not defined.
        return frameType == 0 ? Step.ETHERNET : frameType == 2 ? Step.IP : Step.SKIP;
    }

    /** RFC 7348 section 5: Flags(8) | Reserved(24) | VNI(24) | Reserved(8), then the inner Ethernet frame. */
    int vxlan(Cursor cursor, DecodedPacket out) {
        if (cursor.remaining() < VXLAN_LENGTH) {
            anomalies.count(DecodeAnomaly.VXLAN_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((cursor.data[cursor.offset] & VXLAN_FLAG_VNI) == 0) {
            anomalies.count(DecodeAnomaly.VXLAN_VNI_FLAG_MISSING);
            return Step.SKIP;
        }
        out.tunnelId = Bytes.u24(cursor.data, cursor.offset + 4);
        cursor.offset += VXLAN_LENGTH;
        return Step.ETHERNET;
    }

    /**
     * RFC 8926 section 3.4: Ver(2) Opt Len(6) | O(1) C(1) Rsvd(6) | Protocol Type(16) | VNI(24) | Reserved(8) |
     * options (Opt Len * 4 bytes).
     */
    int geneve(Cursor cursor, DecodedPacket out) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < GENEVE_BASE_LENGTH) {
            anomalies.count(DecodeAnomaly.GENEVE_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if ((data[start] & 0xc0) != 0) {
            // RFC 8926 section 3.4: only version 0 is defined; the rest of a later version cannot be read.
            anomalies.count(DecodeAnomaly.GENEVE_VERSION_UNSUPPORTED);
            return Step.SKIP;
        }
        int length = GENEVE_BASE_LENGTH + (data[start] & 0x3f) * 4;
        if (cursor.remaining() < length) {
            anomalies.count(DecodeAnomaly.GENEVE_OPTIONS_TRUNCATED);
            return Step.SKIP;
        }
        out.tunnelId = Bytes.u24(data, start + 4);
        cursor.offset = start + length;
        return switch (Bytes.u16(data, start + 2)) {
            case Step.ETHERTYPE_ETHERNET -> Step.ETHERNET;
            case Step.ETHERTYPE_IPV4 -> Step.IPV4;
            case Step.ETHERTYPE_IPV6 -> Step.IPV6;
            default -> Step.SKIP;
        };
    }
}
