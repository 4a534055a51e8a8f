package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays every capture of the shared public conformance suite ({@code ../shared/pcaps/public}, real captures from
 * Suricata, Zeek, nDPI, Arkime and tcpdump with tshark's extraction beside each) and compares banwatch's
 * observations with tshark's per kind.
 *
 * <p>Agreement is the share of tshark's rows that banwatch reports too; it must reach {@link #REQUIRED_AGREEMENT}
 * for every kind. Rows banwatch reports beyond tshark's are not errors in themselves (the suite's own notes say a
 * monitor may rightly report more), but each must be explained, like each missing row, in
 * {@code known-differences.tsv}; every explained difference must still occur, so the list stays true. Rows that
 * break the oracle's own documented rules are listed there as {@code erratum} and left out of the oracle.
 */
class PublicCapturesConformanceTest {

    static final Path SUITE = Path.of(System.getProperty("banwatch.conformance.dir", "../shared/pcaps/public"));

    static final Set<String> KINDS = Set.of("dns_query", "dns_answer", "tls_sni", "quic_sni", "http_host");

    static final double REQUIRED_AGREEMENT = 0.995;

    @Test
    void agreesWithTsharkOnEveryPublicCapture() throws IOException {
        assumeTrue(Files.isDirectory(SUITE), "the shared conformance suite is not beside the project: " + SUITE);
        List<Path> captures;
        try (Stream<Path> files = Files.list(SUITE)) {
            captures = files.filter(p -> Files.exists(Path.of(p + ".oracle.tsv")))
                    .sorted()
                    .toList();
        }
        assertThat(captures).isNotEmpty();

        Map<String, OracleComparison.Tally> totals = new TreeMap<>();
        List<String> differences = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        Map<String, String> known = knownDifferences();
        Set<String> errataApplied = new java.util.HashSet<>();
        for (Path capture : captures) {
            String name = capture.getFileName().toString();
            List<OracleRow> oracle = OracleRow.read(Path.of(capture + ".oracle.tsv")).stream()
                    .filter(r -> KINDS.contains(r.kind()))
                    .filter(r -> {
                        String erratum = name + "\terratum\t" + r.key();
                        return !(known.containsKey(erratum) && errataApplied.add(erratum));
                    })
                    .toList();
            List<OracleRow> ours = ObservationRows.of(CaptureReplay.observations(capture)).stream()
                    .filter(r -> KINDS.contains(r.kind()))
                    .toList();
            OracleComparison comparison = OracleComparison.compare(oracle, ours);
            comparison.byKind.forEach((kind, tally) -> totals.computeIfAbsent(kind, k -> new OracleComparison.Tally())
                    .add(tally));
            comparison.differences.forEach(d -> differences.add(name + "\t" + d));
            report.append(name).append(": ").append(comparison.byKind).append('\n');
        }
        System.out.println("conformance against tshark:\n" + report + "totals: " + totals);

        List<String> unexplained =
                differences.stream().filter(d -> !known.containsKey(d)).toList();
        List<String> stale = known.keySet().stream()
                .filter(k -> !differences.contains(k) && !errataApplied.contains(k))
                .toList();
        assertThat(unexplained)
                .as("differences from tshark not explained in known-differences.tsv")
                .isEmpty();
        assertThat(stale).as("explained differences that no longer occur").isEmpty();
        for (String kind : KINDS) {
            OracleComparison.Tally tally = totals.getOrDefault(kind, new OracleComparison.Tally());
            assertThat(tally.both).as(kind + " rows in agreement").isPositive();
            assertThat(tally.recall()).as(kind + ": " + tally).isGreaterThanOrEqualTo(REQUIRED_AGREEMENT);
        }
    }

    /**
     * {@code capture <TAB> missing|extra|erratum <TAB> row key... <TAB> reason}; lines starting with # are comments.
     */
    static Map<String, String> knownDifferences() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = PublicCapturesConformanceTest.class.getResourceAsStream("known-differences.tsv")) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int reason = line.lastIndexOf('\t');
                known.put(line.substring(0, reason), line.substring(reason + 1));
            }
        }
        return known;
    }
}
