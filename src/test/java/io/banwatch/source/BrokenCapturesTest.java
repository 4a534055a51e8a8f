package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture files no tool should write, read through real libpcap: every record that can be read is handed on and
 * counted, an impossible field is corrected and counted, and damage ends the file with one line naming it.
 */
class BrokenCapturesTest {

    private static final long NANOS = 1_000_000_000L;

    @TempDir
    Path dir;

    record Packet(int captureLength, int wireLength, long timestampNanos, byte[] bytes) {}

    /** What a file yields: its packets, its counters, and the damage that ended it, if any. */
    record Read(List<Packet> packets, CaptureStats stats, CaptureException damage) {}

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private static Read read(Path file) throws CaptureException {
        List<Packet> packets = new ArrayList<>();
        try (PcapCapture capture = Captures.openFile(file)) {
            CaptureException damage = null;
            try {
                capture.run((linkType, data, length, wire, ts) ->
                        packets.add(new Packet(length, wire, ts, Arrays.copyOf(data, length))));
            } catch (CaptureException e) {
                damage = e;
            }
            return new Read(packets, capture.stats(), damage);
        }
    }

    @Nested
    class Timestamps {

        @Test
        void secondsFrom2038OnAreUnsigned() throws Exception {
            Path file = write(
                    "2038.pcap",
                    CaptureBytes.pcap(65535)
                            .record(0x7FFF_FFFFL, 5, 60, 60)
                            .record(0x8000_0000L, 0, 60, 60)
                            .record(0xFFFF_FFFFL, 999_999, 60, 60)
                            .toByteArray());

            Read read = read(file);

            assertThat(read.damage()).isNull();
            assertThat(read.packets())
                    .extracting(Packet::timestampNanos)
                    .containsExactly(
                            0x7FFF_FFFFL * NANOS + 5_000, 0x8000_0000L * NANOS, 0xFFFF_FFFFL * NANOS + 999_999_000);
            assertThat(read.stats().anomalies(CaptureAnomaly.TIMESTAMP_OUT_OF_RANGE))
                    .isZero();
            assertThat(read.stats().anomalies(CaptureAnomaly.TIMESTAMP_BACKWARDS))
                    .isZero();
        }

        @Test
        void anImpossibleFractionIsClampedAndCountedAndThePacketKept() throws Exception {
            Path file = write(
                    "usec.pcap",
                    CaptureBytes.pcap(65535)
                            .record(1_700_000_000L, 0xFFFF_FFFFL, 60, 60)
                            .record(1_700_000_001L, 1_000_000, 60, 60)
                            .record(1_700_000_002L, 999_999, 60, 60)
                            .toByteArray());

            Read read = read(file);

            assertThat(read.damage()).isNull();
            assertThat(read.packets())
                    .extracting(Packet::timestampNanos)
                    .containsExactly(
                            1_700_000_000L * NANOS + 999_999_999,
                            1_700_000_001L * NANOS + 999_999_999,
                            1_700_000_002L * NANOS + 999_999_000);
            assertThat(read.stats().anomalies(CaptureAnomaly.TIMESTAMP_FRACTION))
                    .isEqualTo(2);
            assertThat(read.stats().packets()).isEqualTo(3);
        }

        @Test
        void backwardsTimeIsKeptAndCounted() throws Exception {
            Path file = write(
                    "backwards.pcap",
                    CaptureBytes.pcap(65535)
                            .record(1_700_000_010L, 0, 60, 60)
                            .record(1_700_000_000L, 0, 60, 60)
                            .record(1_700_000_020L, 0, 60, 60)
                            .toByteArray());

            Read read = read(file);

            assertThat(read.packets()).hasSize(3);
            assertThat(read.packets().get(1).timestampNanos()).isEqualTo(1_700_000_000L * NANOS);
            assertThat(read.stats().anomalies(CaptureAnomaly.TIMESTAMP_BACKWARDS))
                    .isEqualTo(1);
        }
    }

    @Nested
    class Lengths {

        @Test
        void aZeroLengthRecordIsHandedOnAndCounted() throws Exception {
            Path file = write(
                    "empty.pcap",
                    CaptureBytes.pcap(65535)
                            .record(1_700_000_000L, 0, 0, 60)
                            .record(1_700_000_001L, 0, 60, 60)
                            .toByteArray());

            Read read = read(file);

            assertThat(read.damage()).isNull();
            assertThat(read.packets()).extracting(Packet::captureLength).containsExactly(0, 60);
            assertThat(read.stats().anomalies(CaptureAnomaly.EMPTY_RECORD)).isEqualTo(1);
            assertThat(read.stats().packets()).isEqualTo(2);
        }

        @Test
        void capturedBeyondTheWireLengthRaisesTheWireLength() throws Exception {
            Path file = write(
                    "caplen.pcap",
                    CaptureBytes.pcap(65535).record(1_700_000_000L, 0, 80, 60).toByteArray());

            Read read = read(file);

            assertThat(read.packets()).extracting(Packet::wireLength).containsExactly(80);
            assertThat(read.stats().anomalies(CaptureAnomaly.CAPLEN_BEYOND_WIRE_LENGTH))
                    .isEqualTo(1);
            assertThat(read.stats().bytes()).isEqualTo(80);
        }

        @Test
        void capturedBeyondTheFilesSnapshotLengthIsReadAndNothingAfterItIsLost() throws Exception {
            Path file = write(
                    "snaplen.pcap",
                    CaptureBytes.pcap(64)
                            .record(1_700_000_000L, 0, 100, 100)
                            .record(1_700_000_001L, 0, 60, 60)
                            .toByteArray());

            Read read = read(file);

            // libpcap keeps the first snaplen bytes and skips the rest of the record (sf-pcap.c), so the next
            // record is still read where it starts.
            assertThat(read.damage()).isNull();
            assertThat(read.packets()).hasSize(2);
            assertThat(read.packets().get(0).bytes()).isEqualTo(Arrays.copyOf(CaptureBytes.frame(100), 64));
            assertThat(read.packets().get(0).wireLength()).isEqualTo(100);
            assertThat(read.packets().get(1).bytes()).isEqualTo(CaptureBytes.frame(60));
        }

        @Test
        void anOverLongRecordEndsTheFileWithOneLineNamingItAndWhere() throws Exception {
            Path file = write(
                    "overlong.pcap",
                    CaptureBytes.pcap(65535)
                            .record(1_700_000_000L, 0, 60, 60)
                            .record(1_700_000_001L, 0, 300_000, 300_000)
                            .toByteArray());

            Read read = read(file);

            assertThat(read.packets()).hasSize(1);
            assertThat(read.damage().getMessage())
                    .startsWith("overlong.pcap: ")
                    .contains("300000", "at byte 116 of " + Files.size(file))
                    .doesNotContain("\n");
        }
    }

    @Nested
    class Damage {

        @Test
        void aTruncatedRecordEndsTheFileAfterEveryWholeRecord() throws Exception {
            byte[] whole = CaptureBytes.pcap(65535)
                    .record(1_700_000_000L, 0, 60, 60)
                    .record(1_700_000_001L, 0, 60, 60)
                    .toByteArray();
            Path file = write("cut.pcap", Arrays.copyOf(whole, whole.length - 10));

            Read read = read(file);

            assertThat(read.packets()).hasSize(1);
            assertThat(read.damage().getMessage())
                    .startsWith("cut.pcap: truncated dump file")
                    .endsWith(" of " + Files.size(file))
                    .doesNotContain("\n");
        }

        @Test
        void wrongMagicIsAUsageError() throws Exception {
            Path file = write("notes.pcap", "these are my notes\n".getBytes());

            assertThatThrownBy(() -> Captures.openFile(file))
                    .isInstanceOf(CaptureException.class)
                    .hasMessage("not a pcap or pcapng capture file (unknown magic number 0x74686573): " + file)
                    .matches(e -> ((CaptureException) e).isUsageError());
        }

        @Test
        void anEmptyFileIsAUsageError() throws Exception {
            Path file = write("empty.pcap", new byte[0]);

            assertThatThrownBy(() -> Captures.openFile(file))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("empty file")
                    .matches(e -> ((CaptureException) e).isUsageError());
        }

        @Test
        void aCutFileHeaderIsAUsageError() throws Exception {
            Path file =
                    write("header.pcap", Arrays.copyOf(CaptureBytes.pcap(65535).toByteArray(), 10));

            assertThatThrownBy(() -> Captures.openFile(file))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageStartingWith("not a readable capture file: " + file + " (pcap header is damaged")
                    .matches(e -> ((CaptureException) e).isUsageError());
        }

        @Test
        void aHugeSparseFileEndsAtItsHoleWithoutReadingIt() throws Exception {
            Path file = write(
                    "sparse.pcap",
                    CaptureBytes.pcap(65535).record(1_700_000_000L, 0, 60, 60).toByteArray());
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(64L << 30); // 64 GiB, a hole on every file system the tests run on
            }

            Read read = read(file);

            assertThat(read.packets().get(0).captureLength()).isEqualTo(60);
            assertThat(read.packets()).hasSize(1 + PcapCapture.MAX_ZERO_RECORDS_IN_A_ROW);
            assertThat(read.stats().anomalies(CaptureAnomaly.EMPTY_RECORD))
                    .isEqualTo(PcapCapture.MAX_ZERO_RECORDS_IN_A_ROW);
            assertThat(read.damage().getMessage())
                    .startsWith("sparse.pcap: only zeros follow")
                    .endsWith(" of " + (64L << 30));
        }
    }

    @Nested
    class Pcapng {

        @Test
        void anUnknownBlockIsSkipped() throws Exception {
            Path file = write(
                    "unknown.pcapng",
                    CaptureBytes.pcapng()
                            .enhancedPacket(1_700_000_000_000_000L, 60)
                            .block(0x0BAD, 16, new byte[4])
                            .enhancedPacket(1_700_000_001_000_000L, 61)
                            .toByteArray());

            Read read = read(file);

            assertThat(read.damage()).isNull();
            assertThat(read.packets()).extracting(Packet::captureLength).containsExactly(60, 61);
        }

        @Test
        void aCorruptBlockLengthEndsTheFileWithOneLineNamingIt() throws Exception {
            Path file = write(
                    "length.pcapng",
                    CaptureBytes.pcapng()
                            .enhancedPacket(1_700_000_000_000_000L, 60)
                            .block(6, 0x7FFF_FFF0, new byte[24])
                            .toByteArray());

            Read read = read(file);

            assertThat(read.packets()).hasSize(1);
            assertThat(read.damage().getMessage())
                    .startsWith("length.pcapng: ")
                    .contains("block", " at byte ")
                    .doesNotContain("\n");
        }

        @Test
        void aCorruptSectionHeaderIsAUsageError() throws Exception {
            byte[] bytes = CaptureBytes.pcapng().toByteArray();
            bytes[8] = 0x11; // byte-order magic
            Path file = write("shb.pcapng", bytes);

            assertThatThrownBy(() -> Captures.openFile(file))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageStartingWith("not a readable capture file: " + file + " (pcapng header is damaged")
                    .matches(e -> ((CaptureException) e).isUsageError());
        }
    }

    @Nested
    class Stop {

        @Test
        void stopFromAnotherThreadEndsTheReadWithEveryPacketReadSoFarCounted() throws Exception {
            CaptureBytes bytes = CaptureBytes.pcap(65535);
            for (int i = 0; i < 100_000; i++) {
                bytes.record(1_700_000_000L + i, 0, 60, 60);
            }
            Path file = write("long.pcap", bytes.toByteArray());
            long[] handed = new long[1];
            try (PcapCapture capture = Captures.openFile(file)) {
                Thread stopper = new Thread(() -> {
                    while (capture.stats().packets() < 1_000) {
                        Thread.onSpinWait();
                    }
                    capture.stop(); // what the replay's SIGTERM handler does
                });
                stopper.start();

                capture.run((linkType, data, length, wire, ts) -> {
                    if (++handed[0] > 1_000) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a slow sink: 100 s in all
                    }
                });

                stopper.join();
                assertThat(handed[0]).isBetween(1_000L, 99_999L);
                assertThat(capture.stats().packets()).isEqualTo(handed[0]);
            }
        }
    }
}
