package io.banwatch.source;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the default BPF filter: keep every packet that could carry a name, and drop in the kernel the two kinds of
 * TCP segment that make up most of a tap's packets and never carry one: everything servers send from well-known
 * server ports (bulk downloads, and their handshake replies), and bare acknowledgements without payload. Clients'
 * SYN, FIN and RST segments are kept, so connections can still be followed.
 *
 * <p>libpcap's {@code tcp[]} indexing only works for IPv4, so the payload length of a bare acknowledgement is
 * computed separately for IPv4 ({@code ip[2:2]} total length minus both header lengths) and IPv6 ({@code ip6[4:2]}
 * payload length minus the TCP header, which follows the fixed header when there are no extension headers; packets
 * with extension headers are kept). On Ethernet the same test runs again after one VLAN tag: the first {@code vlan}
 * keyword shifts every later offset, so untagged frames are decided by the first half and tagged frames by the
 * second. Frames with further encapsulation (QinQ, PPPoE, tunnels) never match the drop test and are kept.
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
        // A bare acknowledgement: no payload and none of SYN, FIN, RST (the low three flag bits, RFC 9293 3.1).
        String bareAck4 = "(ip and tcp and " + whole4
                + " and (ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2)) = 0 and (tcp[13] & 7) = 0)";
        String bareAck6 = "(ip6 and ip6[6] = 6 and (ip6[4:2] - ((ip6[52] & 0xf0) >> 2)) = 0 and (ip6[53] & 7) = 0)";
        String bulk = "(" + ports + " or " + bareAck4 + " or " + bareAck6 + ")";
        if (linkType == LINKTYPE_ETHERNET) {
            return "(not ether proto 0x8100 and not ether proto 0x88a8 and not " + bulk + ") or (vlan and not " + bulk
                    + ")";
        }
        return "not " + bulk;
    }
}
