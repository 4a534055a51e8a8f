package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

    private static final String RULE = """
              - pattern: s##.upd.example.com
                category: update
                description: d
                source: s
            """;

    private static String rules(String... entries) {
        return TestCatalogs.header("v") + "rules:\n" + String.join("", entries);
    }

    @Nested
    class Valid {
        @Test
        void loadsRulesDomainsAndPaths() {
            VendorCatalog catalog = TestCatalogs.parse(rules(RULE) + """
                    domains:
                      - {domain: example.com, confidence: medium, source: s}
                    http_paths:
                      - {pattern: "*.klz", category: update, description: d, source: s}
                    references: ["89 FR 52434"]
                    """);
            assertThat(catalog.id()).isEqualTo("v");
            assertThat(catalog.origin()).isEqualTo("test.yaml");
            assertThat(catalog.references()).containsExactly("89 FR 52434");
            assertThat(catalog.rules()).singleElement().satisfies(r -> {
                assertThat(r.pattern().text()).isEqualTo("s##.upd.example.com");
                assertThat(r.category()).isEqualTo(Category.UPDATE);
                assertThat(r.confidence()).isEqualTo(Confidence.HIGH);
                assertThat(r.registrableDomain()).isFalse();
            });
            assertThat(catalog.domains()).singleElement().satisfies(d -> {
                assertThat(d.category()).isEqualTo(Category.WEB);
                assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
                assertThat(d.registrableDomain()).isTrue();
            });
            assertThat(catalog.httpPaths()).extracting(p -> p.pattern().text()).containsExactly("*.klz");
        }

        @Test
        void loadsFromAPath(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("other.yaml");
            Files.writeString(file, rules(RULE));
            assertThat(CatalogLoader.load(file).rules()).hasSize(1);
        }
    }

    @Nested
    class Invalid {
        @Test
        void unknownKeyNamesItsPath() {
            String yaml = rules(RULE, """
                      - pattern: x.example.com
                        category: web
                        description: d
                        source: s
                        colour: red
                    """);
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .isInstanceOf(CatalogException.class)
                    .hasMessageStartingWith("test.yaml: rules[1].colour: unknown key; expected one of category,")
                    .hasMessageContaining("pattern");
        }

        @Test
        void everyUnknownKeyIsListedWithTheOtherProblems() {
            String yaml =
                    rules(RULE, RULE.replace("s##", "p##").replace("update", "updat")) + "rulez: []\ncolour: red\n";
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessageContaining("test.yaml: rulez: unknown key")
                    .hasMessageContaining("test.yaml: colour: unknown key")
                    .hasMessageContaining("test.yaml: rules[1].category: \"updat\" is not one of");
        }

        @Test
        void theBuiltInListNamesEveryShippedCatalog() throws Exception {
            try (var files = Files.list(Path.of("config/vendors"))) {
                assertThat(files.map(f -> f.getFileName().toString().replace(".yaml", ""))
                                .sorted())
                        .containsExactlyElementsOf(CatalogLoader.BUILT_IN);
            }
        }

        @Test
        void aMisspelledBuiltInNamesTheShippedOnes() {
            assertThatThrownBy(() -> CatalogLoader.loadBuiltIn("kasperskyy"))
                    .hasMessage("no built-in catalog for vendor \"kasperskyy\" (built in: kaspersky)");
        }

        @Test
        void aMissingFileIsSaidPlainly(@TempDir Path dir) {
            assertThatThrownBy(() -> CatalogLoader.load(dir.resolve("none.yaml")))
                    .hasMessage(dir.resolve("none.yaml") + ": catalog file not found");
        }

        @Test
        void unknownTopLevelKey() {
            assertThatThrownBy(() -> TestCatalogs.parse(rules(RULE) + "rulez: []\n"))
                    .hasMessageStartingWith("test.yaml: rulez: unknown key");
        }

        @Test
        void badCategoryListsTheValidOnes() {
            String yaml = rules(RULE, RULE.replace("s##", "p##").replace("update", "updat"));
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: rules[1].category: \"updat\" is not one of "
                            + "update, ksn, licensing, management, telemetry, web, threat_intel");
        }

        @Test
        void badDate() {
            String yaml = rules(RULE).replace("2024-09-29T00:00:00-04:00", "2024-09-31T00:00:00-04:00");
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: phases[1].start: \"2024-09-31T00:00:00-04:00\" is not an RFC 3339 "
                            + "timestamp with offset, such as 2024-09-29T00:00:00-04:00");
        }

        @Test
        void dateWithoutOffset() {
            String yaml = rules(RULE).replace("2024-06-20T00:00:00-04:00", "2024-06-20T00:00:00");
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessageStartingWith("test.yaml: phases[0].start: \"2024-06-20T00:00:00\" is not");
        }

        @Test
        void phasesOutOfOrder() {
            String yaml = rules(RULE).replace("2024-09-29T00:00:00-04:00", "2024-06-01T00:00:00-04:00");
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: phases[1].start: must be later than announced; phases are in time order");
        }

        @Test
        void missingPattern() {
            String yaml = rules(RULE, "  - {category: web, description: d, source: s}\n");
            assertThatThrownBy(() -> TestCatalogs.parse(yaml)).hasMessage("test.yaml: rules[1].pattern: missing");
        }

        @Test
        void duplicatePatternNamesTheFirst() {
            String yaml = rules(RULE, RULE.replace("s##.upd", "S##.UPD"));
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: rules[1].pattern: \"S##.UPD.example.com\" duplicates rules[0]");
        }

        @Test
        void exactAndSuffixFormsOfOneNameAreDistinct() {
            String yaml = rules(RULE, RULE.replace("s##.upd", "=s##.upd"));
            assertThat(TestCatalogs.parse(yaml).rules()).hasSize(2);
        }

        @Test
        void badPatternSyntax() {
            String yaml = rules(RULE.replace("s##.upd.example.com", "\"*.com\""));
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessageStartingWith("test.yaml: rules[0].pattern: pattern \"*.com\" must end in at least 2");
        }

        @Test
        void severityTableMustBeComplete() {
            String yaml = rules(RULE).replace(", threat_intel: info}\n  updates_banned", "}\n  updates_banned");
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: severities.announced.threat_intel: missing");
        }

        @Test
        void badSeverityAndUnknownPhase() {
            String yaml =
                    TestCatalogs.header("v").replace("web: low", "web: urgent") + "  later: {}\n" + "rules:\n" + RULE;
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: severities.updates_banned.web: \"urgent\" is not one of info, low, medium, "
                            + "high, critical\n"
                            + "test.yaml: severities.later: not a phase; expected one of before_announcement, announced, "
                            + "updates_banned");
        }

        @Test
        void domainMustBePlain() {
            String yaml = rules(RULE) + "domains:\n  - {domain: \"*.example.com\", confidence: high, source: s}\n";
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: domains[0].domain: \"*.example.com\" must be a plain domain name, "
                            + "without '=' or globs");
        }

        @Test
        void wrongShapeNamesItsPath() {
            assertThatThrownBy(() -> TestCatalogs.parse(rules(RULE) + "domains: example.com\n"))
                    .hasMessageMatching("test.yaml: domains: line \\d+: expected a list");
            assertThatThrownBy(() -> TestCatalogs.parse(rules(RULE, "  - [a, b]\n")))
                    .hasMessageMatching("test.yaml: rules\\[1\\]: line \\d+: expected a mapping of keys to values");
        }

        @Test
        void keyWrittenTwiceIsAnError() {
            assertThatThrownBy(() -> TestCatalogs.parse(rules(RULE) + "vendor: w\n"))
                    .hasMessageMatching("test.yaml: line \\d+: key \"vendor\" is written twice");
        }

        @Test
        void everyProblemIsReportedAtOnce() {
            String yaml =
                    rules(RULE.replace("update", "updat"), "  - {pattern: b.example.com, category: web, source: s}\n");
            assertThatThrownBy(() -> TestCatalogs.parse(yaml))
                    .hasMessage("test.yaml: rules[0].category: \"updat\" is not one of update, ksn, licensing, "
                            + "management, telemetry, web, threat_intel\n"
                            + "test.yaml: rules[1].description: missing");
        }

        @Test
        void unknownBuiltInVendor() {
            assertThatThrownBy(() -> CatalogLoader.loadBuiltIn("nosuchvendor"))
                    .hasMessageStartingWith("no built-in catalog for vendor \"nosuchvendor\"");
            assertThatThrownBy(() -> CatalogLoader.loadBuiltIn("../x")).hasMessageContaining("no built-in catalog");
        }
    }
}
