package io.banwatch.match;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Caps of the DNS-answer address map that were hit, and answer data it could not use, counted per reason. */
public enum AttributionAnomaly implements Anomaly {
    /** The map held {@link AddressMapLimits#maxAddresses()}; the least recently used address was forgotten. */
    ADDRESS_MAP_FULL,
    /** An address already had {@link AddressMapLimits#maxNamesPerAddress()} names; the oldest was dropped. */
    NAMES_PER_ADDRESS_CAP,
    /** A DNS answer named more than {@link DnsAddressMap#MAX_CHAIN_NAMES} names; the names beyond it were not kept (counted once per answer). */
    CHAIN_NAMES_CAP,
    /** An A or AAAA record whose data was not an address in text form; it was skipped. */
    ADDRESS_UNREADABLE;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "attribution";
    }

    @Override
    public String reason() {
        return reason;
    }
}
