package io.banwatch.inspect.blindspot;

import java.util.List;

/**
 * What {@link BlindSpots} needs to know about the monitored network. The configuration keys that map to it are
 * {@code blind_spots.internal_resolvers}, {@code blind_spots.doh_names} and {@code blind_spots.max_ech_outer_names}.
 *
 * @param internalResolvers CIDR prefixes or single addresses (IPv4 and IPv6) of the resolvers clients are meant to
 *     use; a DNS query to any other address counts as {@link BlindSpotKind#DNS_EXTERNAL_RESOLVER}, and queries sent
 *     by these resolvers themselves (recursion, forwarding) are not counted. Empty (the default) turns that check
 *     off; the Kaspersky fallback check stays on and skips only addresses listed here.
 * @param extraDohNames DoH resolver names added to {@link DohResolverNames#BUILT_IN}; each also matches its
 *     subdomains. Default empty.
 * @param maxEchOuterNames distinct ECH outer server names kept with their counts; default
 *     {@value #DEFAULT_MAX_ECH_OUTER_NAMES}, at most {@value #MAX_ECH_OUTER_NAMES_LIMIT}
 */
public record BlindSpotSettings(List<String> internalResolvers, List<String> extraDohNames, int maxEchOuterNames) {

    /** Real ECH outer names are the public names of a few large providers; 64 leaves room for GREASE noise. */
    public static final int DEFAULT_MAX_ECH_OUTER_NAMES = 64;

    /** The table is for a summary list that a person reads, not for an inventory of names. */
    public static final int MAX_ECH_OUTER_NAMES_LIMIT = 1024;

    public static final BlindSpotSettings DEFAULTS =
            new BlindSpotSettings(List.of(), List.of(), DEFAULT_MAX_ECH_OUTER_NAMES);

    public BlindSpotSettings {
        internalResolvers = List.copyOf(internalResolvers);
        extraDohNames = List.copyOf(extraDohNames);
        if (maxEchOuterNames < 1 || maxEchOuterNames > MAX_ECH_OUTER_NAMES_LIMIT) {
            throw new IllegalArgumentException("max_ech_outer_names must be between 1 and " + MAX_ECH_OUTER_NAMES_LIMIT
                    + ", got " + maxEchOuterNames);
        }
    }
}
