package io.banwatch.decode;

/** PPPoE session headers (RFC 2516) and PPP protocol fields (RFC 1661, RFC 1662), shared by Ethernet and PPP links. */
final class PppDecoder {

    /** RFC 2516 section 4: VER = 1 and TYPE = 1 in the first byte of every PPPoE packet. */
    private static final int PPPOE_VERSION_TYPE = 0x11;

    private static final int PPPOE_HEADER_LENGTH = 6;
    /** RFC 1662 section 3.1: the All-Stations address and the Unnumbered Information control field. */
    private static final int HDLC_ADDRESS = 0xff;

    private static final int HDLC_CONTROL = 0x03;

    private final AnomalyCounters anomalies;

    PppDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /**
     * Reads a PPPoE session header and the PPP protocol after it.
     *
     * <pre>
     * RFC 2516 section 4:  VER(4) TYPE(4) | CODE(8) | SESSION_ID(16) | LENGTH(16) | payload (PPP protocol, ...)
     * </pre>
     */
    int pppoeSession(Cursor cursor) {
        if (cursor.remaining() < PPPOE_HEADER_LENGTH) {
            anomalies.count(DecodeAnomaly.PPPOE_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        if (Bytes.u8(cursor.data, cursor.offset) != PPPOE_VERSION_TYPE) {
            anomalies.count(DecodeAnomaly.PPPOE_VERSION_UNSUPPORTED);
            return Step.SKIP;
        }
        cursor.offset += PPPOE_HEADER_LENGTH;
        // Padding after the PPP payload is left to the IP total length, which is what every later layer trusts.
        return pppProtocol(cursor);
    }

    /**
     * Reads an optional HDLC address/control prefix {@code ff 03} (RFC 1662 section 3.1) and a PPP protocol
     * field, one byte long when protocol field compression is in use (RFC 1661 section 6.5).
     */
    int pppProtocol(Cursor cursor) {
        byte[] data = cursor.data;
        if (cursor.remaining() >= 1 && Bytes.u8(data, cursor.offset) == HDLC_ADDRESS) {
            // An ff high byte is never a protocol: RFC 1661 section 2 requires the high byte's low bit to be 0.
            if (cursor.remaining() < 2 || Bytes.u8(data, cursor.offset + 1) != HDLC_CONTROL) {
                anomalies.count(DecodeAnomaly.PPP_HEADER_TOO_SMALL);
                return Step.SKIP;
            }
            cursor.offset += 2;
        }
        if (cursor.remaining() < 1) {
            anomalies.count(DecodeAnomaly.PPP_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int first = Bytes.u8(data, cursor.offset);
        int protocol;
        if ((first & 1) == 1) {
            // RFC 1661 section 2: an odd first byte is a compressed one-byte protocol field.
            protocol = first;
            cursor.offset += 1;
        } else {
            if (cursor.remaining() < 2) {
                anomalies.count(DecodeAnomaly.PPP_HEADER_TOO_SMALL);
                return Step.SKIP;
            }
            protocol = Bytes.u16(data, cursor.offset);
            cursor.offset += 2;
        }
        return Step.forPppProtocol(protocol);
    }
}
