package io.banwatch.match;

/**
 * A catalog rule that matched an observation, with the vendor's policy phase at the observation's time.
 *
 * @param vendor the catalog's vendor id, for example {@code kaspersky}
 * @param rule the rule's pattern as written in the catalog, for example {@code *.geo.kaspersky.com}
 * @param phase the name of the policy phase in force at the packet's timestamp, for example {@code updates_banned};
 *     {@code before_announcement} before the first phase
 * @param description the rule's description from the catalog
 */
public record Match(
        String vendor, Category category, String rule, String phase, Severity severity, String description) {}
