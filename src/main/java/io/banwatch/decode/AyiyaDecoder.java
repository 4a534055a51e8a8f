package io.banwatch.decode;

/**
 * AYIYA, "Anything In Anything" (draft-massar-v6ops-ayiya-02): IPv6 or IPv4 tunnelled in UDP port 5072 by tunnel
 * brokers' clients (AICCU), read by Zeek's AYIYA analyzer and Wireshark's {@code packet-ayiya.c}. A fixed 8-octet
 * header gives the lengths of the identity (2^IDLen octets) and of the signature (SigLen × 4 octets) that follow,
 * then the tunnelled packet. Only the "forward" operation carries a packet; heartbeats and queries carry none.
 *
 * <p>As with Teredo, nothing but the port says "AYIYA", so the datagram is taken as AYIYA only when the packet
 * after the header is of the announced IP version and its length accounts for exactly the rest of the datagram;
 * anything else is an ordinary datagram on that port.
 */
final class AyiyaDecoder {

    /** The draft's section 7 (IANA): UDP port 5072. */
    static final int PORT = 5072;

    /** IDLen/IDType, SigLen/HshMeth, AutMeth/OpCode, Next Header, then the 32-bit epoch time. */
    private static final int FIXED_HEADER_LENGTH = 8;
    /** The draft's section 4.3: opcode 1 is "forward", the only one followed by a packet. */
    private static final int OPCODE_FORWARD = 1;

    private static final int NEXT_HEADER_IPV4 = 4;
    private static final int NEXT_HEADER_IPV6 = 41;
    private static final int IPV4_MINIMUM_HEADER = 20;
    private static final int IPV6_HEADER_LENGTH = 40;

    /**
     * @return {@link Step#IPV4} or {@link Step#IPV6} with the cursor on the tunnelled packet, or {@link Step#DONE} to
     *     inspect the datagram as it is
     */
    int decode(Cursor cursor) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < FIXED_HEADER_LENGTH) {
            return Step.DONE;
        }
        int identityLength = 1 << (Bytes.u8(data, start) >>> 4);
        int signatureLength = (Bytes.u8(data, start + 1) >>> 4) * 4;
        int opcode = Bytes.u8(data, start + 2) & 0x0f;
        int nextHeader = Bytes.u8(data, start + 3);
        int inner = start + FIXED_HEADER_LENGTH + identityLength + signatureLength;
        if (opcode != OPCODE_FORWARD || inner >= cursor.end) {
            return Step.DONE;
        }
        int rest = cursor.end - inner;
        int version = Bytes.u8(data, inner) >>> 4;
        if (nextHeader == NEXT_HEADER_IPV6 && version == 6 && rest >= IPV6_HEADER_LENGTH) {
            if (IPV6_HEADER_LENGTH + Bytes.u16(data, inner + 4) != rest) {
                return Step.DONE;
            }
            cursor.offset = inner;
            return Step.IPV6;
        }
        if (nextHeader == NEXT_HEADER_IPV4 && version == 4 && rest >= IPV4_MINIMUM_HEADER) {
            if (Bytes.u16(data, inner + 2) != rest) {
                return Step.DONE;
            }
            cursor.offset = inner;
            return Step.IPV4;
        }
        return Step.DONE;
    }
}
