package io.banwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded fixture, cut short and bit-flipped at random (fixed seeds): the per-packet path never throws, keeps
 * within its bounds, and every observation it still makes is well formed.
 */
class MutatedFixturesPropertyTest {

    /** Small bounds, so that mutated traffic reaches them. */
    private static final BanwatchConfig.Inspect SMALL = ConfigLoader.parse(
                    "property test", "inspect:\n  max_flows: 1024\n  stream_buffer_budget_bytes: 1048576\n", Map.of())
            .inspect();

    private static final int ROUNDS = 300;

    record Frame(int linkType, byte[] data, long timestampNanos) {}

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(MutatedFixturesPropertyTest.class
                .getResource("/io/banwatch/fixtures")
                .toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> captures = files.filter(
                            p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted()
                    .toList();
            assertThat(captures).hasSizeGreaterThan(10);
            return captures.stream();
        }
    }

    static List<Frame> frames(Path capture) throws CaptureException {
        List<Frame> frames = new ArrayList<>();
        try (PcapCapture source = Captures.openFile(capture)) {
            source.run((linkType, data, length, wire, ts) ->
                    frames.add(new Frame(linkType, java.util.Arrays.copyOf(data, length), ts)));
        }
        return frames;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void truncationsAndBitFlipsNeverEscapeOrBreakBounds(Path capture) throws Exception {
        List<Frame> frames = frames(capture);
        Random random = new Random(capture.getFileName().toString().hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            List<Observation> observations = new ArrayList<>();
            AnomalyCounters anomalies = new AnomalyCounters();
            PacketProcessor processor = new PacketProcessor(SMALL, anomalies, new TlsStats(), observations::add);
            for (Frame frame : frames) {
                byte[] data = mutate(frame.data(), random);
                processor.onPacket(frame.linkType(), data, data.length, frame.data().length, frame.timestampNanos());
                assertThat(processor.activeFlows()).isLessThanOrEqualTo(SMALL.maxFlows());
            }
            for (Observation o : observations) {
                assertThat(o.source()).isNotNull();
                assertThat(o.destination()).isNotNull();
                assertThat(o.protocol()).isNotNull();
                if (o.name() != null) {
                    assertThat(o.name()).doesNotContain("\0").hasSizeLessThanOrEqualTo(4 * 255);
                }
            }
        }
    }

    /** Leaves about half the frames intact, so flows still form; cuts or flips bits in the others. */
    private static byte[] mutate(byte[] original, Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return Arrays.copyOf(original, random.nextInt(original.length + 1));
            case 1: {
                byte[] flipped = original.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return flipped;
            }
            default:
                return original;
        }
    }
}
