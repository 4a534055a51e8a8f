package io.banwatch.event;

/** Why a contact got its {@link Outcome}: {@code banwatch.outcome_reason}. */
public enum OutcomeReason {
    DNS_NXDOMAIN("dns_nxdomain"),
    DNS_REFUSED("dns_refused"),
    DNS_SERVFAIL("dns_servfail"),
    DNS_SINKHOLE("dns_sinkhole"),
    TCP_RESET("tcp_reset"),
    ICMP_UNREACHABLE("icmp_unreachable"),
    NO_REPLY("no_reply"),
    TLS_HANDSHAKE("tls_handshake"),
    HTTP_STATUS("http_status"),
    QUIC_HANDSHAKE("quic_handshake"),
    BYTES("bytes");

    private final String label;

    OutcomeReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
