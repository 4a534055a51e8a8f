package io.banwatch.decode;

/**
 * What the decoder reads next at {@link Cursor#offset}: each layer returns one of these, so encapsulations
 * unwind in a loop instead of by recursion.
 */
final class Step {

    /** The packet is a decoded TCP, UDP or ICMP packet. */
    static final int DONE = 0;
    /** The packet carries nothing to inspect (ARP, a fragment still waiting) or was malformed and counted. */
    static final int SKIP = 1;
    /** An Ethernet header. */
    static final int ETHERNET = 2;
    /** An EtherType has been read into {@link Cursor#etherType}; what follows it starts at the offset. */
    static final int ETHERTYPE = 3;
    /** An IPv4 or IPv6 header, told apart by the version nibble. */
    static final int IP = 4;

    static final int IPV4 = 5;
    static final int IPV6 = 6;
    static final int UDP = 7;
    static final int TCP = 8;
    static final int GRE = 9;
    static final int VXLAN = 10;
    static final int GENEVE = 11;
    static final int ICMP = 12;
    static final int ICMPV6 = 13;
    /** An IEEE 802.2 LLC header, with a SNAP header when it announces one, ahead of the protocol it carries. */
    static final int LLC = 14;
    /** A GTP-U header (3GPP TS 29.281) ahead of the user's IP packet. */
    static final int GTPU = 15;
    /** A Teredo datagram (RFC 4380): an IPv6 packet, perhaps after an origin indication. */
    static final int TEREDO = 16;
    /** An IEEE 802.11 MAC header. */
    static final int IEEE_802_11 = 17;
    /** An AYIYA header (draft-massar-v6ops-ayiya-02) ahead of a tunnelled IPv6 or IPv4 packet. */
    static final int AYIYA = 18;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    /** Transparent Ethernet bridging (RFC 1701), the inner frame of GRE and Geneve. */
    static final int ETHERTYPE_ETHERNET = 0x6558;

    private Step() {}

    /** The step for an IPv4 protocol or IPv6 next header number (IANA assigned internet protocol numbers). */
    static int forIpProtocol(int protocol) {
        return switch (protocol) {
            case 1 -> ICMP; // errors quote the packet they answer (RFC 792, RFC 4443)
            case 58 -> ICMPV6;
            case 4 -> IPV4;
            case 6 -> TCP;
            case 17 -> UDP;
            case 41 -> IPV6;
            case 47 -> GRE;
            default -> SKIP;
        };
    }

    /** The step for a PPP protocol number (RFC 1332 IPv4 0x0021, RFC 5072 IPv6 0x0057). */
    static int forPppProtocol(int protocol) {
        return switch (protocol) {
            case 0x0021 -> IPV4;
            case 0x0057 -> IPV6;
            default -> SKIP;
        };
    }
}
