package io.banwatch.inspect.socks;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Why a SOCKS handshake was not followed into its tunnel. */
public enum SocksAnomaly implements Anomaly {
    /** A message that is neither a SOCKS5 request nor a username/password sub-negotiation after the greeting. */
    UNEXPECTED_MESSAGE,
    /** A request with an address type RFC 1928 section 5 does not define. */
    ADDRESS_TYPE_UNKNOWN,
    /** A SOCKS4 user id or SOCKS4a host name longer than the cap. */
    SOCKS4_FIELD_TOO_LONG;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "socks";
    }

    @Override
    public String reason() {
        return reason;
    }
}
