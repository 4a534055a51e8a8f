package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.TlsAnomaly;
import io.banwatch.inspect.tls.TlsStreamParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client that sends ClientHello after ClientHello on one connection is read a bounded number of times. */
class HelloFloodTest {

    @Test
    void aDirectionStopsAfterItsBoundOfHellos() {
        AnomalyCounters anomalies = new AnomalyCounters();
        List<Observation> observations = new ArrayList<>();
        TcpStreamTracker tracker = new TcpStreamTracker(
                FlowLimits.DEFAULTS, anomalies, List.of(new TlsStreamParser(anomalies, observations::add)), Map.of());
        byte[] handshake = ChromeHello.handshake("flood.example");
        byte[] record = new byte[5 + handshake.length];
        record[0] = 0x16;
        record[1] = 3;
        record[2] = 1;
        record[3] = (byte) (handshake.length >> 8);
        record[4] = (byte) handshake.length;
        System.arraycopy(handshake, 0, record, 5, handshake.length);

        TcpPackets connection = new TcpPackets(40_000, 443);
        tracker.onSegment(connection.syn());
        for (int i = 0; i < 100; i++) {
            tracker.onSegment(connection.client((long) i * record.length, record));
        }

        assertThat(observations).hasSize(8);
        assertThat(anomalies.get(TlsAnomaly.HELLO_LIMIT_REACHED)).isOne();
        assertThat(tracker.bufferedBytes()).isZero();
    }
}
