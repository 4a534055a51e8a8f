package io.banwatch.outcome;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Bounds of outcome following that were hit, and ICMP errors too short to say which contact they answer. */
public enum OutcomeAnomaly implements Anomaly {
    /** {@link OutcomeSettings#MAX_FOLLOWED_CONTACTS} were followed; the least recently active was decided early. */
    FOLLOWED_CONTACTS_FULL,
    /** {@link OutcomeSettings#MAX_PENDING_DNS_QUERIES} queries awaited answers; the oldest was decided early. */
    PENDING_DNS_QUERIES_FULL,
    /** An ICMP or ICMPv6 error quoted less than the IP header and the ports of the packet it answers. */
    ICMP_QUOTE_TOO_SHORT;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "outcome";
    }

    @Override
    public String reason() {
        return reason;
    }
}
