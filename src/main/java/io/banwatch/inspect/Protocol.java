package io.banwatch.inspect;

import java.util.Locale;

/** The application protocol an observation was read from; its lower-case name is ECS {@code network.protocol}. */
public enum Protocol {
    DNS,
    TLS,
    QUIC,
    HTTP,
    /** Kaspersky's own non-TLS protocol ({@code KS\0\0}, {@code KE\0\0}, {@code PI}) on TCP 443 or UDP 2001. */
    KASPERSKY,
    /** A connection to a Kaspersky Security Center / Network Agent service port inside the network. */
    KSC,
    /** A flow whose first client bytes no inspector recognised; reported only with a name attributed by DNS. */
    UNKNOWN;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in events and metric labels. */
    public String label() {
        return label;
    }
}
