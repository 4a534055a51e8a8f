package io.banwatch.decode;

/** Reads the link-layer header of each supported link type and says which layer follows it. */
final class LinkLayerDecoder {

    private static final int SLL_HEADER_LENGTH = 16;
    private static final int SLL_PROTOCOL_OFFSET = 14;
    private static final int SLL2_HEADER_LENGTH = 20;
    private static final int NULL_HEADER_LENGTH = 4;
    private static final int NFLOG_HEADER_LENGTH = 4;
    private static final int NFLOG_TLV_HEADER_LENGTH = 4;
    /** NFULA_PAYLOAD in linux/netfilter/nfnetlink_log.h: the logged packet, starting at its IP header. */
    private static final int NFULA_PAYLOAD = 9;
    /** nfnetlink_log defines about 20 attribute types, each sent at most once. */
    private static final int MAX_NFLOG_TLVS = 32;
    /** The top two bits of a netlink attribute type are the NLA_F_NESTED and NLA_F_NET_BYTEORDER flags. */
    private static final int NLA_TYPE_MASK = 0x3fff;

    private final AnomalyCounters anomalies;
    private final PppDecoder ppp;
    private final WirelessDecoder wireless;
    private final LegacyLinkDecoder legacy;
    private final CaptureHeaderDecoder captureHeaders;

    LinkLayerDecoder(AnomalyCounters anomalies, PppDecoder ppp, WirelessDecoder wireless) {
        this.anomalies = anomalies;
        this.ppp = ppp;
        this.wireless = wireless;
        this.legacy = new LegacyLinkDecoder(anomalies);
        this.captureHeaders = new CaptureHeaderDecoder(anomalies);
    }

    static boolean supports(int linkType) {
        return switch (linkType) {
            case LinkType.ETHERNET,
                    LinkType.NULL,
                    LinkType.LOOP,
                    LinkType.RAW,
                    LinkType.RAW_BSD,
                    LinkType.RAW_OPENBSD,
                    LinkType.IPV4,
                    LinkType.IPV6,
                    LinkType.PPP,
                    LinkType.PPP_ETHER,
                    LinkType.LINUX_SLL,
                    LinkType.LINUX_SLL2,
                    LinkType.NFLOG,
                    LinkType.FDDI,
                    LinkType.TOKEN_RING,
                    LinkType.ATM_RFC1483,
                    LinkType.DLT_ATM_RFC1483,
                    LinkType.PPP_HDLC,
                    LinkType.C_HDLC,
                    LinkType.IEEE802_11,
                    LinkType.FRELAY,
                    LinkType.ENC,
                    LinkType.PFLOG,
                    LinkType.IEEE802_11_PRISM,
                    LinkType.IP_OVER_FC,
                    LinkType.SUNATM,
                    LinkType.IEEE802_11_RADIOTAP,
                    LinkType.APPLE_IP_OVER_IEEE1394,
                    LinkType.IEEE802_11_AVS,
                    LinkType.PPI,
                    LinkType.ERF,
                    LinkType.IPNET,
                    LinkType.PKTAP -> true;
            default -> false;
        };
    }

    int decode(int linkType, Cursor cursor) {
        return switch (linkType) {
            case LinkType.ETHERNET -> Step.ETHERNET;
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD -> Step.IP;
            case LinkType.IPV4 -> Step.IPV4;
            case LinkType.IPV6 -> Step.IPV6;
            case LinkType.NULL -> loopback(cursor, true);
            case LinkType.LOOP -> loopback(cursor, false);
            case LinkType.PPP -> ppp.pppProtocol(cursor);
            // LINKTYPE_PPP_ETHER: the frame starts with the PPPoE header, without the Ethernet header.
            case LinkType.PPP_ETHER -> ppp.pppoeSession(cursor);
            case LinkType.LINUX_SLL -> sll(cursor);
            case LinkType.LINUX_SLL2 -> sll2(cursor);
            case LinkType.NFLOG -> nflog(cursor);
            case LinkType.PPP_HDLC -> ppp.pppProtocol(cursor);
            case LinkType.IEEE802_11 -> Step.IEEE_802_11;
            case LinkType.IEEE802_11_RADIOTAP -> wireless.radiotap(cursor);
            case LinkType.IEEE802_11_PRISM -> wireless.prism(cursor);
            case LinkType.IEEE802_11_AVS -> wireless.avs(cursor);
            case LinkType.PPI -> wireless.ppi(cursor);
            case LinkType.FDDI -> legacy.fddi(cursor);
            case LinkType.TOKEN_RING -> legacy.tokenRing(cursor);
            case LinkType.IP_OVER_FC -> legacy.ipOverFibreChannel(cursor);
            case LinkType.APPLE_IP_OVER_IEEE1394 -> legacy.ipOverIeee1394(cursor);
            case LinkType.ATM_RFC1483, LinkType.DLT_ATM_RFC1483 -> Step.LLC;
            case LinkType.SUNATM -> legacy.sunAtm(cursor);
            case LinkType.C_HDLC -> legacy.ciscoHdlc(cursor);
            case LinkType.FRELAY -> legacy.frameRelay(cursor);
            case LinkType.PFLOG -> captureHeaders.pflog(cursor);
            case LinkType.ENC -> captureHeaders.enc(cursor);
            case LinkType.IPNET -> captureHeaders.ipnet(cursor);
            case LinkType.PKTAP -> captureHeaders.pktap(cursor);
            case LinkType.ERF -> captureHeaders.erf(cursor);
            default -> {
                anomalies.count(DecodeAnomaly.LINK_TYPE_UNSUPPORTED);
                yield Step.SKIP;
            }
        };
    }

    /** Linux cooked capture v1: packet type, ARPHRD type, address length, 8 address bytes, protocol. */
    private int sll(Cursor cursor) {
        if (cursor.remaining() < SLL_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.SLL_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        cursor.etherType = Bytes.u16(cursor.data, cursor.offset + SLL_PROTOCOL_OFFSET);
        cursor.offset += SLL_HEADER_LENGTH;
        return Step.ETHERTYPE;
    }

    /** Linux cooked capture v2: protocol, reserved, interface index, ARPHRD type, packet type, address. */
    private int sll2(Cursor cursor) {
        if (cursor.remaining() < SLL2_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.SLL2_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        cursor.etherType = Bytes.u16(cursor.data, cursor.offset);
        cursor.offset += SLL2_HEADER_LENGTH;
        return Step.ETHERTYPE;
    }

    /**
     * BSD loopback: a 4-byte address family, in the capturing host's byte order for DLT_NULL (so either order is
     * accepted) and in network order for DLT_LOOP.
     */
    private int loopback(Cursor cursor, boolean eitherByteOrder) {
        if (cursor.remaining() < NULL_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.NULL_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        long family = Bytes.u32(cursor.data, cursor.offset);
        int step = stepForFamily(family);
        if (step == Step.SKIP && eitherByteOrder) {
            step = stepForFamily(Bytes.u32le(cursor.data, cursor.offset));
        }
        if (step == Step.SKIP) {
            anomalies.count(DecodeAnomaly.NULL_FAMILY_UNKNOWN);
            return Step.SKIP;
        }
        cursor.offset += NULL_HEADER_LENGTH;
        return step;
    }

    /** AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS) and 10 (Linux). */
    private static int stepForFamily(long family) {
        if (family == 2) {
            return Step.IPV4;
        }
        if (family == 24 || family == 28 || family == 30 || family == 10) {
            return Step.IPV6;
        }
        return Step.SKIP;
    }

    /**
     * NFLOG: family(8) version(8) resource id(16), then TLVs of length(16, little-endian, including the 4-byte
     * header) and type(16), each padded to 4 bytes; the packet is the NFULA_PAYLOAD TLV.
     */
    private int nflog(Cursor cursor) {
        byte[] data = cursor.data;
        if (cursor.remaining() < NFLOG_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.NFLOG_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if (Bytes.u8(data, cursor.offset + 1) != 0) {
            anomalies.count(DecodeAnomaly.NFLOG_VERSION_UNSUPPORTED);
            return Step.SKIP;
        }
        int offset = cursor.offset + NFLOG_HEADER_LENGTH;
        for (int tlvs = 0; tlvs < MAX_NFLOG_TLVS; tlvs++) {
            if (cursor.end - offset < NFLOG_TLV_HEADER_LENGTH) {
                anomalies.count(DecodeAnomaly.NFLOG_PAYLOAD_MISSING);
                return Step.SKIP;
            }
            int length = Bytes.u16le(data, offset);
            int type = Bytes.u16le(data, offset + 2) & NLA_TYPE_MASK;
            if (length < NFLOG_TLV_HEADER_LENGTH || length > cursor.end - offset) {
                anomalies.count(DecodeAnomaly.NFLOG_TLV_INVALID);
                return Step.SKIP;
            }
            if (type == NFULA_PAYLOAD) {
                cursor.offset = offset + NFLOG_TLV_HEADER_LENGTH;
                cursor.end = offset + length;
                return Step.IP;
            }
            // Netlink attributes are aligned to 4 bytes (NLA_ALIGN); the padding is not part of the length.
            offset += (length + 3) & ~3;
        }
        anomalies.count(DecodeAnomaly.NFLOG_TOO_MANY_TLVS);
        return Step.SKIP;
    }
}
