package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.dispatch.MatchingSink;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays the JA4 conformance captures beside the project ({@code ../shared/pcaps/ja4}: captures from FoxIO's JA4
 * repository, each with {@code <capture>.ja4.tsv}, the reference implementation's JA4 of the first ClientHello of
 * every TCP and QUIC stream) and requires banwatch's fingerprint of that hello to agree on every row.
 *
 * <p>A ClientHello that carries no server name is reported only when a name resolved to its server or a {@code ja4:}
 * rule fits its fingerprint, so each capture is replayed with a catalog holding its expected fingerprints as rules:
 * a hello without a name whose fingerprint banwatch gets wrong is then missing, and fails the row as a wrong value
 * would.
 */
class Ja4ConformanceTest {

    static final Path SUITE = Path.of(System.getProperty("banwatch.ja4.dir", "../shared/pcaps/ja4"));

    static final List<String> COLUMNS =
            List.of("src_ip", "dst_ip", "src_port", "dst_port", "transport", "sni", "ja4", "ja4_r");

    record Row(String srcIp, String dstIp, int srcPort, int dstPort, String transport, String sni, String ja4) {}

    @Test
    void agreesWithTheReferenceOnEveryClientHello() throws IOException {
        assumeTrue(Files.isDirectory(SUITE), "the shared JA4 captures are not beside the project: " + SUITE);
        List<Path> tables;
        try (Stream<Path> files = Files.list(SUITE)) {
            tables = files.filter(p -> p.getFileName().toString().endsWith(".ja4.tsv"))
                    .sorted()
                    .toList();
        }
        assertThat(tables).isNotEmpty();
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (Path table : tables) {
            String tableName = table.getFileName().toString();
            Path capture = table.resolveSibling(tableName.substring(0, tableName.length() - ".ja4.tsv".length()));
            List<Row> rows = read(table);
            List<Observation> hellos = replay(capture, rows);
            for (Row row : rows) {
                checked++;
                String ours = firstFingerprint(hellos, row);
                if (!row.ja4().equals(ours)) {
                    disagreements.add(capture.getFileName() + " " + row.srcIp() + ":" + row.srcPort() + " -> "
                            + row.dstIp() + ":" + row.dstPort() + " " + row.transport() + " sni=" + row.sni()
                            + ": expected " + row.ja4() + ", banwatch " + ours);
                }
            }
        }
        System.out.println("JA4 conformance: " + (checked - disagreements.size()) + " of " + checked + " rows agree");
        assertThat(checked).isPositive();
        assertThat(disagreements).as("rows where banwatch's JA4 differs").isEmpty();
    }

    /** The fingerprint of the first hello banwatch reported on the row's stream, or null. */
    private static String firstFingerprint(List<Observation> hellos, Row row) {
        Protocol protocol = row.transport().equals("quic") ? Protocol.QUIC : Protocol.TLS;
        for (Observation o : hellos) {
            if (o.protocol() == protocol
                    && o.source().ip().equals(row.srcIp())
                    && o.source().port() == row.srcPort()
                    && o.destination().ip().equals(row.dstIp())
                    && o.destination().port() == row.dstPort()) {
                return o.ja4();
            }
        }
        return null;
    }

    /** Every TLS and QUIC observation of the capture, in order, through the real source and per-packet path. */
    private static List<Observation> replay(Path capture, List<Row> rows) {
        List<Observation> hellos = new ArrayList<>();
        CatalogMatcher matcher = CatalogMatcher.of(List.of(CatalogLoader.parse("expected.yaml", catalog(rows))));
        var settings = ConfigLoader.defaults(Map.of());
        AnomalyCounters anomalies = new AnomalyCounters();
        PacketProcessor processor = new PacketProcessor(
                settings.inspect(),
                anomalies,
                new TlsStats(),
                new MatchingSink(() -> matcher, (Event e) -> {
                    Protocol protocol = e.observation().protocol();
                    if (protocol == Protocol.TLS || protocol == Protocol.QUIC) {
                        hellos.add(e.observation());
                    }
                }),
                () -> matcher,
                new BlindSpots(BlindSpotSettings.DEFAULTS, anomalies));
        try (PcapCapture source = Captures.openFile(capture)) {
            source.setDefaultFilter(settings.capture().serverPorts());
            source.run(processor);
        } catch (CaptureException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return hellos;
    }

    /** A catalog whose {@code ja4:} rules are the table's fingerprints, so that hellos without a name are reported. */
    private static byte[] catalog(List<Row> rows) {
        StringBuilder yaml = new StringBuilder("""
                vendor: expected
                display_name: Expected fingerprints
                phases:
                  - name: announced
                    start: "2000-01-01T00:00:00Z"
                    description: always
                    source: test
                severities:
                  before_announcement: {update: info, ksn: info, licensing: info, management: info, telemetry: info, web: info, threat_intel: info}
                  announced: {update: info, ksn: info, licensing: info, management: info, telemetry: info, web: info, threat_intel: info}
                rules:
                """);
        Set<String> fingerprints = new LinkedHashSet<>();
        rows.forEach(r -> fingerprints.add(r.ja4()));
        for (String fingerprint : fingerprints) {
            yaml.append("  - pattern: \"ja4:")
                    .append(fingerprint)
                    .append("\"\n    category: web\n    description: expected\n    source: reference\n");
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Row> read(Path table) throws IOException {
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        assertThat(List.of(lines.getFirst().split("\t"))).as(table + " header").isEqualTo(COLUMNS);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], f[5], f[6]));
        }
        return rows;
    }
}
