package io.banwatch.match;

import java.util.List;

/**
 * A validated vendor catalog: who the vendor is, its policy phases and severities, and its host and path rules.
 *
 * @param id the vendor id used in events and metric labels, for example {@code kaspersky}
 * @param origin where the catalog was read from, for messages (a file name or classpath resource)
 */
public record VendorCatalog(
        String id,
        String displayName,
        List<String> references,
        PolicyPhases policy,
        List<HostRule> domains,
        List<HostRule> rules,
        List<PathRule> httpPaths,
        String origin) {

    public VendorCatalog {
        references = List.copyOf(references);
        domains = List.copyOf(domains);
        rules = List.copyOf(rules);
        httpPaths = List.copyOf(httpPaths);
    }
}
