package io.banwatch.decode;

/**
 * The link-layer header types banwatch reads, by their LINKTYPE_ / DLT_ numbers
 * (https://www.tcpdump.org/linktypes.html).
 */
public final class LinkType {

    /** BSD loopback: a 4-byte address family in host byte order (DLT_NULL). */
    public static final int NULL = 0;

    public static final int ETHERNET = 1;
    /** OpenBSD loopback: the address family in network byte order. */
    public static final int LOOP = 108;
    /** Raw IPv4 or IPv6, as DLT_RAW on most platforms. */
    public static final int RAW = 101;
    /** DLT_RAW's value on OpenBSD and some older libpcap builds. */
    public static final int RAW_OPENBSD = 14;
    /** DLT_RAW's value on other BSDs. */
    public static final int RAW_BSD = 12;

    public static final int PPP = 9;
    public static final int PPP_ETHER = 51;
    public static final int LINUX_SLL = 113;
    public static final int LINUX_SLL2 = 276;
    public static final int NFLOG = 239;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;

    public static final int FDDI = 10;
    /** IEEE 802.5 Token Ring. */
    public static final int TOKEN_RING = 6;
    /** RFC 2684 LLC-encapsulated ATM, LINKTYPE_ATM_RFC1483; libpcap on Linux reports it as DLT_ATM_RFC1483 (11). */
    public static final int ATM_RFC1483 = 100;

    public static final int DLT_ATM_RFC1483 = 11;
    /** PPP in HDLC-like framing (RFC 1662). */
    public static final int PPP_HDLC = 50;
    /** Cisco HDLC. */
    public static final int C_HDLC = 104;

    public static final int IEEE802_11 = 105;
    /** Frame Relay with RFC 2427 multiprotocol encapsulation. */
    public static final int FRELAY = 107;
    /** OpenBSD IPsec enc(4) interface. */
    public static final int ENC = 109;
    /** OpenBSD and FreeBSD pf log. */
    public static final int PFLOG = 117;

    public static final int IEEE802_11_PRISM = 119;
    /** RFC 2625 IP over Fibre Channel. */
    public static final int IP_OVER_FC = 122;
    /** Solaris SunATM: a 4-byte pseudo-header, then LLC or LANE. */
    public static final int SUNATM = 123;

    public static final int IEEE802_11_RADIOTAP = 127;
    /** RFC 2734 IP over IEEE 1394 (Apple's link type). */
    public static final int APPLE_IP_OVER_IEEE1394 = 138;

    public static final int IEEE802_11_AVS = 163;
    /** Per-Packet Information header (CACE/Riverbed AirPcap). */
    public static final int PPI = 192;
    /** Endace Extensible Record Format records. */
    public static final int ERF = 197;
    /** Solaris ipnet. */
    public static final int IPNET = 226;
    /** Apple's PKTAP: per-packet metadata, then a frame of the link type it names. */
    public static final int PKTAP = 258;

    private LinkType() {}
}
