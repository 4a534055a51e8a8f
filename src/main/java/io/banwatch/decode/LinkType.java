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

    private LinkType() {}
}
