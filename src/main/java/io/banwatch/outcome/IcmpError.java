package io.banwatch.outcome;

import io.banwatch.decode.DecodedPacket;

/**
 * Reads a Destination Unreachable error and the packet it quotes, which names the contact it refused. Reused for
 * every ICMP packet of a capture thread; never throws and never reads outside the message.
 *
 * <pre>
 * RFC 792 (ICMP, type 3) and RFC 4443 section 3.1 (ICMPv6, type 1):
 *  Type(8) | Code(8) | Checksum(16) | Unused(32) | the invoking packet: its IP header and at least 8 bytes of it
 * </pre>
 *
 * The codes (port or host unreachable, administratively prohibited, ...) all say the packet was not delivered.
 */
final class IcmpError {

    static final int ICMP_DESTINATION_UNREACHABLE = 3;
    static final int ICMPV6_DESTINATION_UNREACHABLE = 1;

    private static final int ICMP_HEADER = 8;
    private static final int IPV6_HEADER = 40;
    /** The quoted transport header's ports: all that RFC 792's "64 bits of original data" is needed for here. */
    private static final int PORTS = 4;

    int ipVersion;
    int transport;
    final byte[] source = new byte[16];
    final byte[] destination = new byte[16];
    int sourcePort;
    int destinationPort;

    /** Result of {@link #read}. */
    enum Read {
        UNREACHABLE,
        /** Another ICMP message (echo, time exceeded, ...): nothing to do with an outcome. */
        OTHER,
        TOO_SHORT
    }

    /** Reads the ICMP message of {@code packet} (its payload window). */
    Read read(DecodedPacket packet) {
        byte[] data = packet.data;
        int at = packet.payloadOffset;
        int length = packet.payloadLength;
        if (length < ICMP_HEADER) {
            return Read.TOO_SHORT;
        }
        int type = data[at] & 0xff;
        boolean v6 = packet.transport == DecodedPacket.ICMPV6;
        if (type != (v6 ? ICMPV6_DESTINATION_UNREACHABLE : ICMP_DESTINATION_UNREACHABLE)) {
            return Read.OTHER;
        }
        return v6
                ? quoted6(data, at + ICMP_HEADER, length - ICMP_HEADER)
                : quoted4(data, at + ICMP_HEADER, length - ICMP_HEADER);
    }

    /** RFC 791 section 3.1: IHL in the low nibble of the first byte, protocol at 9, addresses at 12 and 16. */
    private Read quoted4(byte[] data, int at, int length) {
        if (length < 20 || (data[at] & 0xf0) != 0x40) {
            return Read.TOO_SHORT;
        }
        int headerLength = (data[at] & 0x0f) * 4;
        if (headerLength < 20 || length < headerLength + PORTS) {
            return Read.TOO_SHORT;
        }
        ipVersion = 4;
        transport = data[at + 9] & 0xff;
        System.arraycopy(data, at + 12, source, 0, 4);
        System.arraycopy(data, at + 16, destination, 0, 4);
        ports(data, at + headerLength);
        return Read.UNREACHABLE;
    }

    /**
     * RFC 8200 section 3: next header at 6, addresses at 8 and 24. A quote whose next header is an extension header
     * is read as "other": refusing a packet with extension headers is rare, and walking them in a quote is not
     * worth its risk.
     */
    private Read quoted6(byte[] data, int at, int length) {
        if (length < IPV6_HEADER + PORTS || (data[at] & 0xf0) != 0x60) {
            return Read.TOO_SHORT;
        }
        ipVersion = 6;
        transport = data[at + 6] & 0xff;
        System.arraycopy(data, at + 8, source, 0, 16);
        System.arraycopy(data, at + 24, destination, 0, 16);
        ports(data, at + IPV6_HEADER);
        return transport == DecodedPacket.TCP || transport == DecodedPacket.UDP ? Read.UNREACHABLE : Read.OTHER;
    }

    private void ports(byte[] data, int at) {
        sourcePort = ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
        destinationPort = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
    }
}
