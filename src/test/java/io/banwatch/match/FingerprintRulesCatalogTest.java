package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code ja4:} rules: loading, validation with key paths, listing and matching ClientHellos by fingerprint. */
class FingerprintRulesCatalogTest {

    static final long BANNED = Instant.parse("2024-10-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final Endpoint CLIENT = Endpoint.parse("10.1.2.3", 49_800);
    static final Endpoint SERVER = Endpoint.parse("203.0.113.7", 443);

    /** The fingerprint of the project's Chromium fixture hello (tls-split-clienthello.pcap), by ja4_check.py. */
    static final String CHROMIUM = "t13d1517h2_8daaf6152771_cb7bf5808d99";

    static final String SECTIONS = """
            rules:
              - pattern: upd.example.com
                category: update
                description: update host
                source: test
              - pattern: "ja4:t13d311000_e8f1e7e78f70_1f22a2ca17c4"
                category: update
                confidence: medium
                description: the vendor's updater as seen at our site (OpenSSL 3 defaults)
                source: site capture 2024-10-01
              - pattern: "ja4:*_e8f1e7e78f70_1f22a2ca17c4"
                category: ksn
                confidence: low
                description: the same client library to an address or with another ALPN
                source: site capture 2024-10-01
            """;

    static VendorCatalog catalog(String sections) {
        return TestCatalogs.parse(TestCatalogs.header("vendor") + sections);
    }

    static Observation hello(String name, String ja4) {
        return Observation.tls(BANNED, Protocol.TLS, CLIENT, SERVER, -1, -1, name, false, ja4);
    }

    @Nested
    class Valid {

        final VendorCatalog catalog = catalog(SECTIONS);
        final CatalogMatcher matcher = CatalogMatcher.of(List.of(catalog));

        @Test
        void loadsFingerprintRulesApartFromHostRules() {
            assertThat(catalog.rules()).hasSize(1);
            assertThat(catalog.fingerprints())
                    .extracting(r -> r.pattern().text(), FingerprintRule::category, FingerprintRule::confidence)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "ja4:t13d311000_e8f1e7e78f70_1f22a2ca17c4", Category.UPDATE, Confidence.MEDIUM),
                            org.assertj.core.groups.Tuple.tuple(
                                    "ja4:*_e8f1e7e78f70_1f22a2ca17c4", Category.KSN, Confidence.LOW));
        }

        @Test
        void aHelloWhoseNameMatchesNothingIsMatchedByFingerprintWithConfidence() {
            Match match = matcher.match(hello("cloudflare-ech.com", "t13d311000_e8f1e7e78f70_1f22a2ca17c4"));

            assertThat(match.vendor()).isEqualTo("vendor");
            assertThat(match.category()).isEqualTo(Category.UPDATE);
            assertThat(match.rule()).isEqualTo("ja4:t13d311000_e8f1e7e78f70_1f22a2ca17c4");
            assertThat(match.confidence()).isEqualTo(Confidence.MEDIUM);
            assertThat(match.matchedBy()).isEqualTo(Match.BY_JA4);
            assertThat(match.byFingerprint()).isTrue();
            assertThat(match.severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void theWholeFingerprintWinsOverAPatternAndAWildcardSectionCatchesAnAddress() {
            // no SNI ("i") and one extension fewer: only the pattern with JA4_a left open fits
            Match byAddress = matcher.match(hello(null, "t13i310900_e8f1e7e78f70_1f22a2ca17c4"));

            assertThat(byAddress.rule()).isEqualTo("ja4:*_e8f1e7e78f70_1f22a2ca17c4");
            assertThat(byAddress.category()).isEqualTo(Category.KSN);
            assertThat(byAddress.confidence()).isEqualTo(Confidence.LOW);
        }

        @Test
        void aNameRuleWinsOverTheFingerprint() {
            Match match = matcher.match(hello("s1.upd.example.com", "t13d311000_e8f1e7e78f70_1f22a2ca17c4"));

            assertThat(match.rule()).isEqualTo("upd.example.com");
            assertThat(match.matchedBy()).isNull();
            assertThat(match.confidence()).isNull();
        }

        @Test
        void otherFingerprintsAndOtherProtocolsDoNotMatch() {
            assertThat(matcher.match(hello("other.example.net", CHROMIUM))).isNull();
            assertThat(matcher.match(hello("other.example.net", null))).isNull();
            Observation http = Observation.http(BANNED, CLIENT, SERVER, -1, -1, "other.example.net", "GET", "/");
            assertThat(matcher.match(http)).isNull();
        }

        @Test
        void quicHellosAreMatchedToo() {
            Observation quic = Observation.tls(
                    BANNED, Protocol.QUIC, CLIENT, SERVER, -1, -1, null, false, "q13i310900_e8f1e7e78f70_1f22a2ca17c4");

            assertThat(matcher.match(quic).rule()).isEqualTo("ja4:*_e8f1e7e78f70_1f22a2ca17c4");
        }

        @Test
        void aMatchByFingerprintAllocatesNothing() {
            Observation o = hello(null, "t13i310900_e8f1e7e78f70_1f22a2ca17c4");
            for (int i = 0; i < 20_000; i++) {
                matcher.match(o);
            }
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 20_000; i++) {
                matcher.match(o);
            }
            assertThat(threads.getThreadAllocatedBytes(id) - before).isLessThan(16_384);
        }

        @Test
        void catalogMatchTakesAFingerprintWithOrWithoutPrefix() {
            assertThat(matcher.describeMatch("t13d311000_e8f1e7e78f70_1f22a2ca17c4"))
                    .isEqualTo("t13d311000_e8f1e7e78f70_1f22a2ca17c4\tvendor\tupdate\t"
                            + "ja4:t13d311000_e8f1e7e78f70_1f22a2ca17c4");
            assertThat(matcher.describeMatch("ja4:q13i0310h3_e8f1e7e78f70_1f22a2ca17c4"))
                    .isEqualTo("ja4:q13i0310h3_e8f1e7e78f70_1f22a2ca17c4\tvendor\tksn\t"
                            + "ja4:*_e8f1e7e78f70_1f22a2ca17c4");
            assertThat(matcher.describeMatch(CHROMIUM)).isEqualTo(CHROMIUM + "\t-");
            assertThat(matcher.describeMatch("s1.upd.example.com")).endsWith("\tupdate\tupd.example.com");
        }

        @Test
        void listedAfterTheOtherEntriesWithKindJa4() {
            assertThat(matcher.rules())
                    .extracting(RuleView::kind, RuleView::pattern, RuleView::confidence)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(RuleView.KIND_RULE, "upd.example.com", Confidence.HIGH),
                            org.assertj.core.groups.Tuple.tuple(
                                    RuleView.KIND_JA4, "ja4:t13d311000_e8f1e7e78f70_1f22a2ca17c4", Confidence.MEDIUM),
                            org.assertj.core.groups.Tuple.tuple(
                                    RuleView.KIND_JA4, "ja4:*_e8f1e7e78f70_1f22a2ca17c4", Confidence.LOW));
        }

        @Test
        void aMinimumConfidenceLeavesWeakerFingerprintsOut() {
            CatalogMatcher strict = CatalogMatcher.of(List.of(catalog), Confidence.MEDIUM);

            assertThat(strict.match(hello(null, "t13i310900_e8f1e7e78f70_1f22a2ca17c4")))
                    .isNull();
            assertThat(strict.matchFingerprint("t13d311000_e8f1e7e78f70_1f22a2ca17c4", BANNED))
                    .isNotNull();
        }
    }

    @Nested
    class Invalid {

        @Test
        void badFingerprintsNameTheirKeyPaths() {
            assertThatThrownBy(() -> catalog("""
                            rules:
                              - pattern: "ja4:t13d1516h2_8daaf6152771"
                                category: update
                                description: d
                                source: s
                              - pattern: "ja4:x13d1516h2_8daaf6152771_e5627efa2ab1"
                                category: update
                                description: d
                                source: s
                              - pattern: "ja4:t13d1516h2_8DAAF6152771_e5627efa2ab1"
                                category: update
                                description: d
                                source: s
                              - pattern: "ja4:t13d1516h2_*_*"
                                category: update
                                description: d
                                source: s
                              - pattern: "ja4:t13d1516h2_8daaf6152771_e5627efa2ab1"
                                category: updat
                                confidence: sure
                                description: d
                                source: s
                              - pattern: "ja4:t13d1516h2_8daaf6152771_e5627efa2ab1"
                                category: update
                                description: d
                            """))
                    .isInstanceOf(CatalogException.class)
                    .hasMessageContaining("test.yaml: rules[0].pattern: \"ja4:t13d1516h2_8daaf6152771\" is not a JA4 "
                            + "fingerprint: expected three sections a_b_c")
                    .hasMessageContaining("rules[1].pattern: \"ja4:x13d1516h2_8daaf6152771_e5627efa2ab1\": section a "
                            + "(\"x13d1516h2\") is not JA4_a")
                    .hasMessageContaining("rules[2].pattern: \"ja4:t13d1516h2_8DAAF6152771_e5627efa2ab1\": section b "
                            + "(\"8DAAF6152771\") is not 12 lower-case hex digits, or *")
                    .hasMessageContaining("rules[3].pattern: \"ja4:t13d1516h2_*_*\" leaves more than one section as *")
                    .hasMessageContaining("rules[4].category: \"updat\" is not one of")
                    .hasMessageContaining("rules[4].confidence: \"sure\" is not one of low, medium, high")
                    .hasMessageContaining(
                            "rules[5].pattern: \"ja4:t13d1516h2_8daaf6152771_e5627efa2ab1\" duplicates " + "rules[4]")
                    .hasMessageContaining("rules[5].source: missing");
        }
    }

    @Nested
    class Patterns {

        @Test
        void aWholeFingerprintIsRecognisedWhereANameCouldBe() {
            assertThat(Ja4Pattern.isFingerprint(CHROMIUM)).isTrue();
            assertThat(Ja4Pattern.isFingerprint("ja4:" + CHROMIUM)).isTrue();
            assertThat(Ja4Pattern.isFingerprint("*_8daaf6152771_cb7bf5808d99")).isFalse();
            assertThat(Ja4Pattern.isFingerprint("s07.upd.kaspersky.com")).isFalse();
            assertThat(Ja4Pattern.isFingerprint(null)).isFalse();
        }

        @Test
        void everySectionCanBeLeftOpenAlone() {
            assertThat(Ja4Pattern.compile("ja4:*_8daaf6152771_cb7bf5808d99").matches(CHROMIUM))
                    .isTrue();
            assertThat(Ja4Pattern.compile("ja4:t13d1517h2_*_cb7bf5808d99").matches(CHROMIUM))
                    .isTrue();
            assertThat(Ja4Pattern.compile("ja4:t13d1517h2_8daaf6152771_*").matches(CHROMIUM))
                    .isTrue();
            assertThat(Ja4Pattern.compile("ja4:q13d1517h2_8daaf6152771_*").matches(CHROMIUM))
                    .isFalse();
            assertThat(Ja4Pattern.compile("ja4:t13d1517h2_8daaf6152771_*").matches("t13d1517h2"))
                    .isFalse();
        }
    }
}
