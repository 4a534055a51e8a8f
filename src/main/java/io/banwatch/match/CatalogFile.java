package io.banwatch.match;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The catalog file exactly as written, bound by Jackson with unknown keys rejected; {@link CatalogValidator} turns it
 * into a {@link VendorCatalog}. Every value is kept as text so that validation can name the bad value and its key.
 */
record CatalogFile(
        String vendor,
        @JsonProperty("display_name") String displayName,
        List<String> references,
        List<PhaseEntry> phases,
        Map<String, Map<String, String>> severities,
        Map<String, List<String>> alerts,
        List<DomainEntry> domains,
        List<RuleEntry> rules,
        @JsonProperty("http_paths") List<PathEntry> httpPaths,
        List<SignatureEntry> signatures,
        List<PortEntry> ports) {

    record PhaseEntry(String name, String start, String description, String source) {}

    record DomainEntry(String domain, String confidence, String description, String source) {}

    record RuleEntry(String pattern, String category, String description, String source, String confidence) {}

    record PathEntry(String pattern, String category, String description, String source) {}

    record SignatureEntry(String id, String protocol, String category, String description, String source) {}

    record PortEntry(String port, String transport, String category, String description, String source) {}
}
