package io.banwatch.match;

/**
 * One host entry of a catalog: a {@code rules} entry, or a {@code domains} entry (a registrable domain that matches
 * with category {@code web} when no more specific rule does).
 *
 * @param pattern the compiled pattern; {@code pattern.text()} is the pattern as written
 * @param source the URL or source mark the entry comes from
 */
public record HostRule(
        HostPattern pattern,
        Category category,
        String description,
        String source,
        Confidence confidence,
        boolean registrableDomain) {}
