package io.banwatch.match;

import java.util.List;

/**
 * A validated vendor catalog: who the vendor is, its policy phases and severities, its host and path rules, and the
 * rules for flows recognised without a name (protocol signatures and internal service ports) and for ClientHellos
 * recognised by their JA4 fingerprint ({@code ja4:} patterns among the rules).
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
        List<SignatureRule> signatures,
        List<PortRule> ports,
        List<FingerprintRule> fingerprints,
        String origin) {

    public VendorCatalog {
        fingerprints = List.copyOf(fingerprints);
        references = List.copyOf(references);
        domains = List.copyOf(domains);
        rules = List.copyOf(rules);
        httpPaths = List.copyOf(httpPaths);
        signatures = List.copyOf(signatures);
        ports = List.copyOf(ports);
    }

    /** A catalog without fingerprint rules. */
    public VendorCatalog(
            String id,
            String displayName,
            List<String> references,
            PolicyPhases policy,
            List<HostRule> domains,
            List<HostRule> rules,
            List<PathRule> httpPaths,
            List<SignatureRule> signatures,
            List<PortRule> ports,
            String origin) {
        this(id, displayName, references, policy, domains, rules, httpPaths, signatures, ports, List.of(), origin);
    }

    /** A catalog with host and path rules only. */
    public VendorCatalog(
            String id,
            String displayName,
            List<String> references,
            PolicyPhases policy,
            List<HostRule> domains,
            List<HostRule> rules,
            List<PathRule> httpPaths,
            String origin) {
        this(id, displayName, references, policy, domains, rules, httpPaths, List.of(), List.of(), List.of(), origin);
    }
}
