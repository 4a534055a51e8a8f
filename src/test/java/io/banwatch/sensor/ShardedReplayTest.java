package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.ConfigLoader;
import io.banwatch.source.CaptureStats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inspection sharded over workers reports what one thread reports: every recorded fixture replayed with
 * {@code inspect.workers} 1 and 2 (and 3) gives the same events, outcomes included, in a different order at most.
 */
class ShardedReplayTest {

    static Stream<Path> fixtures() throws Exception {
        Path dir = Path.of(
                ShardedReplayTest.class.getResource("/io/banwatch/fixtures").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> captures = files.filter(
                            p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted()
                    .toList();
            assertThat(captures).hasSizeGreaterThan(10);
            return captures.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void twoWorkersReportTheSameEventsAsOne(Path capture) throws Exception {
        List<String> one = replay(capture, 1);
        assertThat(replay(capture, 2)).containsExactlyInAnyOrderElementsOf(one);
        assertThat(replay(capture, 3)).containsExactlyInAnyOrderElementsOf(one);
    }

    /** Every event of the replay as its JSON line, with every packet kept ({@code --bpf none}). */
    static List<String> replay(Path capture, int workers) throws Exception {
        ByteArrayOutputStream observations = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("BANWATCH_INSPECT_WORKERS", Integer.toString(workers));
        try (Sensor sensor = new Sensor(ConfigLoader.defaults(env), observations, false)) {
            assertThat(sensor.workers()).isEqualTo(workers);
            Replay.run(sensor, List.of(capture), new Replay.Options("none", List.of(), false), NO_PROGRESS);
            sensor.drain(Duration.ofSeconds(30));
        }
        return observations.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static final Replay.Progress NO_PROGRESS = new Replay.Progress() {
        @Override
        public void started(Path file, CaptureStats stats) {}

        @Override
        public void finished(Path file, CaptureStats stats) {}
    };
}
