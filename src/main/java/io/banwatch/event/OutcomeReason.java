package io.banwatch.event;

/** Why a contact got its {@link Outcome}: {@code banwatch.outcome_reason}. */
public enum OutcomeReason {
    DNS_NXDOMAIN("dns_nxdomain"),
    DNS_REFUSED("dns_refused"),
    DNS_SERVFAIL("dns_servfail"),
    DNS_SINKHOLE("dns_sinkhole"),
    /** The resolver answered with addresses that are not sinkholes: the name resolved. */
    DNS_ANSWER("dns_answer"),
    TCP_RESET("tcp_reset"),
    ICMP_UNREACHABLE("icmp_unreachable"),
    NO_REPLY("no_reply"),
    /** The server accepted the TCP connection (SYN-ACK) but nothing more specific is known of its answer. */
    TCP_HANDSHAKE("tcp_handshake"),
    TLS_HANDSHAKE("tls_handshake"),
    HTTP_STATUS("http_status"),
    QUIC_HANDSHAKE("quic_handshake"),
    /** A UDP server other than QUIC (Kaspersky's own protocol, Security Center) answered. */
    UDP_REPLY("udp_reply"),
    BYTES("bytes");

    private final String label;

    OutcomeReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
