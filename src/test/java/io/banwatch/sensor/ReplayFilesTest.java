package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.config.ConfigLoader;
import io.banwatch.source.CaptureException;
import io.banwatch.source.CaptureStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replay of many files: checked before the first packet, read one open file at a time, as one capture where each
 * continues the last in time.
 */
class ReplayFilesTest {

    private static final Replay.Options ALL_PACKETS = new Replay.Options("none", List.of(), false);

    @TempDir
    Path dir;

    private static Path fixture() throws Exception {
        return Path.of(ReplayFilesTest.class
                .getResource("/io/banwatch/fixtures/dns-kaspersky.pcap")
                .toURI());
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }

    private List<Path> copies(int count) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(Files.copy(fixture(), dir.resolve("part-" + i + ".pcap")));
        }
        return files;
    }

    /** Records the process's open descriptors as each file starts. */
    private static final class Recorder implements Replay.Progress {
        final List<Long> descriptorsAtStart = new ArrayList<>();

        @Override
        public void started(Path file, CaptureStats stats) {
            try {
                descriptorsAtStart.add(openFiles());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void finished(Path file, CaptureStats stats) {}
    }

    @Test
    void manyFilesAreReadWithOneOpenAtATime() throws Exception {
        List<Path> files = copies(200);
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        Recorder progress = new Recorder();
        Replay.Result result;
        try (Sensor sensor = new Sensor(ConfigLoader.defaults(Map.of()), events, false)) {
            long before = openFiles();
            result = Replay.run(sensor, files, ALL_PACKETS, progress);
            sensor.drain(Duration.ofSeconds(30));
            // Were every file kept open from the start, each would begin with 200 more descriptors open than before.
            assertThat(progress.descriptorsAtStart)
                    .hasSize(200)
                    .allSatisfy(open -> assertThat(open).isLessThanOrEqualTo(before + 10));
        }
        assertThat(result.files()).hasSize(200).noneMatch(Replay.FileResult::damaged);
        long onePass = replayedLines(List.of(fixture()));
        assertThat(onePass).isPositive();
        assertThat(events.toString().lines().count()).isEqualTo(200 * onePass);
    }

    @Test
    void aFileThatIsNoCaptureStopsTheReplayBeforeAnyPacket() throws Exception {
        List<Path> files = new ArrayList<>(copies(2));
        files.add(Files.writeString(dir.resolve("notes.pcap"), "not a capture at all"));
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        Recorder progress = new Recorder();
        try (Sensor sensor = new Sensor(ConfigLoader.defaults(Map.of()), events, false)) {
            assertThatThrownBy(() -> Replay.run(sensor, files, ALL_PACKETS, progress))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("notes.pcap");
        }
        assertThat(progress.descriptorsAtStart).isEmpty();
        assertThat(events.size()).isZero();
    }

    @Test
    void aCompressedFileWithADamagedHeaderIsReportedAndTheOthersAreRead() throws Exception {
        Path damaged = dir.resolve("damaged.pcap.gz");
        byte[] capture = Files.readAllBytes(fixture());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(damaged))) {
            // A pcap magic number, then a header libpcap refuses (major version 9).
            byte[] header = Arrays.copyOf(capture, 24);
            header[4] = 9;
            out.write(header);
        }
        Path compressed = dir.resolve("good.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed))) {
            out.write(capture);
        }
        List<Path> files = List.of(fixture(), damaged, compressed);
        Replay.Result result;
        try (Sensor sensor = new Sensor(ConfigLoader.defaults(Map.of()), new ByteArrayOutputStream(), false)) {
            result = Replay.run(sensor, files, ALL_PACKETS, new Recorder());
            sensor.drain(Duration.ofSeconds(30));
        }
        assertThat(result.files())
                .extracting(Replay.FileResult::name)
                .containsExactly("dns-kaspersky.pcap", "damaged.pcap.gz", "good.pcap.gz");
        assertThat(result.damagedFiles()).extracting(Replay.FileResult::name).containsExactly("damaged.pcap.gz");
        assertThat(result.files().get(2).packets())
                .isEqualTo(result.files().get(0).packets())
                .isPositive();
    }

    /** With inspection workers the events are the same, in an order that may differ (ShardedReplayTest). */
    @ParameterizedTest(name = "inspect.workers {0}")
    @ValueSource(ints = {1, 2})
    void filesThatFollowOneAnotherInTimeAreReadAsOneCapture(int workers) throws Exception {
        Map<String, String> env = Map.of("BANWATCH_INSPECT_WORKERS", Integer.toString(workers));
        // 93 packets: a DNS lookup, then a TLS handshake and a 100 kB download from the name it answered.
        Path whole = Path.of(ReplayFilesTest.class
                .getResource("/io/banwatch/fixtures/outcome-https-transfer.pcap")
                .toURI());
        List<String> expected = replayed(List.of(whole), env);
        assertThat(expected).anyMatch(line -> line.contains("\"outcome\":\"transferred\""));
        // After the DNS answer, amid the TCP handshake, after the ClientHello, amid and near the end of the download:
        // a rotated capture ends wherever the clock or the size says.
        for (int packets : new int[] {2, 4, 6, 12, 40, 88}) {
            List<String> events = replayed(split(whole, packets), env);
            assertThat(events)
                    .as("the capture split after packet " + packets)
                    .containsExactlyInAnyOrderElementsOf(expected);
            if (workers == 1) {
                assertThat(events).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aFileThatStartsBeforeTheLastOneEndedStartsAfresh() throws Exception {
        Path whole = Path.of(ReplayFilesTest.class
                .getResource("/io/banwatch/fixtures/outcome-https-transfer.pcap")
                .toURI());
        List<Path> parts = split(whole, 12);
        List<String> laterAlone = replayed(List.of(parts.get(1)));
        List<String> earlierAlone = replayed(List.of(parts.get(0)));
        List<String> both = new ArrayList<>(laterAlone);
        both.addAll(earlierAlone);
        assertThat(replayed(List.of(parts.get(1), parts.get(0)))).containsExactlyElementsOf(both);
    }

    @Test
    void filesOfOneNameAreCountedApart() throws Exception {
        Path a = Files.copy(fixture(), Files.createDirectories(dir.resolve("a")).resolve("cap.pcap"));
        Path b = Files.copy(fixture(), Files.createDirectories(dir.resolve("b")).resolve("cap.pcap"));
        Replay.Result result;
        String scrape;
        try (Sensor sensor = new Sensor(ConfigLoader.defaults(Map.of()), new ByteArrayOutputStream(), false)) {
            result = Replay.run(sensor, List.of(a, b, a), ALL_PACKETS, new Recorder());
            sensor.drain(Duration.ofSeconds(30));
            scrape = new String(sensor.metrics().scrape(null).body(), StandardCharsets.UTF_8);
        }
        assertThat(result.files())
                .extracting(Replay.FileResult::name)
                .containsExactly("cap.pcap", "cap.pcap #2", "cap.pcap #3");
        long packets = result.files().get(0).packets();
        assertThat(packets).isPositive();
        assertThat(result.files()).allSatisfy(file -> assertThat(file.packets()).isEqualTo(packets));
        for (String source : List.of("cap.pcap", "cap.pcap #2", "cap.pcap #3")) {
            assertThat(scrape).contains("banwatch_packets_total{source=\"" + source + "\"} " + packets + ".0");
        }
    }

    /** The capture's first {@code packets} records and the rest, as two pcap files with its header each. */
    private List<Path> split(Path capture, int packets) throws IOException {
        byte[] bytes = Files.readAllBytes(capture);
        ByteBuffer records = ByteBuffer.wrap(bytes);
        int magic = records.getInt(0);
        records.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int at = PCAP_HEADER;
        for (int i = 0; i < packets; i++) {
            at += RECORD_HEADER + records.getInt(at + 8); // incl_len
        }
        Path first = dir.resolve("split-" + packets + "-a.pcap");
        Path second = dir.resolve("split-" + packets + "-b.pcap");
        Files.write(first, Arrays.copyOf(bytes, at));
        try (OutputStream out = Files.newOutputStream(second)) {
            out.write(bytes, 0, PCAP_HEADER);
            out.write(bytes, at, bytes.length - at);
        }
        return List.of(first, second);
    }

    private static final int PCAP_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private static List<String> replayed(List<Path> files) throws Exception {
        return replayed(files, Map.of());
    }

    private static List<String> replayed(List<Path> files, Map<String, String> environment) throws Exception {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        try (Sensor sensor = new Sensor(ConfigLoader.defaults(environment), events, false)) {
            Replay.run(sensor, files, ALL_PACKETS, new Recorder());
            sensor.drain(Duration.ofSeconds(30));
        }
        return events.toString().lines().toList();
    }

    private static long replayedLines(List<Path> files) throws Exception {
        return replayed(files).size();
    }
}
