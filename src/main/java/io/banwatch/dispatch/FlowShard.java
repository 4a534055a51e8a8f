package io.banwatch.dispatch;

import io.banwatch.decode.LinkType;

/**
 * Picks the inspection worker of a packet from its raw bytes: a hash of its two IP addresses that is the same in
 * both directions. Addresses alone, not ports: every fragment of a datagram carries them (ports only the first, RFC
 * 791 section 3.2, RFC 8200 section 4.5), as does every packet of a GRE, IP-in-IP or UDP tunnel, so a flow, its
 * fragments and both directions of a tunnel meet on one worker. An ICMP error is placed by the packet it quotes (RFC
 * 792, RFC 4443 section 2.4), so the contact it ends is followed where it started. Frames it cannot read (no IP
 * header where it looks: MPLS, PPPoE, the rarer link types) go to worker 0. A DNS answer and the connections it
 * names have different address pairs; {@link InspectionWorkers} orders the attribution map they share.
 *
 * <p>Reads the outer headers only, with every offset checked against the captured length; allocates nothing.
 */
public final class FlowShard {

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;

    /** VLAN tags skipped before giving up: the decoder's own cap ({@code vlan/...}). */
    private static final int MAX_VLAN_TAGS = 8;

    /** IPv6 extension headers skipped before giving up: the decoder's own cap. */
    private static final int MAX_EXTENSION_HEADERS = 8;

    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;

    private FlowShard() {}

    /** The worker, in {@code [0, workers)}, for a captured frame. */
    public static int worker(int linkType, byte[] data, int length, int workers) {
        if (workers <= 1) {
            return 0;
        }
        int hash = hash(linkType, data, length);
        return Integer.remainderUnsigned(mix(hash), workers);
    }

    /** A hash equal for both directions of a flow; 0 when the frame holds no IP header it can find. */
    static int hash(int linkType, byte[] data, int length) {
        int ip = ipOffset(linkType, data, length);
        return ip < 0 ? 0 : ipHash(data, ip, length, true);
    }

    /** Where the IP header starts for the link types captures use most, or -1. */
    private static int ipOffset(int linkType, byte[] data, int length) {
        switch (linkType) {
            case LinkType.ETHERNET -> {
                return ethernet(data, length);
            }
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, LinkType.IPV4, LinkType.IPV6 -> {
                return 0;
            }
            case LinkType.NULL, LinkType.LOOP -> {
                return length > 4 ? 4 : -1;
            }
            case LinkType.LINUX_SLL -> {
                return length > 16 && isIp(u16(data, 14)) ? 16 : -1;
            }
            case LinkType.LINUX_SLL2 -> {
                return length > 20 && isIp(u16(data, 0)) ? 20 : -1;
            }
            default -> {
                return -1;
            }
        }
    }

    private static int ethernet(byte[] data, int length) {
        int offset = 12;
        for (int tags = 0; tags <= MAX_VLAN_TAGS && offset + 2 <= length; tags++) {
            int type = u16(data, offset);
            if (isIp(type)) {
                return offset + 2;
            }
            if (type != ETHERTYPE_VLAN && type != ETHERTYPE_QINQ && type != ETHERTYPE_QINQ_OLD) {
                return -1;
            }
            offset += 4;
        }
        return -1;
    }

    private static boolean isIp(int etherType) {
        return etherType == ETHERTYPE_IPV4 || etherType == ETHERTYPE_IPV6;
    }

    /** @param followIcmp whether an ICMP error is placed by the header it quotes (not for the quoted one itself) */
    private static int ipHash(byte[] data, int ip, int length, boolean followIcmp) {
        if (ip >= length) {
            return 0;
        }
        int version = (data[ip] & 0xFF) >>> 4;
        if (version == 4) {
            return ipv4(data, ip, length, followIcmp);
        }
        if (version == 6) {
            return ipv6(data, ip, length, followIcmp);
        }
        return 0;
    }

    /** RFC 791: IHL in the low nibble of byte 0, flags and fragment offset at 6, protocol at 9, addresses at 12. */
    private static int ipv4(byte[] data, int ip, int length, boolean followIcmp) {
        if (ip + 20 > length) {
            return 0;
        }
        int headerLength = (data[ip] & 0x0F) * 4;
        int source = ip + 12;
        int destination = ip + 16;
        boolean fragment = (u16(data, ip + 6) & 0x1FFF) != 0; // a later fragment holds no header to follow
        int transport = ip + headerLength;
        if (fragment || headerLength < 20) {
            return pair(data, source, destination, 4);
        }
        return transport(data, data[ip + 9] & 0xFF, transport, length, source, destination, 4, followIcmp);
    }

    /** RFC 8200: next header at 6, addresses at 8 and 24, extension headers after the 40-byte header. */
    private static int ipv6(byte[] data, int ip, int length, boolean followIcmp) {
        if (ip + 40 > length) {
            return 0;
        }
        int source = ip + 8;
        int destination = ip + 24;
        int next = data[ip + 6] & 0xFF;
        int offset = ip + 40;
        for (int i = 0; i < MAX_EXTENSION_HEADERS && (next == 0 || next == 43 || next == 60); i++) {
            if (offset + 2 > length) {
                return pair(data, source, destination, 16);
            }
            next = data[offset] & 0xFF;
            offset += ((data[offset + 1] & 0xFF) + 1) * 8; // RFC 8200 section 4.3: length in 8-octet units beyond 8
        }
        return transport(data, next, offset, length, source, destination, 16, followIcmp);
    }

    private static int transport(
            byte[] data,
            int protocol,
            int offset,
            int length,
            int source,
            int destination,
            int addressLength,
            boolean followIcmp) {
        if (followIcmp && (protocol == ICMP || protocol == ICMPV6) && offset + 8 < length) {
            int type = data[offset] & 0xFF;
            boolean error = protocol == ICMP
                    ? type == 3 || type == 4 || type == 5 || type == 11 || type == 12 // RFC 792
                    : type >= 1 && type <= 4; // RFC 4443 section 2.1: error messages 1 to 127, 1 to 4 defined
            if (error) {
                int quoted = ipHash(data, offset + 8, length, false);
                if (quoted != 0) {
                    return quoted;
                }
            }
        }
        return pair(data, source, destination, addressLength);
    }

    /** Symmetric in its two addresses: a sum of their hashes. */
    private static int pair(byte[] data, int a, int b, int addressLength) {
        return address(data, a, addressLength) + address(data, b, addressLength);
    }

    private static int address(byte[] data, int offset, int addressLength) {
        int h = 0x9747B28C;
        for (int i = 0; i < addressLength; i += 4) {
            h = 31 * h + u32(data, offset + i);
        }
        return mix(h) | 1; // never 0, which stands for "no IP header"
    }

    /** The 32-bit finaliser of MurmurHash3: spreads nearby addresses over the workers. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private static int u16(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 8 | data[offset + 1] & 0xFF;
    }

    private static int u32(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 24
                | (data[offset + 1] & 0xFF) << 16
                | (data[offset + 2] & 0xFF) << 8
                | data[offset + 3] & 0xFF;
    }
}
