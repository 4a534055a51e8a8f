package io.banwatch.decode;

/**
 * IEEE 802.11 data frames as a monitor-mode capture holds them, bare or behind the radio information headers capture
 * drivers add (radiotap, Prism, AVS, PPI). Only unprotected, unfragmented data frames carry bytes to read: a WPA
 * capture without its keys holds ciphertext, which no passive monitor can read.
 */
final class WirelessDecoder {

    /** IEEE 802.11-2020 section 9.2.3: Frame Control(16) Duration(16) Address 1-3 (3 x 48) Sequence Control(16). */
    private static final int MAC_HEADER_LENGTH = 24;

    private static final int ADDRESS_4_LENGTH = 6;
    private static final int QOS_CONTROL_LENGTH = 2;
    private static final int HT_CONTROL_LENGTH = 4;

    private static final int TYPE_MASK = 0x0c;
    private static final int TYPE_DATA = 0x08;
    /** Subtype bit 3: a QoS data frame, with a QoS Control field. */
    private static final int SUBTYPE_QOS = 0x80;
    /** Subtype bit 2: a null data frame (power-save signalling), with no body. */
    private static final int SUBTYPE_NO_BODY = 0x40;

    private static final int FLAG_TO_DS = 0x01;
    private static final int FLAG_FROM_DS = 0x02;
    private static final int FLAG_MORE_FRAGMENTS = 0x04;
    private static final int FLAG_PROTECTED = 0x40;
    /** The +HTC/Order flag: an HT Control field follows the QoS Control field of a QoS data frame. */
    private static final int FLAG_ORDER = 0x80;
    /** QoS Control bit 7: the body is an A-MSDU of several subframes, not one LLC frame. */
    private static final int QOS_AMSDU_PRESENT = 0x80;

    /** radiotap: it_version(8)=0 it_pad(8) it_len(16, little-endian) it_present(32)... (radiotap.org). */
    private static final int RADIOTAP_MIN_LENGTH = 8;
    /** Prism capture header: msgcode(32) msglen(32) devname(16 bytes) and ten 12-byte items (linux-wlan-ng). */
    private static final int PRISM_DEFAULT_LENGTH = 144;
    /** AVS capture header: version(32) = 0x8021100x, length(32), both big-endian (linux-wlan-ng avs_80211_1_header). */
    private static final long AVS_MAGIC = 0x80211000L;

    private static final int AVS_MIN_LENGTH = 8;
    /** PPI: pph_version(8) pph_flags(8) pph_len(16, little-endian) pph_dlt(32, little-endian) (PPI specification 1.0). */
    private static final int PPI_MIN_LENGTH = 8;

    private final AnomalyCounters anomalies;

    WirelessDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /** The MAC header of a data frame, then its LLC header. */
    int ieee80211(Cursor cursor) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < MAC_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.IEEE_802_11_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int frameControl = Bytes.u8(data, start);
        int flags = Bytes.u8(data, start + 1);
        boolean fragment = (flags & FLAG_MORE_FRAGMENTS) != 0 || (Bytes.u8(data, start + 22) & 0x0f) != 0;
        if ((frameControl & 0x03) != 0
                || (frameControl & TYPE_MASK) != TYPE_DATA
                || (frameControl & SUBTYPE_NO_BODY) != 0
                || (flags & FLAG_PROTECTED) != 0
                || fragment) {
            return Step.SKIP; // management, control, null data, encrypted or fragmented: no IP packet to read here
        }
        int length = MAC_HEADER_LENGTH;
        if ((flags & (FLAG_TO_DS | FLAG_FROM_DS)) == (FLAG_TO_DS | FLAG_FROM_DS)) {
            length += ADDRESS_4_LENGTH; // a wireless distribution system frame carries a fourth address
        }
        if ((frameControl & SUBTYPE_QOS) != 0) {
            if (cursor.remaining() < length + QOS_CONTROL_LENGTH) {
                anomalies.count(DecodeAnomaly.IEEE_802_11_HEADER_TOO_SMALL);
                return Step.SKIP;
            }
            if ((Bytes.u8(data, start + length) & QOS_AMSDU_PRESENT) != 0) {
                return Step.SKIP; // aggregated subframes: see the README's limitations
            }
            length += QOS_CONTROL_LENGTH + ((flags & FLAG_ORDER) != 0 ? HT_CONTROL_LENGTH : 0);
        }
        if (cursor.remaining() < length) {
            anomalies.count(DecodeAnomaly.IEEE_802_11_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        cursor.offset = start + length;
        return Step.LLC;
    }

    /** A radiotap header of any length, then the 802.11 frame. */
    int radiotap(Cursor cursor) {
        if (cursor.remaining() < RADIOTAP_MIN_LENGTH || cursor.data[cursor.offset] != 0) {
            anomalies.count(DecodeAnomaly.RADIO_HEADER_INVALID);
            return Step.SKIP;
        }
        return skipRadioHeader(cursor, Bytes.u16le(cursor.data, cursor.offset + 2), RADIOTAP_MIN_LENGTH);
    }

    /**
     * A Prism header, whose length is in the capturing host's byte order; some drivers put an AVS header under the
     * Prism link type, which its magic number tells.
     */
    int prism(Cursor cursor) {
        if (cursor.remaining() >= AVS_MIN_LENGTH && (Bytes.u32(cursor.data, cursor.offset) & ~0xfL) == AVS_MAGIC) {
            return avs(cursor);
        }
        if (cursor.remaining() < 8) {
            anomalies.count(DecodeAnomaly.RADIO_HEADER_INVALID);
            return Step.SKIP;
        }
        long little = Bytes.u32le(cursor.data, cursor.offset + 4);
        long big = Bytes.u32(cursor.data, cursor.offset + 4);
        long length = little >= 8 && little <= cursor.remaining()
                ? little
                : big >= 8 && big <= cursor.remaining() ? big : PRISM_DEFAULT_LENGTH;
        return skipRadioHeader(cursor, (int) length, 8);
    }

    /** An AVS header: its length is its second big-endian word. */
    int avs(Cursor cursor) {
        if (cursor.remaining() < AVS_MIN_LENGTH || (Bytes.u32(cursor.data, cursor.offset) & ~0xfL) != AVS_MAGIC) {
            anomalies.count(DecodeAnomaly.RADIO_HEADER_INVALID);
            return Step.SKIP;
        }
        long length = Bytes.u32(cursor.data, cursor.offset + 4);
        return skipRadioHeader(cursor, length > Integer.MAX_VALUE ? -1 : (int) length, AVS_MIN_LENGTH);
    }

    /** A PPI header, then a frame of the link type it names: 802.11 or Ethernet. */
    int ppi(Cursor cursor) {
        if (cursor.remaining() < PPI_MIN_LENGTH || cursor.data[cursor.offset] != 0) {
            anomalies.count(DecodeAnomaly.RADIO_HEADER_INVALID);
            return Step.SKIP;
        }
        long innerLinkType = Bytes.u32le(cursor.data, cursor.offset + 4);
        int step = skipRadioHeader(cursor, Bytes.u16le(cursor.data, cursor.offset + 2), PPI_MIN_LENGTH);
        if (step == Step.SKIP) {
            return step;
        }
        if (innerLinkType == LinkType.IEEE802_11) {
            return Step.IEEE_802_11;
        }
        return innerLinkType == LinkType.ETHERNET ? Step.ETHERNET : Step.SKIP;
    }

    private int skipRadioHeader(Cursor cursor, int length, int minimum) {
        if (length < minimum || length > cursor.remaining()) {
            anomalies.count(DecodeAnomaly.RADIO_HEADER_INVALID);
            return Step.SKIP;
        }
        cursor.offset += length;
        return Step.IEEE_802_11;
    }
}
