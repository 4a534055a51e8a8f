package io.banwatch.inspect;

import java.util.Locale;

/** The application protocol an observation was read from; its lower-case name is ECS {@code network.protocol}. */
public enum Protocol {
    DNS,
    TLS,
    QUIC,
    HTTP;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in events and metric labels. */
    public String label() {
        return label;
    }
}
