package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Anomaly;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own recorded captures (test fixtures and the bundled demo sample, made by {@code scripts/}): each
 * must yield exactly the rows of the tshark oracle recorded beside it, and no anomaly at all.
 */
class RecordedFixturesTest {

    static Stream<Path> captures() throws IOException, URISyntaxException {
        List<Path> found = new ArrayList<>();
        for (String directory : List.of("/io/banwatch/fixtures", "/io/banwatch/sample")) {
            Path dir = Path.of(RecordedFixturesTest.class.getResource(directory).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".expected.tsv")).forEach(found::add);
            }
        }
        assertThat(found).isNotEmpty();
        return found.stream().sorted();
    }

    /** The capture beside an oracle file; the demo sample itself ships in the main resources. */
    static Path captureOf(Path oracle) throws URISyntaxException {
        String name = oracle.getFileName().toString().replace(".expected.tsv", "");
        Path beside = oracle.resolveSibling(name);
        if (Files.exists(beside)) {
            return beside;
        }
        return Path.of(RecordedFixturesTest.class
                .getResource("/io/banwatch/sample/" + name)
                .toURI());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void yieldsExactlyTheRecordedRowsAndNoAnomaly(Path oracle) throws Exception {
        Path capture = captureOf(oracle);
        CaptureReplay replay = CaptureReplay.run(capture);
        List<OracleRow> expected = OracleRow.read(oracle);
        List<OracleRow> ours = ObservationRows.of(replay.observations);

        OracleComparison comparison = OracleComparison.compare(expected, ours);

        assertThat(comparison.differences)
                .as(capture.getFileName() + " differences from its oracle")
                .isEmpty();
        assertThat(ours).hasSameSizeAs(expected);
        Map<String, Long> anomalies = new TreeMap<>();
        replay.anomalies.forEach((Anomaly anomaly, java.util.concurrent.atomic.LongAdder count) -> {
            if (count.sum() > 0) {
                anomalies.put(anomaly.layer() + "/" + anomaly.reason(), count.sum());
            }
        });
        assertThat(anomalies).as(capture.getFileName() + " anomalies").isEmpty();
    }
}
