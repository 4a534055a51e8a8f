package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Capture files larger than the stdio buffer banwatch gives libpcap ({@link PcapCapture#FILE_READ_BUFFER_BYTES}):
 * every record comes out whole and in order, wherever the buffer's refills fall.
 */
class CaptureFileReadingTest {

    private static final int RECORDS = 4_000;

    @TempDir
    Path dir;

    /** Records of lengths that vary from 60 to 1,514 bytes, so their boundaries land anywhere in the buffer. */
    private static int lengthOf(int record) {
        return 60 + (record * 389) % 1455;
    }

    private static byte[] pcapOfManyRecords() {
        CaptureBytes file = CaptureBytes.pcap(65535);
        for (int i = 0; i < RECORDS; i++) {
            file.record(1_700_000_000L + i, 0, lengthOf(i), lengthOf(i));
        }
        return file.toByteArray();
    }

    private static byte[] pcapngOfManyRecords() {
        CaptureBytes file = CaptureBytes.pcapng();
        for (int i = 0; i < RECORDS; i++) {
            file.enhancedPacket(1_700_000_000_000_000L + i * 1_000_000L, lengthOf(i));
        }
        return file.toByteArray();
    }

    /** Reads a file and checks each record's length, time and bytes against the one written at its place. */
    private static void assertEveryRecordReadInOrder(PcapCapture capture) throws CaptureException {
        List<Long> times = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        List<Boolean> intact = new ArrayList<>();
        capture.run((linkType, data, length, wire, ts) -> {
            times.add(ts);
            lengths.add(length);
            intact.add(Arrays.equals(data, 0, length, CaptureBytes.frame(length), 0, length));
        });
        assertThat(lengths).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            assertThat(lengths.get(i)).as("record %d", i).isEqualTo(lengthOf(i));
            assertThat(times.get(i)).as("record %d", i).isEqualTo((1_700_000_000L + i) * 1_000_000_000L);
        }
        assertThat(intact).containsOnly(true);
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("many.pcap", pcapOfManyRecords()), Arguments.of("many.pcapng", pcapngOfManyRecords()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aFileSpanningManyBufferFillsIsReadWhole(String name, byte[] bytes) throws Exception {
        assertThat(bytes.length).isGreaterThan(2 * PcapCapture.FILE_READ_BUFFER_BYTES);
        Path file = Files.write(dir.resolve(name), bytes);

        try (PcapCapture capture = Captures.openFile(file)) {
            assertThat(capture.readsThroughOwnBuffer()).isTrue();
            assertEveryRecordReadInOrder(capture);
        }
    }
}
