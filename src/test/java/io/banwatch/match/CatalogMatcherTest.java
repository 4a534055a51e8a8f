package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CatalogMatcherTest {

    private static final long BANNED = 1_727_582_400_000_000_000L; // 2024-09-29T04:00:00Z
    private static final Endpoint CLIENT = Endpoint.parse("10.1.2.3", 51234);
    private static final Endpoint SERVER = Endpoint.parse("192.0.2.7", 80);

    private static String ruleFor(CatalogMatcher matcher, String name) {
        Match match = matcher.matchHost(name, BANNED);
        return match == null ? null : match.rule();
    }

    @Nested
    class MostSpecificWins {
        private final CatalogMatcher matcher = CatalogMatcher.of(List.of(TestCatalogs.withRules(
                "v",
                "example.com=web",
                "*.upd.example.com=update",
                "s##.upd.example.com=update",
                "s[00-19].upd.example.com=update",
                "=s07.upd.example.com=licensing",
                "ksn-*.example.com=ksn",
                "ksn-*-geo.example.com=ksn",
                "upd.example.com=telemetry",
                "a.*.example.com=management",
                "*.b.example.com=threat_intel")));

        @Test
        void exactBeatsEverything() {
            assertThat(ruleFor(matcher, "s07.upd.example.com")).isEqualTo("=s07.upd.example.com");
        }

        @Test
        void moreLiteralLabelsBeatFewer() {
            assertThat(ruleFor(matcher, "x.s07.upd.example.com"))
                    .as("exact rules cover no names below")
                    .isEqualTo("s##.upd.example.com");
            assertThat(ruleFor(matcher, "upd.example.com")).isEqualTo("upd.example.com");
            assertThat(ruleFor(matcher, "other.example.com")).isEqualTo("example.com");
        }

        @Test
        void globBeatsSuffixWithTheSameLiteralLabels() {
            assertThat(ruleFor(matcher, "x.upd.example.com")).isEqualTo("*.upd.example.com");
            assertThat(ruleFor(matcher, "s55.upd.example.com")).isEqualTo("s##.upd.example.com");
        }

        @Test
        void rangeBeatsDigitsByLiteralCharacters() {
            // s[00-19] and s## have one literal character each; the earlier rule wins the tie.
            assertThat(ruleFor(matcher, "s12.upd.example.com")).isEqualTo("s##.upd.example.com");
        }

        @Test
        void moreLiteralCharactersInsideAGlobWin() {
            assertThat(ruleFor(matcher, "ksn-url-geo.example.com")).isEqualTo("ksn-*-geo.example.com");
            assertThat(ruleFor(matcher, "ksn-url.example.com")).isEqualTo("ksn-*.example.com");
        }

        @Test
        void tiesGoToTheEarlierRule() {
            // a.*.example.com and *.b.example.com both have three literal labels and four labels.
            assertThat(ruleFor(matcher, "a.b.example.com")).isEqualTo("a.*.example.com");
        }

        @Test
        void earlierCatalogWinsOnEqualRules() {
            CatalogMatcher two = CatalogMatcher.of(List.of(
                    TestCatalogs.withRules("first", "x.example.com=update"),
                    TestCatalogs.withRules("second", "x.example.com=ksn")));
            assertThat(two.matchHost("x.example.com", BANNED).vendor()).isEqualTo("first");
            CatalogMatcher reversed = CatalogMatcher.of(List.of(
                    TestCatalogs.withRules("second", "x.example.com=ksn"),
                    TestCatalogs.withRules("first", "x.example.com=update")));
            assertThat(reversed.matchHost("x.example.com", BANNED).vendor()).isEqualTo("second");
        }

        @Test
        void aVendorCannotBeLoadedTwice() {
            VendorCatalog catalog = TestCatalogs.withRules("v", "x.example.com=update");
            assertThatThrownBy(() -> CatalogMatcher.of(List.of(catalog, catalog)))
                    .hasMessage("vendor \"v\" is loaded twice");
        }
    }

    @Nested
    class MatchHost {
        private final CatalogMatcher matcher =
                CatalogMatcher.of(List.of(TestCatalogs.withRules("v", "dnl-##.geo.example.com=update")));

        @Test
        void carriesVendorCategoryRulePhaseSeverityAndDescription() {
            assertThat(matcher.matchHost("dnl-07.geo.example.com", BANNED))
                    .isEqualTo(new Match(
                            "v",
                            Category.UPDATE,
                            "dnl-##.geo.example.com",
                            "updates_banned",
                            Severity.CRITICAL,
                            "rule dnl-##.geo.example.com"));
            assertThat(matcher.matchHost("dnl-07.geo.example.com", BANNED - 1).phase())
                    .isEqualTo("announced");
            assertThat(matcher.matchHost("dnl-07.geo.example.com", BANNED - 1).severity())
                    .isEqualTo(Severity.LOW);
        }

        @Test
        void returnsNullForMissesNullAndEmpty() {
            assertThat(matcher.matchHost("www.example.org", BANNED)).isNull();
            assertThat(matcher.matchHost(null, BANNED)).isNull();
            assertThat(matcher.matchHost("", BANNED)).isNull();
            assertThat(CatalogMatcher.empty().matchHost("dnl-07.geo.example.com", BANNED))
                    .isNull();
        }

        @Test
        void aMissAllocatesNothing() {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            String[] names = {"www.example.org", "notexample.com", "a.b.c.geo.example.com", "dnl-7.geo.example.com"};
            for (int i = 0; i < 20_000; i++) {
                matcher.matchHost(names[i & 3], BANNED);
            }
            long before = threads.getThreadAllocatedBytes(thread);
            int hits = 0;
            for (int i = 0; i < 100_000; i++) {
                hits += matcher.matchHost(names[i & 3], BANNED) == null ? 0 : 1;
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(hits).isZero();
            assertThat(allocated).as("bytes allocated by 100,000 misses").isLessThan(10_000);
        }
    }

    @Nested
    class MatchObservation {
        private final CatalogMatcher matcher =
                CatalogMatcher.of(List.of(TestCatalogs.parse(TestCatalogs.header("v") + """
                rules:
                  - {pattern: www.example.com, category: web, description: portal, source: s}
                  - {pattern: act.example.com, category: licensing, description: activation, source: s}
                  - {pattern: "dnl-##.geo.example.com", category: update, description: updates, source: s}
                domains:
                  - {domain: example.com, confidence: high, source: s}
                http_paths:
                  - {pattern: "*/index/u<digits>g.xml*", category: update, description: index, source: s}
                  - {pattern: "*.dif", category: update, description: diff, source: s}
                """)));

        private Observation http(String host, String path) {
            return Observation.http(BANNED, CLIENT, SERVER, -1, -1, host, "GET", path);
        }

        @Test
        void tlsAndQuicMatchTheServerName() {
            Observation tls = Observation.tls(BANNED, Protocol.TLS, CLIENT, SERVER, -1, -1, "dnl-01.geo.example.com");
            assertThat(matcher.match(tls).category()).isEqualTo(Category.UPDATE);
            Observation quic = Observation.tls(BANNED, Protocol.QUIC, CLIENT, SERVER, -1, -1, "x.example.com");
            assertThat(matcher.match(quic).rule()).isEqualTo("example.com");
            assertThat(matcher.match(Observation.tls(BANNED, Protocol.TLS, CLIENT, SERVER, -1, -1, null)))
                    .isNull();
        }

        @Test
        void httpPathReplacesAWebHostMatch() {
            Match byPath = matcher.match(http("www.example.com", "/index/u1313g.xml.dif"));
            assertThat(byPath.category()).isEqualTo(Category.UPDATE);
            assertThat(byPath.rule()).isEqualTo("*/index/u<digits>g.xml*");
            assertThat(matcher.match(http("cdn.example.com", "/bases/av.dif")).rule())
                    .isEqualTo("*.dif");
            assertThat(matcher.match(http("www.example.com", "/products/")).rule())
                    .isEqualTo("www.example.com");
        }

        @Test
        void httpPathNeverReplacesASpecificServiceRule() {
            assertThat(matcher.match(http("act.example.com", "/x.dif")).category())
                    .isEqualTo(Category.LICENSING);
            assertThat(matcher.match(http("dnl-01.geo.example.com", "/x.dif")).rule())
                    .isEqualTo("dnl-##.geo.example.com");
        }

        @Test
        void httpPathOnAHostOutsideTheCatalogDoesNotMatch() {
            assertThat(matcher.match(http("mirror.example.org", "/index/u1313g.xml.dif")))
                    .isNull();
            assertThat(matcher.match(http("192.0.2.7", "/updates/av.dif"))).isNull();
        }

        private Observation dnsAnswer(String question, List<DnsRecord> answers) {
            Observation.Dns dns = new Observation.Dns(Observation.DnsMessageType.ANSWER, 4711, "A", "NOERROR", answers);
            return Observation.dns(BANNED, Transport.UDP, SERVER, CLIENT, -1, -1, question, dns);
        }

        @Test
        void dnsAnswerMatchesCnameTargetsWhenTheQuestionDoesNot() {
            Observation answer = dnsAnswer(
                    "updates.cdn.example.net",
                    List.of(
                            DnsRecord.parse("updates.cdn.example.net", "CNAME", 300, "edge.cdn.example.org"),
                            DnsRecord.parse("edge.cdn.example.org", "CNAME", 300, "dnl-03.geo.example.com"),
                            DnsRecord.parse("dnl-03.geo.example.com", "A", 300, "192.0.2.7")));
            Match match = matcher.match(answer);
            assertThat(match.rule()).isEqualTo("dnl-##.geo.example.com");
            assertThat(match.phase()).isEqualTo("updates_banned");
        }

        @Test
        void dnsAnswerPrefersTheQuestionAndIgnoresAddressRecords() {
            Observation answer = dnsAnswer(
                    "www.example.com",
                    List.of(DnsRecord.parse("www.example.com", "CNAME", 300, "dnl-03.geo.example.com")));
            assertThat(matcher.match(answer).rule()).isEqualTo("www.example.com");
            Observation addressOnly =
                    dnsAnswer("host.example.net", List.of(DnsRecord.parse("host.example.net", "A", 300, "192.0.2.7")));
            assertThat(matcher.match(addressOnly)).isNull();
            assertThat(matcher.match(dnsAnswer(null, List.of()))).isNull();
        }
    }

    @Nested
    class Listing {
        private final CatalogMatcher matcher =
                CatalogMatcher.of(List.of(TestCatalogs.parse(TestCatalogs.header("v") + """
                rules:
                  - {pattern: "dnl-##.geo.example.com", category: update, description: updates, source: s1}
                  - {pattern: guess.example.com, category: telemetry, description: g, source: s2, confidence: low}
                domains:
                  - {domain: example.com, confidence: high, source: s3}
                http_paths:
                  - {pattern: "*.dif", category: update, description: diff, source: s4}
                """)));

        @Test
        void rulesListsEveryEntryInCatalogOrder() {
            assertThat(matcher.rules())
                    .containsExactly(
                            new RuleView(
                                    "v",
                                    "rule",
                                    "dnl-##.geo.example.com",
                                    Category.UPDATE,
                                    Confidence.HIGH,
                                    "updates",
                                    "s1"),
                            new RuleView(
                                    "v", "rule", "guess.example.com", Category.TELEMETRY, Confidence.LOW, "g", "s2"),
                            new RuleView(
                                    "v",
                                    "domain",
                                    "example.com",
                                    Category.WEB,
                                    Confidence.HIGH,
                                    "Registrable domain of the vendor; names below it without a more specific rule",
                                    "s3"),
                            new RuleView("v", "http_path", "*.dif", Category.UPDATE, null, "diff", "s4"));
        }

        @Test
        void minimumConfidenceLeavesWeakerEntriesOut() {
            CatalogMatcher confident = CatalogMatcher.of(matcher.catalogs(), Confidence.MEDIUM);
            assertThat(confident.rules()).extracting(RuleView::pattern).doesNotContain("guess.example.com");
            assertThat(confident.matchHost("guess.example.com", BANNED).rule()).isEqualTo("example.com");
            assertThat(matcher.matchHost("guess.example.com", BANNED).rule()).isEqualTo("guess.example.com");
        }

        @Test
        void describeMatchPrintsTabSeparatedFields() {
            assertThat(matcher.describeMatch("dnl-07.geo.example.com"))
                    .isEqualTo("dnl-07.geo.example.com\tv\tupdate\tdnl-##.geo.example.com");
            assertThat(matcher.describeMatch("DNL-07.GEO.EXAMPLE.COM."))
                    .isEqualTo("DNL-07.GEO.EXAMPLE.COM.\tv\tupdate\tdnl-##.geo.example.com");
            assertThat(matcher.describeMatch("www.example.org")).isEqualTo("www.example.org\t-");
            assertThat(matcher.describeMatch("bad name")).isEqualTo("bad name\t-");
        }
    }
}
