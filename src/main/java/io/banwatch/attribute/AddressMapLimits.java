package io.banwatch.attribute;

/**
 * The bounds of the {@link DnsAddressMap}.
 *
 * @param maxAddresses addresses remembered at once; beyond it the least recently used one is forgotten
 * @param maxNamesPerAddress names kept per address, newest first
 * @param minTtlSeconds the shortest time a name is kept, whatever its record's TTL
 * @param maxTtlSeconds the longest time a name is kept, whatever its record's TTL
 */
public record AddressMapLimits(int maxAddresses, int maxNamesPerAddress, long minTtlSeconds, long maxTtlSeconds) {

    /**
     * 65,536 addresses: a site of a few thousand hosts resolves some ten thousand distinct addresses within an hour;
     * at about 150 bytes per address with its names the map stays near 10 MB.
     */
    public static final int DEFAULT_MAX_ADDRESSES = 1 << 16;

    /**
     * 16 names: a question, its CNAME chain and the owner of the address record are usually 1 to 3 names, but a
     * shared CDN or hosting address collects many, and a vendor name must not be pushed out by the site's other
     * traffic to the same address within minutes; beyond 16 the newest answers say the most. About 24 bytes per
     * name slot: 24 MB for the default table.
     */
    public static final int DEFAULT_MAX_NAMES_PER_ADDRESS = 16;

    /**
     * 300 s: CDNs answer with TTLs of 20 to 60 s, but clients keep using an address well past that (connection
     * pools, OS and browser caches that hold answers for at least a minute), so shorter TTLs would lose most flows.
     */
    public static final long DEFAULT_MIN_TTL_SECONDS = 300;

    /**
     * 86,400 s (a day): a week-long TTL would keep a mapping long after the provider moved the address to someone
     * else and misattribute the new tenant's flows; a day bounds that while covering long-lived clients.
     */
    public static final long DEFAULT_MAX_TTL_SECONDS = 86_400;

    public static final AddressMapLimits DEFAULTS = new AddressMapLimits(
            DEFAULT_MAX_ADDRESSES, DEFAULT_MAX_NAMES_PER_ADDRESS, DEFAULT_MIN_TTL_SECONDS, DEFAULT_MAX_TTL_SECONDS);

    /** 2^24 addresses: far beyond any site's need, and small enough that the arrays fit in a heap. */
    static final int MAX_ADDRESSES_LIMIT = 1 << 24;

    /** 16 names: the lookup scans them linearly. */
    static final int MAX_NAMES_LIMIT = 16;

    public AddressMapLimits {
        if (maxAddresses < 1 || maxAddresses > MAX_ADDRESSES_LIMIT) {
            throw new IllegalArgumentException("maxAddresses must be in [1, 2^24]: " + maxAddresses);
        }
        if (maxNamesPerAddress < 1 || maxNamesPerAddress > MAX_NAMES_LIMIT) {
            throw new IllegalArgumentException("maxNamesPerAddress must be in [1, 16]: " + maxNamesPerAddress);
        }
        if (minTtlSeconds < 0 || maxTtlSeconds < minTtlSeconds || maxTtlSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "TTL bounds must satisfy 0 <= min <= max <= 2^31-1: " + minTtlSeconds + ", " + maxTtlSeconds);
        }
    }
}
