package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real process in the middle of heavy traffic: a generated capture of 300,000 DNS queries for Kaspersky
 * update hosts from 60,000 clients, replayed at its own pace (30 s), stopped after a few seconds. The process drains
 * the pipeline, flushes the store and exits 0, and the store holds every event its report says it wrote, with none
 * dropped or failed.
 */
class ShutdownUnderLoadIT {

    private static final int PACKETS = 300_000;
    private static final long SPAN_MICROS = 30_000_000L; // the capture's length in packet time
    private static final long START_SECONDS = 1_730_000_000L; // 2024-10-27: after the update ban
    private static final Duration RUN = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void sigtermMidRunDrainsThePipelineFlushesTheStoreAndExitsZero() throws Exception {
        Path capture = dir.resolve("dns-load.pcap");
        writeCapture(capture);
        Path db = dir.resolve("banwatch.db");
        Map<String, String> environment = Map.of(
                "BANWATCH_HTTP_LISTEN", "127.0.0.1:0",
                "BANWATCH_STORE_PATH", db.toString(),
                "BANWATCH_ALERTS_LOG", "false");
        try (BanwatchProcess banwatch = BanwatchProcess.start(
                dir, environment, "replay", "--realtime", "--summary", "json", capture.toString())) {
            awaitRows(db, 1_000);
            banwatch.signal("TERM");
            assertThat(banwatch.awaitExit(RUN)).as(banwatch.stderr()).isZero();

            JsonNode report = new ObjectMapper().readTree(banwatch.stdout());
            JsonNode store = report.path("sensor").path("store");
            long written = store.path("written").asLong(-1);
            long packets = report.path("capture").path("packets").asLong();
            assertThat(packets).as("stopped mid-run").isPositive().isLessThan(PACKETS);
            assertThat(written).as(banwatch.stdout()).isPositive();
            assertThat(store.path("dropped").asLong(-1)).isZero();
            assertThat(store.path("failed").asLong(-1)).isZero();
            assertThat(report.path("sensor").path("queue_drops").asLong(-1)).isZero();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement s = c.createStatement()) {
                try (ResultSet ok = s.executeQuery("PRAGMA integrity_check")) {
                    assertThat(ok.next()).isTrue();
                    assertThat(ok.getString(1)).isEqualTo("ok");
                }
                try (ResultSet rows = s.executeQuery("SELECT count(*) FROM events")) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("events in the store").isEqualTo(written);
                }
            }
        }
    }

    private static void awaitRows(Path db, long rows) throws Exception {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(db)) {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                        Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
                    if (r.next() && r.getLong(1) >= rows) {
                        return;
                    }
                } catch (java.sql.SQLException notYet) {
                    // the schema is not there yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the store never held " + rows + " events");
    }

    /** A classic pcap (little-endian, Ethernet) of DNS queries, RFC 1035 section 4.1, over IPv4 and UDP. */
    private static void writeCapture(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0)
                    .putInt(65_535)
                    .putInt(1);
            out.write(header.array());
            ByteBuffer frame = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < PACKETS; i++) {
                frame.clear();
                int client = i % 60_000;
                byte[] name = dnsName("dnl-%02d.geo.kaspersky.com".formatted(i % 20));
                int dnsLength = 12 + name.length + 4;
                int udpLength = 8 + dnsLength;
                int ipLength = 20 + udpLength;
                // Ethernet II
                frame.put(new byte[] {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
                // IPv4 (RFC 791), checksum filled in below
                int ipStart = frame.position();
                frame.put((byte) 0x45)
                        .put((byte) 0)
                        .putShort((short) ipLength)
                        .putShort((short) i)
                        .putShort((short) 0)
                        .put((byte) 64)
                        .put((byte) 17)
                        .putShort((short) 0)
                        .put(new byte[] {10, 20, (byte) (client >> 8), (byte) client})
                        .put(new byte[] {10, 0, 0, 53});
                frame.putShort(ipStart + 10, checksum(frame.array(), ipStart, 20));
                // UDP, no checksum (RFC 768 allows zero over IPv4)
                frame.putShort((short) (20_000 + i % 40_000))
                        .putShort((short) 53)
                        .putShort((short) udpLength)
                        .putShort((short) 0);
                // DNS: id, RD, one question
                frame.putShort((short) i)
                        .putShort((short) 0x0100)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putShort((short) 0)
                        .putShort((short) 0)
                        .put(name)
                        .putShort((short) 1)
                        .putShort((short) 1);
                long micros = (long) i * SPAN_MICROS / PACKETS;
                record.clear();
                record.putInt((int) (START_SECONDS + micros / 1_000_000))
                        .putInt((int) (micros % 1_000_000))
                        .putInt(frame.position())
                        .putInt(frame.position());
                out.write(record.array());
                out.write(frame.array(), 0, frame.position());
            }
        }
    }

    private static byte[] dnsName(String name) {
        ByteBuffer out = ByteBuffer.allocate(name.length() + 2);
        for (String label : name.split("\\.")) {
            out.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.put((byte) 0);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static short checksum(byte[] bytes, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += ((bytes[offset + i] & 0xff) << 8) | (bytes[offset + i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
