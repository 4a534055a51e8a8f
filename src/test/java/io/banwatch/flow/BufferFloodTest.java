package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.TlsStreamParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A flood of half-sent ClientHellos fills the global stream-buffer budget; a real hello split over two segments
 * that comes after it, or whose halves straddle part of it, is still read, because the budget evicts the least
 * recently written buffers instead of refusing new ones.
 */
class BufferFloodTest {

    static final String KASPERSKY = "dnl-03.geo.kaspersky.com";
    /** 40,000 directions of one 2 KiB buffer each: 80 MiB, more than the 64 MiB default budget. */
    static final int FLOOD_CONNECTIONS = 40_000;

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Observation> observations = new ArrayList<>();
    final TcpStreamTracker tracker = new TcpStreamTracker(
            FlowLimits.DEFAULTS, anomalies, List.of(new TlsStreamParser(anomalies, observations::add)), Map.of());

    @Test
    void aHelloSentAfterAFloodOfHalfHellosIsRead() {
        flood(0, FLOOD_CONNECTIONS);
        assertThat(anomalies.get(FlowAnomaly.BUFFER_EVICTED)).isPositive();

        sendSplitHello(new TcpPackets(50_000, 443));

        assertThat(observations).extracting(Observation::name).containsExactly(KASPERSKY);
        assertThat(anomalies.get(FlowAnomaly.GLOBAL_BUFFER_BUDGET)).isZero();
        assertThat(tracker.bufferedBytes()).isLessThanOrEqualTo(FlowLimits.DEFAULT_GLOBAL_BUFFER_BYTES);
    }

    @Test
    void aHelloWhoseHalvesStraddleAFloodSmallerThanTheBudgetIsRead() {
        flood(0, FLOOD_CONNECTIONS); // the budget is full before the hello starts
        TcpPackets real = new TcpPackets(50_000, 443);
        byte[] record = record(ChromeHello.handshake(KASPERSKY));
        tracker.onSegment(real.syn());
        tracker.onSegment(real.client(0, Arrays.copyOf(record, 200)));
        // half the budget's worth of other half-hellos arrives between the two segments
        flood(FLOOD_CONNECTIONS, FLOOD_CONNECTIONS / 4);
        tracker.onSegment(real.client(200, Arrays.copyOfRange(record, 200, record.length)));

        assertThat(observations).extracting(Observation::name).containsExactly(KASPERSKY);
    }

    @Test
    void evictedDirectionsStopAndFreeTheirBytes() {
        FlowLimits small = new FlowLimits(1000, FlowLimits.DEFAULT_TCP_IDLE_NANOS, 1, 8, 8192);
        List<Observation> seen = new ArrayList<>();
        TcpStreamTracker tracker =
                new TcpStreamTracker(small, anomalies, List.of(new TlsStreamParser(anomalies, seen::add)), Map.of());
        byte[] record = record(ChromeHello.handshake(KASPERSKY));
        TcpPackets first = new TcpPackets(1000, 443);
        tracker.onSegment(first.syn());
        tracker.onSegment(first.client(0, Arrays.copyOf(record, 100)));
        for (int port = 1001; port <= 1004; port++) { // four more 2 KiB buffers: the first one goes
            TcpPackets other = new TcpPackets(port, 443);
            tracker.onSegment(other.syn());
            tracker.onSegment(other.client(0, halfHello()));
        }
        tracker.onSegment(first.client(100, Arrays.copyOfRange(record, 100, record.length)));

        assertThat(anomalies.get(FlowAnomaly.BUFFER_EVICTED)).isEqualTo(1);
        assertThat(seen).isEmpty(); // its first bytes are gone: the rest is not read as a hello
        assertThat(tracker.bufferedBytes()).isEqualTo(8192);
    }

    /** Connections from {@code count} client ports, each sending the first 100 bytes of a 16 KB hello. */
    private void flood(int first, int count) {
        byte[] half = halfHello();
        for (int i = first; i < first + count; i++) {
            TcpPackets connection = new TcpPackets(1024 + i % 60_000, 443);
            connection.clientIp = new byte[] {10, 1, (byte) (i / 60_000), 1};
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, half));
        }
    }

    private void sendSplitHello(TcpPackets connection) {
        byte[] record = record(ChromeHello.handshake(KASPERSKY));
        int cut = record.length / 2;
        tracker.onSegment(connection.syn());
        tracker.onSegment(connection.client(0, Arrays.copyOf(record, cut)));
        tracker.onSegment(connection.client(cut, Arrays.copyOfRange(record, cut, record.length)));
    }

    /** The first 100 bytes of a TLS record that announces a 16 KB ClientHello. */
    static byte[] halfHello() {
        byte[] hello = ChromeHello.handshake("flood.example");
        int length = 16_000;
        byte[] start = new byte[100];
        start[0] = 0x16;
        start[1] = 3;
        start[2] = 1;
        start[3] = (byte) (length >> 8);
        start[4] = (byte) length;
        System.arraycopy(hello, 0, start, 5, start.length - 5);
        int handshakeLength = length - 4;
        start[6] = (byte) (handshakeLength >> 16);
        start[7] = (byte) (handshakeLength >> 8);
        start[8] = (byte) handshakeLength;
        return start;
    }

    static byte[] record(byte[] handshake) {
        byte[] record = new byte[5 + handshake.length];
        record[0] = 0x16;
        record[1] = 3;
        record[2] = 1;
        record[3] = (byte) (handshake.length >> 8);
        record[4] = (byte) handshake.length;
        System.arraycopy(handshake, 0, record, 5, handshake.length);
        return record;
    }
}
