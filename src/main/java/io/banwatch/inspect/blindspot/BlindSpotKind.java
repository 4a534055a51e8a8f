package io.banwatch.inspect.blindspot;

import java.util.Locale;

/** A kind of traffic that can carry a name the monitor cannot read; its lower-case name is the metric label. */
public enum BlindSpotKind {
    /** A TLS or QUIC ClientHello offering Encrypted Client Hello: the real server name may be encrypted. */
    ECH,
    /** A TCP connection to port 853: DNS over TLS (RFC 7858 section 3.1). */
    DNS_OVER_TLS,
    /** A QUIC connection to UDP port 853: DNS over QUIC (RFC 9250 section 4.1.1). */
    DNS_OVER_QUIC,
    /** A ClientHello naming a well-known DoH resolver, or an HTTP request for {@code /dns-query} (RFC 8484). */
    DNS_OVER_HTTPS,
    /** A DNS query sent to a resolver outside the configured internal resolvers. */
    DNS_EXTERNAL_RESOLVER,
    /** A DNS query sent to one of the public resolvers Kaspersky products fall back to. */
    DNS_KASPERSKY_FALLBACK_RESOLVER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The value of the {@code kind} label. */
    public String label() {
        return label;
    }
}
