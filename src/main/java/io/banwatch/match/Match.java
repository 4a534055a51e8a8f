package io.banwatch.match;

/**
 * A catalog rule that matched an observation, with the vendor's policy phase at the observation's time.
 *
 * @param vendor the catalog's vendor id, for example {@code kaspersky}
 * @param rule the rule's pattern as written in the catalog, for example {@code *.geo.kaspersky.com}
 * @param phase the name of the policy phase in force at the packet's timestamp, for example {@code updates_banned};
 *     {@code before_announcement} before the first phase
 * @param description the rule's description from the catalog
 * @param confidence the rule's confidence, for a match by fingerprint; null for other matches
 * @param matchedBy {@link #BY_JA4} when the ClientHello's fingerprint matched rather than a name, port or
 *     signature; null otherwise
 */
public record Match(
        String vendor,
        Category category,
        String rule,
        String phase,
        Severity severity,
        String description,
        Confidence confidence,
        String matchedBy) {

    /** {@code banwatch.matched_by} of a match by the JA4 fingerprint of a ClientHello. */
    public static final String BY_JA4 = "ja4";

    /** A match by name, port or signature. */
    public Match(String vendor, Category category, String rule, String phase, Severity severity, String description) {
        this(vendor, category, rule, phase, severity, description, null, null);
    }

    /** Whether the fingerprint of a ClientHello matched rather than a name. */
    public boolean byFingerprint() {
        return BY_JA4.equals(matchedBy);
    }
}
