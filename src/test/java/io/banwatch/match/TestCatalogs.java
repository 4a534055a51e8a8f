package io.banwatch.match;

import java.nio.charset.StandardCharsets;

/** Small catalogs written inline, so each test shows the YAML it depends on. */
final class TestCatalogs {

    private TestCatalogs() {}

    /** Phases and severities shared by the test catalogs: severities rise by one step per phase. */
    static String header(String vendor) {
        return """
                vendor: %s
                display_name: Test vendor
                phases:
                  - name: announced
                    start: "2024-06-20T00:00:00-04:00"
                    description: announced
                    source: test
                  - name: updates_banned
                    start: "2024-09-29T00:00:00-04:00"
                    description: banned
                    source: test
                severities:
                  before_announcement: {update: info, ksn: info, licensing: info, management: info, telemetry: info, web: info, threat_intel: info}
                  announced: {update: low, ksn: low, licensing: low, management: low, telemetry: info, web: info, threat_intel: info}
                  updates_banned: {update: critical, ksn: critical, licensing: high, management: high, telemetry: medium, web: low, threat_intel: info}
                """.formatted(vendor);
    }

    /** A catalog with {@code rules} given as {@code pattern=category} pairs. */
    static VendorCatalog withRules(String vendor, String... rules) {
        StringBuilder yaml = new StringBuilder(header(vendor)).append("rules:\n");
        for (String rule : rules) {
            int eq = rule.lastIndexOf('=');
            yaml.append("  - pattern: \"")
                    .append(rule, 0, eq)
                    .append("\"\n    category: ")
                    .append(rule.substring(eq + 1))
                    .append("\n    description: rule ")
                    .append(rule, 0, eq)
                    .append("\n    source: test\n");
        }
        return parse(yaml.toString());
    }

    static VendorCatalog parse(String yaml) {
        return CatalogLoader.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }
}
