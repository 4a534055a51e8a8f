package io.banwatch.store;

/**
 * What a query asks for; null fields do not filter. Times are packet times in nanoseconds since the epoch.
 *
 * @param nameSuffix matches a name and every name below it, label-aligned ({@code kaspersky.com} matches
 *     {@code dnl-01.geo.kaspersky.com}, never {@code notkaspersky.com})
 * @param before the cursor: only rows with a smaller id (the next page of a newest-first listing), or 0 for none
 * @param limit rows per page
 */
public record EventFilter(
        Long sinceNanos,
        Long untilNanos,
        String host,
        String vendor,
        String category,
        String phase,
        String protocol,
        String outcome,
        String nameSuffix,
        long before,
        int limit) {

    /** Rows a page may hold: larger requests are cut to this, so one request cannot hold the store. */
    public static final int MAX_LIMIT = 10_000;

    public static final int DEFAULT_LIMIT = 100;

    public EventFilter {
        limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    public static EventFilter all() {
        return new EventFilter(null, null, null, null, null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    public EventFilter withBefore(long cursor) {
        return new EventFilter(
                sinceNanos, untilNanos, host, vendor, category, phase, protocol, outcome, nameSuffix, cursor, limit);
    }

    public EventFilter withLimit(int rows) {
        return new EventFilter(
                sinceNanos, untilNanos, host, vendor, category, phase, protocol, outcome, nameSuffix, before, rows);
    }
}
