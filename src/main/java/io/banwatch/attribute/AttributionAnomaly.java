package io.banwatch.attribute;

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
    /**
     * A DNS answer brought more new addresses than {@link DnsAddressMap#MAX_NEW_ADDRESSES_PER_ANSWER}; the rest were
     * not learned (counted once per answer), so that one message cannot churn the map.
     */
    NEW_ADDRESSES_PER_ANSWER_CAP,
    /**
     * The map was full of addresses that vendor names resolved to: the least recently used of them was forgotten (the
     * addresses of other names go first, see {@link AddressTable}).
     */
    VENDOR_ADDRESS_EVICTED;

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
