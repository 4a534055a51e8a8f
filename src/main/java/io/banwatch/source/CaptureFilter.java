package io.banwatch.source;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the default BPF filter: keep every packet that could carry a name or decide an outcome, and drop in the
 * kernel the two kinds of TCP segment that make up most of a tap's packets and carry neither: what servers send from
 * well-known server ports (bulk downloads and their acknowledgements), and bare acknowledgements without payload.
 * Servers' SYN-ACK, FIN and RST segments are kept (they are few and say whether a connection was accepted, closed or
 * refused), and so is one bare acknowledgement in sixteen: those whose acknowledgement number's low 16 bits are
 * below 4,096. A client acknowledges a download about every two segments, so some acknowledgement lands in that
 * window roughly once per 64 KiB the server sends, and how much it sent can be followed from the client's side
 * (RFC 9293 section 3.4) without keeping the server's bulk. Clients' SYN, FIN, RST and data segments are kept.
 *
 * <p>libpcap's {@code tcp[]} indexing only works for IPv4, so the tests are written separately for IPv4 ({@code
 * ip[2:2]} total length minus both header lengths, {@code tcp[13]} flags, {@code tcp[10]} the acknowledgement's
 * third byte) and IPv6 ({@code ip6[4:2]} payload length minus the TCP header, which follows the fixed header when
 * there are no extension headers, flags at {@code ip6[53]}, the acknowledgement's third byte at {@code ip6[50]};
 * packets with extension headers are kept). On Ethernet the same test runs again after one VLAN tag: the first
 * {@code vlan} keyword shifts every later offset, so untagged frames are decided by the first half and tagged frames
 * by the second. Frames with further encapsulation (QinQ, PPPoE, tunnels) never match the drop test and are kept.
 */
public final class CaptureFilter {

    /** LINKTYPE_ETHERNET (https://www.tcpdump.org/linktypes.html): the only link type with VLAN tags to step over. */
    private static final int LINKTYPE_ETHERNET = 1;

    /** Ports whose servers send bulk payload that carries no name; their TCP segments are dropped. */
    public static final List<Integer> DEFAULT_SERVER_PORTS = List.of(80, 443, 8080, 8443);

    private CaptureFilter() {}

    /** The default filter for a link type and a list of server ports. */
    public static String forServerPorts(int linkType, List<Integer> serverPorts) {
        String ports = serverPorts.isEmpty()
                ? "tcp src port 0 and not tcp src port 0"
                : serverPorts.stream().map(p -> "tcp src port " + p).collect(Collectors.joining(" or "));
        // A BPF load beyond the end of a packet rejects the packet, whatever the expression says, so the test that
        // reads the TCP header first makes sure the packet is not a fragment (ip[6:2] & 0x3fff: MF and the offset),
        // whose TCP header may be absent or cut short. (libpcap's port tests check that themselves.)
        String whole4 = "(ip[6:2] & 0x3fff) = 0";
        // None of SYN, FIN, RST: the low three flag bits (RFC 9293 3.1).
        String noSynFinRst4 = "(tcp[13] & 7) = 0";
        String noSynFinRst6 = "(ip6[53] & 7) = 0";
        String server4 = "(ip and tcp and " + whole4 + " and (" + ports + ") and " + noSynFinRst4 + ")";
        String server6 = "(ip6 and ip6[6] = 6 and (" + ports + ") and " + noSynFinRst6 + ")";
        // A bare acknowledgement outside the sample: no payload, no SYN, FIN or RST, acknowledgement number's low
        // 16 bits at 4,096 or more.
        String bareAck4 = "(ip and tcp and " + whole4
                + " and (ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2)) = 0 and " + noSynFinRst4
                + " and (tcp[10] & 0xf0) != 0)";
        String bareAck6 = "(ip6 and ip6[6] = 6 and (ip6[4:2] - ((ip6[52] & 0xf0) >> 2)) = 0 and " + noSynFinRst6
                + " and (ip6[50] & 0xf0) != 0)";
        String bulk = "(" + server4 + " or " + server6 + " or " + bareAck4 + " or " + bareAck6 + ")";
        if (linkType == LINKTYPE_ETHERNET) {
            return "(not ether proto 0x8100 and not ether proto 0x88a8 and not " + bulk + ") or (vlan and not " + bulk
                    + ")";
        }
        return "not " + bulk;
    }
}
