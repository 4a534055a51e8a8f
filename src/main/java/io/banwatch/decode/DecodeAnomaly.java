package io.banwatch.decode;

import java.util.Locale;

/**
 * Why the packet decoder skipped a frame or a fragment: one constant per malformed header, unsupported
 * encapsulation or exhausted cap, each with the layer it belongs to.
 */
public enum DecodeAnomaly implements Anomaly {
    CAPTURE_LENGTH_INVALID("link"),
    LINK_TYPE_UNSUPPORTED("link"),
    ETHERNET_HEADER_TOO_SMALL("ethernet"),
    VLAN_HEADER_TOO_SMALL("vlan"),
    VLAN_TOO_MANY_TAGS("vlan"),
    PPPOE_HEADER_TOO_SMALL("pppoe"),
    PPPOE_VERSION_UNSUPPORTED("pppoe"),
    PPP_HEADER_TOO_SMALL("ppp"),
    SLL_HEADER_TOO_SMALL("sll"),
    SLL2_HEADER_TOO_SMALL("sll2"),
    NULL_HEADER_TOO_SMALL("null"),
    NULL_FAMILY_UNKNOWN("null"),
    NFLOG_HEADER_TOO_SMALL("nflog"),
    NFLOG_VERSION_UNSUPPORTED("nflog"),
    NFLOG_TLV_INVALID("nflog"),
    NFLOG_TOO_MANY_TLVS("nflog"),
    NFLOG_PAYLOAD_MISSING("nflog"),
    MPLS_HEADER_TOO_SMALL("mpls"),
    MPLS_TOO_MANY_LABELS("mpls"),
    IP_VERSION_UNKNOWN("ip"),
    IP_TUNNEL_TOO_DEEP("ip"),
    IPV4_HEADER_TOO_SMALL("ipv4"),
    IPV4_VERSION_MISMATCH("ipv4"),
    IPV4_HEADER_LENGTH_INVALID("ipv4"),
    IPV4_HEADER_TRUNCATED("ipv4"),
    IPV4_TOTAL_LENGTH_INVALID("ipv4"),
    IPV4_TRUNCATED("ipv4"),
    IPV6_HEADER_TOO_SMALL("ipv6"),
    IPV6_VERSION_MISMATCH("ipv6"),
    IPV6_TRUNCATED("ipv6"),
    IPV6_EXTENSION_HEADER_TRUNCATED("ipv6"),
    IPV6_TOO_MANY_EXTENSION_HEADERS("ipv6"),
    FRAGMENT_OF_TRUNCATED_PACKET("fragment"),
    FRAGMENT_EMPTY("fragment"),
    FRAGMENT_LENGTH_NOT_MULTIPLE_OF_8("fragment"),
    FRAGMENT_TOO_LARGE("fragment"),
    FRAGMENT_DUPLICATE("fragment"),
    FRAGMENT_OVERLAP("fragment"),
    FRAGMENT_INCONSISTENT_END("fragment"),
    FRAGMENT_AFTER_ABANDON("fragment"),
    FRAGMENT_TOO_MANY_PIECES("fragment"),
    FRAGMENT_TIMEOUT("fragment"),
    FRAGMENT_TABLE_FULL("fragment"),
    FRAGMENT_MEMORY_FULL("fragment"),
    UDP_HEADER_TOO_SMALL("udp"),
    UDP_LENGTH_INVALID("udp"),
    UDP_LENGTH_EXCEEDS_PACKET("udp"),
    TCP_HEADER_TOO_SMALL("tcp"),
    TCP_DATA_OFFSET_INVALID("tcp"),
    TCP_DATA_OFFSET_BEYOND_SEGMENT("tcp"),
    GRE_HEADER_TOO_SMALL("gre"),
    GRE_VERSION_UNSUPPORTED("gre"),
    GRE_ROUTING_UNSUPPORTED("gre"),
    ERSPAN_HEADER_TOO_SMALL("erspan"),
    ERSPAN_VERSION_MISMATCH("erspan"),
    VXLAN_HEADER_TOO_SMALL("vxlan"),
    VXLAN_VNI_FLAG_MISSING("vxlan"),
    GENEVE_HEADER_TOO_SMALL("geneve"),
    GENEVE_VERSION_UNSUPPORTED("geneve"),
    GENEVE_OPTIONS_TRUNCATED("geneve"),
    GTPU_HEADER_TOO_SMALL("gtpu"),
    GTPU_VERSION_UNSUPPORTED("gtpu"),
    GTPU_LENGTH_EXCEEDS_PACKET("gtpu"),
    GTPU_TOO_MANY_EXTENSION_HEADERS("gtpu"),
    GTPU_EXTENSION_HEADER_INVALID("gtpu"),
    LLC_HEADER_TOO_SMALL("llc"),
    PBB_HEADER_TOO_SMALL("pbb"),
    VNTAG_HEADER_TOO_SMALL("vntag"),
    NSH_HEADER_TOO_SMALL("nsh"),
    NSH_VERSION_UNSUPPORTED("nsh"),
    IEEE_802_11_HEADER_TOO_SMALL("ieee802_11"),
    RADIO_HEADER_INVALID("ieee802_11"),
    LINK_HEADER_TOO_SMALL("link"),
    ENCAPSULATION_TOO_DEEP("tunnel");

    private final String layer;
    private final String reason;

    DecodeAnomaly(String layer) {
        this.layer = layer;
        this.reason = name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String layer() {
        return layer;
    }

    @Override
    public String reason() {
        return reason;
    }
}
