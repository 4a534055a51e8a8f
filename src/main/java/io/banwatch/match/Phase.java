package io.banwatch.match;

/**
 * One policy phase of a vendor: from {@code startNanos} (nanoseconds since the epoch) until the next phase starts.
 *
 * @param start the start as written in the catalog (RFC 3339 with offset)
 */
public record Phase(String name, long startNanos, String start, String description, String source) {}
