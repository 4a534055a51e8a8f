package io.banwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Category;
import io.banwatch.match.Confidence;
import io.banwatch.match.Match;
import io.banwatch.match.VendorCatalog;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JA4 on the project's own fixtures, standing without {@code ../shared}: the fingerprint of every ClientHello agrees
 * with the independent checker's ({@code fixtures/ja4-fingerprints.tsv}, written by {@code ja4_check.py}), and a site's
 * {@code ja4:} rules catch a client behind ECH and one that names no host, end to end from the capture file.
 */
class Ja4FixturesTest {

    /** A site catalog with the fingerprints of two clients in {@code blind-spots.pcap} that no name rule catches. */
    static final String SITE_CATALOG = """
            vendor: site
            display_name: Fingerprints seen at this site
            phases:
              - name: updates_banned
                start: "2024-09-29T00:00:00-04:00"
                description: banned
                source: test
            severities:
              before_announcement: {update: info, ksn: info, licensing: info, management: info, telemetry: info, web: info, threat_intel: info}
              updates_banned: {update: critical, ksn: high, licensing: high, management: high, telemetry: medium, web: low, threat_intel: info}
            rules:
              - pattern: "ja4:t13i3110dt_e8f1e7e78f70_1f22a2ca17c4"
                category: ksn
                confidence: medium
                description: the client that opened DNS over TLS without a server name
                source: blind-spots.pcap
              - pattern: "ja4:*_55b375c5d22e_55f19632c5b8"
                category: update
                confidence: low
                description: the client behind ECH, whatever its outer name and ALPN
                source: blind-spots.pcap
            """;

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Event> events = new ArrayList<>();

    private static Path fixture(String name) throws Exception {
        return Path.of(Ja4FixturesTest.class
                .getResource("/io/banwatch/fixtures/" + name)
                .toURI());
    }

    private void replay(String name, CatalogMatcher matcher) throws Exception {
        BanwatchConfig config = ConfigLoader.defaults(Map.of());
        PacketProcessor processor = new PacketProcessor(
                config.inspect(),
                anomalies,
                new TlsStats(),
                new MatchingSink(() -> matcher, events::add),
                () -> matcher,
                new BlindSpots(BlindSpotSettings.DEFAULTS, anomalies));
        try (PcapCapture capture = Captures.openFile(fixture(name))) {
            capture.setDefaultFilter(config.capture().serverPorts());
            capture.run(processor);
        }
        assertThat(anomalies.total()).as(name + " anomalies").isZero();
    }

    static CatalogMatcher siteAndKaspersky() {
        VendorCatalog site = CatalogLoader.parse("site.yaml", SITE_CATALOG.getBytes(StandardCharsets.UTF_8));
        return CatalogMatcher.of(List.of(CatalogLoader.loadBuiltIn("kaspersky"), site));
    }

    @Test
    void everyFixtureHelloHasTheCheckersFingerprint() throws Exception {
        List<String[]> rows = Files.readAllLines(fixture("ja4-fingerprints.tsv")).stream()
                .filter(line -> !line.startsWith("#") && !line.startsWith("capture\t") && !line.isBlank())
                .map(line -> line.split("\t", -1))
                .toList();
        assertThat(rows).hasSize(9);
        CatalogMatcher matcher = siteAndKaspersky();
        for (String capture : rows.stream().map(r -> r[0]).distinct().toList()) {
            events.clear();
            replay(capture, matcher);
            for (String[] row : rows.stream().filter(r -> r[0].equals(capture)).toList()) {
                Protocol protocol = row[5].equals("quic") ? Protocol.QUIC : Protocol.TLS;
                List<String> fingerprints = events.stream()
                        .map(Event::observation)
                        .filter(o -> o.protocol() == protocol
                                && o.source().ip().equals(row[1])
                                && o.destination().ip().equals(row[2])
                                && o.source().port() == Integer.parseInt(row[3])
                                && o.destination().port() == Integer.parseInt(row[4]))
                        .map(Observation::ja4)
                        .toList();
                assertThat(fingerprints)
                        .as("%s %s:%s -> %s:%s", capture, row[1], row[3], row[2], row[4])
                        .containsExactly(row[7]);
            }
        }
    }

    @Test
    void aSitesFingerprintRulesCatchAClientBehindEchAndOneWithoutAName() throws Exception {
        replay("blind-spots.pcap", siteAndKaspersky());

        List<Event> byFingerprint = events.stream()
                .filter(e -> e.match() != null && e.match().byFingerprint())
                .toList();
        assertThat(byFingerprint).hasSize(2);
        Event withoutName = byFingerprint.stream()
                .filter(e -> e.observation().destination().port() == 853)
                .findFirst()
                .orElseThrow();
        Match match = withoutName.match();
        assertThat(withoutName.observation().name()).isNull();
        assertThat(match.vendor()).isEqualTo("site");
        assertThat(match.category()).isEqualTo(Category.KSN);
        assertThat(match.confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(match.rule()).isEqualTo("ja4:t13i3110dt_e8f1e7e78f70_1f22a2ca17c4");
        assertThat(EventJson.toJson(withoutName))
                .contains("\"tls\":{\"client\":{\"ja4\":\"t13i3110dt_e8f1e7e78f70_1f22a2ca17c4\"}}")
                .contains("\"banwatch\":{\"vendor\":\"site\",\"category\":\"ksn\","
                        + "\"rule\":\"ja4:t13i3110dt_e8f1e7e78f70_1f22a2ca17c4\",\"phase\":\"updates_banned\","
                        + "\"severity\":\"high\",\"matched_by\":\"ja4\",\"confidence\":\"medium\"}");

        Event behindEch = byFingerprint.stream()
                .filter(e -> "cloudflare-ech.com".equals(e.observation().name()))
                .findFirst()
                .orElseThrow();
        assertThat(behindEch.observation().echOffered()).isTrue();
        assertThat(behindEch.match().category()).isEqualTo(Category.UPDATE);
        assertThat(behindEch.match().confidence()).isEqualTo(Confidence.LOW);
        assertThat(EventJson.toJson(behindEch))
                .contains("\"server_name\":\"cloudflare-ech.com\",\"ech_offered\":true,"
                        + "\"ja4\":\"t13d030700_55b375c5d22e_55f19632c5b8\"")
                .contains("\"matched_by\":\"ja4\",\"confidence\":\"low\"");
    }

    @Test
    void withoutFingerprintRulesAHelloWithoutANameIsNotReported() throws Exception {
        CatalogMatcher kasperskyOnly = CatalogMatcher.of(List.of(CatalogLoader.loadBuiltIn("kaspersky")));

        replay("blind-spots.pcap", kasperskyOnly);

        assertThat(events)
                .filteredOn(e -> e.observation().protocol() == Protocol.TLS)
                .extracting(e -> e.observation().name())
                .doesNotContainNull()
                .contains("dns.google", "cloudflare-ech.com");
        assertThat(events).noneMatch(e -> e.match() != null && e.match().byFingerprint());
    }
}
