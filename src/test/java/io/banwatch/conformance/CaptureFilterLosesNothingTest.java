package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default capture filter drops packets before Java sees them; it must never drop one that carries a name.
 * Every recorded fixture and public capture gives the same observations with the filter as without it.
 */
class CaptureFilterLosesNothingTest {

    static Stream<Path> captures() throws IOException, URISyntaxException {
        List<Path> captures = new ArrayList<>();
        Path fixtures = Path.of(CaptureFilterLosesNothingTest.class
                .getResource("/io/banwatch/fixtures")
                .toURI());
        Path suite = PublicCapturesConformanceTest.SUITE;
        for (Path dir : Files.isDirectory(suite) ? List.of(fixtures, suite) : List.of(fixtures)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().matches(".*\\.pcap(ng)?$"))
                        .sorted()
                        .forEach(captures::add);
            }
        }
        return captures.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void sameObservationsWithAndWithoutTheFilter(Path capture) {
        assumeTrue(Files.exists(capture));
        List<OracleRow> unfiltered = ObservationRows.of(CaptureReplay.run(capture, false).observations);
        List<OracleRow> filtered = ObservationRows.of(CaptureReplay.run(capture, true).observations);
        assertThat(filtered).containsExactlyInAnyOrderElementsOf(unfiltered);
    }
}
