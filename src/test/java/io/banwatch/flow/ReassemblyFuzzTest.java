package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.http.HttpRequestParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random segment orders, overlaps, flags and sequence numbers: nothing throws and every buffer byte comes back. */
class ReassemblyFuzzTest {

    private static final String STREAM = "GET /a HTTP/1.1\r\nHost: a.example\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: b.example\r\nContent-Length: 40\r\n\r\n" + "x".repeat(40)
            + "Lline\nLSKIP 3\nabcGET /c HTTP/1.1\r\nHost: c.example\r\n\r\n";

    @Test
    void survivesRandomSegmentsAndReturnsTheWholeBudget() {
        AnomalyCounters anomalies = new AnomalyCounters();
        List<Observation> observations = new ArrayList<>();
        RecordingParser lines = new RecordingParser('L', 64);
        FlowLimits limits = new FlowLimits(64, FlowLimits.DEFAULT_TCP_IDLE_NANOS, 1_000_000_000L, 3, 64 << 10);
        TcpStreamTracker tracker = new TcpStreamTracker(
                limits, anomalies, List.of(new HttpRequestParser(anomalies, observations::add), lines), Map.of());
        Random random = new Random(20240929);
        byte[] stream = TcpPackets.ascii(STREAM);
        TcpPackets connection = null;
        for (int round = 0; round < 20_000; round++) {
            if (round % 20 == 0) {
                connection = new TcpPackets(1 + random.nextInt(100), 80);
                connection.clientIsn = random.nextBoolean() ? random.nextLong(1L << 32) : 0xffff_ff00L;
                connection.timeNanos += round;
            }
            int start = random.nextInt(stream.length);
            int length = random.nextInt(Math.min(300, stream.length - start) + 1);
            byte[] payload = new byte[length];
            System.arraycopy(stream, start, payload, 0, length);
            if (random.nextInt(10) == 0 && length > 0) {
                payload[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
            }
            long offset = random.nextInt(50) == 0 ? random.nextLong(1L << 32) : start;
            int flags = random.nextInt(8) == 0 ? DecodedPacket.SYN : DecodedPacket.ACK;
            if (random.nextInt(30) == 0) {
                flags |= random.nextBoolean() ? DecodedPacket.FIN : DecodedPacket.RST;
            }
            DecodedPacket packet = random.nextInt(4) == 0
                    ? connection.fromServer(random.nextLong(1L << 32), flags, payload)
                    : connection.fromClient((connection.clientIsn + 1 + offset) & 0xffffffffL, flags, payload);
            tracker.onSegment(packet);
            assertThat(tracker.bufferedBytes()).isBetween(0L, limits.globalBufferBytes());
            assertThat(tracker.activeFlows()).isBetween(0, limits.maxFlows());
        }
        assertThat(observations).isNotEmpty();

        // Expire every flow: SYNs of new connections, long after, carry no payload and take no buffers.
        long later = connection.timeNanos + FlowLimits.DEFAULT_TCP_IDLE_NANOS + 1;
        for (int port = 1000; port < 1000 + limits.maxFlows(); port++) {
            TcpPackets fresh = new TcpPackets(port, 9);
            fresh.timeNanos = later;
            tracker.onSegment(fresh.syn());
        }
        assertThat(tracker.bufferedBytes()).isZero();
    }
}
