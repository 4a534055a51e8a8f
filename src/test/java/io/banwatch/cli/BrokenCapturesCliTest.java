package io.banwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.source.CaptureBytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code banwatch replay} on broken capture files: the exit statuses and one-line messages of the README. */
class BrokenCapturesCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int replay(Path file) {
        return Main.execute(
                new PrintWriter(out, true), new PrintWriter(err, true), "replay", "--no-store", file.toString());
    }

    @Test
    void aFileThatIsNoCaptureExitsWith2AndOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.pcap"), "these are my notes\n");

        assertThat(replay(file)).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("banwatch: not a pcap or pcapng capture file (unknown magic number 0x74686573): " + file
                        + System.lineSeparator());
    }

    @Test
    void aDamagedSectionHeaderExitsWith2AndOneLine() throws Exception {
        byte[] bytes = CaptureBytes.pcapng().toByteArray();
        bytes[8] = 0x11;
        Path file = Files.write(dir.resolve("shb.pcapng"), bytes);

        assertThat(replay(file)).isEqualTo(2);
        assertThat(err.toString()).startsWith("banwatch: not a readable capture file: " + file);
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void anEmptyFileExitsWith2() throws Exception {
        Path file = Files.write(dir.resolve("empty.pcap"), new byte[0]);

        assertThat(replay(file)).isEqualTo(2);
        assertThat(err.toString()).startsWith("banwatch: not a capture file but an empty file (0 bytes): ");
    }

    @Test
    void impossibleTimestampsAreReadWithoutAStackTrace() throws Exception {
        Path file = Files.write(
                dir.resolve("usec.pcap"),
                CaptureBytes.pcap(65535)
                        .record(1_700_000_000L, 0xFFFF_FFFFL, 60, 60)
                        .record(0x8000_0000L, 0xFFFF_FFFFL, 60, 60)
                        .toByteArray());

        assertThat(replay(file)).isEqualTo(0);
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
        assertThat(out.toString()).contains("banwatch report").doesNotContain("1901", "1969");
    }

    @Test
    void anOverLongRecordIsNamedInTheReportWithWhereItIsAndExitsWith1() throws Exception {
        Path file = Files.write(
                dir.resolve("overlong.pcap"),
                CaptureBytes.pcap(65535)
                        .record(1_700_000_000L, 0, 60, 60)
                        .record(1_700_000_001L, 0, 300_000, 300_000)
                        .toByteArray());

        assertThat(replay(file)).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern(
                        "damaged +overlong.pcap: read 1 packets .*300000.* at byte 116 of " + Files.size(file));
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
    }
}
