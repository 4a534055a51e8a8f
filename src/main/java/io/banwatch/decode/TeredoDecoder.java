package io.banwatch.decode;

/**
 * Teredo (RFC 4380): IPv6 carried in UDP through IPv4 NATs, to and from UDP port 3544 of Teredo servers and relays.
 * Nothing in the datagram says "Teredo", so it is taken as Teredo only when what follows an optional origin
 * indication is an IPv6 header whose payload length accounts for exactly the rest of the datagram (the check
 * Suricata's {@code decode-teredo.c} makes); anything else is an ordinary datagram on that port.
 */
final class TeredoDecoder {

    /** RFC 4380 section 2.6: the UDP port of Teredo servers. */
    static final int PORT = 3544;

    private static final int IPV6_HEADER_LENGTH = 40;
    /** RFC 4380 section 5.1.1: 0x0000, obfuscated port(16), obfuscated address(32). */
    private static final int ORIGIN_INDICATION_LENGTH = 8;

    /**
     * @return {@link Step#IPV6} with the cursor on the inner IPv6 header, or {@link Step#DONE} to inspect the
     *     datagram as it is
     */
    int decode(Cursor cursor) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < IPV6_HEADER_LENGTH) {
            return Step.DONE;
        }
        int inner = start;
        if (data[start] == 0) {
            // An indicator: 0x0000 is an origin indication, 0x0001 authentication (qualification traffic, which
            // carries router solicitations and advertisements only; Suricata skips it too).
            if (data[start + 1] != 0 || cursor.remaining() < ORIGIN_INDICATION_LENGTH + IPV6_HEADER_LENGTH) {
                return Step.DONE;
            }
            inner += ORIGIN_INDICATION_LENGTH;
        }
        if ((data[inner] & 0xf0) != 0x60) {
            return Step.DONE;
        }
        int hopLimit = Bytes.u8(data, inner + 7);
        int payloadLength = Bytes.u16(data, inner + 4);
        if (hopLimit == 0 || IPV6_HEADER_LENGTH + payloadLength != cursor.end - inner) {
            return Step.DONE;
        }
        cursor.offset = inner;
        return Step.IPV6;
    }
}
