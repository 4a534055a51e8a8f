package io.banwatch.decode;

/**
 * Link types that are a capture system's own header in front of a packet rather than a wire format: pf's log header,
 * OpenBSD's enc(4), Solaris ipnet, Apple's PKTAP and Endace ERF
 * records. Each is stepped over to the packet it describes.
 */
final class CaptureHeaderDecoder {

    /** pfloghdr (OpenBSD net/if_pflog.h): its length is its first byte, padded to 4 bytes (Wireshark packet-pflog.c). */
    private static final int PFLOG_MIN_LENGTH = 4;
    /** enc(4): af(32) spi(32) flags(32), then the packet. */
    private static final int ENC_HEADER_LENGTH = 12;
    /** dl_ipnetinfo (Solaris inet/ipnet.h): version, family, type, length, indexes and zones: 24 bytes. */
    private static final int IPNET_HEADER_LENGTH = 24;
    /** pktap_header (Apple net/pktap.h): pth_length(32, little-endian) pth_type_next(32) pth_dlt(32) ... */
    private static final int PKTAP_MIN_LENGTH = 12;
    /** ERF record header: timestamp(64) type(8) flags(8) rlen(16) lctr(16) wlen(16). */
    private static final int ERF_HEADER_LENGTH = 16;
    /** Type bit 7 says an 8-byte extension header follows; each says the same of the next. */
    private static final int ERF_EXTENSION = 0x80;

    private static final int ERF_EXTENSION_LENGTH = 8;
    /** An ERF record carries at most a few extension headers; eight bounds a crafted chain. */
    private static final int MAX_ERF_EXTENSIONS = 8;
    /** ERF types (Endace ERF specification): Ethernet variants have two bytes of padding before the frame. */
    private static final int ERF_ETH = 2;

    private static final int ERF_COLOR_ETH = 16;
    private static final int ERF_DSM_COLOR_ETH = 18;
    private static final int ERF_IPV4 = 22;
    private static final int ERF_IPV6 = 23;
    private static final int ERF_ETH_PAD = 2;

    private final AnomalyCounters anomalies;

    CaptureHeaderDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    int pflog(Cursor cursor) {
        if (cursor.remaining() < PFLOG_MIN_LENGTH) {
            return tooSmall();
        }
        int length = (Bytes.u8(cursor.data, cursor.offset) + 3) & ~3;
        return skip(cursor, Math.max(length, PFLOG_MIN_LENGTH), Step.IP);
    }

    int enc(Cursor cursor) {
        return skip(cursor, ENC_HEADER_LENGTH, Step.IP);
    }

    int ipnet(Cursor cursor) {
        return skip(cursor, IPNET_HEADER_LENGTH, Step.IP);
    }

    /**
     * PKTAP: the header's own length first, then the link type of the frame after it. Only link types without a
     * further header of this kind are followed.
     */
    int pktap(Cursor cursor) {
        if (cursor.remaining() < PKTAP_MIN_LENGTH) {
            return tooSmall();
        }
        long length = Bytes.u32le(cursor.data, cursor.offset);
        long linkType = Bytes.u32le(cursor.data, cursor.offset + 8);
        if (length < PKTAP_MIN_LENGTH || length > cursor.remaining()) {
            return tooSmall();
        }
        int next = linkType == LinkType.ETHERNET
                ? Step.ETHERNET
                : linkType == LinkType.RAW || linkType == LinkType.RAW_BSD ? Step.IP : Step.SKIP;
        return next == Step.SKIP ? next : skip(cursor, (int) length, next);
    }

    /** An ERF record header and its extension headers, then an Ethernet frame or an IP packet. */
    int erf(Cursor cursor) {
        if (cursor.remaining() < ERF_HEADER_LENGTH) {
            return tooSmall();
        }
        int type = Bytes.u8(cursor.data, cursor.offset + 8);
        int offset = cursor.offset + ERF_HEADER_LENGTH;
        int headerType = type;
        for (int extensions = 0; (headerType & ERF_EXTENSION) != 0; extensions++) {
            if (extensions == MAX_ERF_EXTENSIONS || cursor.end - offset < ERF_EXTENSION_LENGTH) {
                return tooSmall();
            }
            headerType = Bytes.u8(cursor.data, offset);
            offset += ERF_EXTENSION_LENGTH;
        }
        int length = offset - cursor.offset;
        return switch (type & ~ERF_EXTENSION) {
            case ERF_ETH, ERF_COLOR_ETH, ERF_DSM_COLOR_ETH -> skip(cursor, length + ERF_ETH_PAD, Step.ETHERNET);
            case ERF_IPV4 -> skip(cursor, length, Step.IPV4);
            case ERF_IPV6 -> skip(cursor, length, Step.IPV6);
            default -> Step.SKIP;
        };
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
