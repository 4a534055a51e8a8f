package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.Datagrams.T0;
import static io.banwatch.inspect.quic.QuicBytes.crypto;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.ChromeHello;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Junk first Initials from many clients fill the CRYPTO byte budget and the connection table; a real hello split over
 * two Initials that comes after them is still read, because both evict their least recently used entries instead of
 * refusing new ones.
 */
class QuicFloodTest {

    static final String KASPERSKY = "dnl-07.geo.kaspersky.com";
    static final byte[] HELLO = ChromeHello.handshake(KASPERSKY);
    static final byte[] FLOOD_HELLO = ChromeHello.handshake("flood.example");

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Observation> observations = new ArrayList<>();
    final QuicInspector inspector = new QuicInspector(anomalies, observations::add, null, QuicLimits.DEFAULT);

    @Test
    void aSplitHelloAfterTenThousandFirstInitialsIsRead() {
        flood(10_000, 0);
        assertThat(anomalies.get(QuicAnomaly.BUFFER_EVICTED)).isPositive(); // 10,000 x 2 KiB > 16 MiB

        sendSplitHello(T0 + 1_000_000);

        assertThat(observations).extracting(Observation::name).containsExactly(KASPERSKY);
        assertThat(anomalies.get(QuicAnomaly.BUFFER_BUDGET_EXCEEDED)).isZero();
        assertThat(inspector.bufferedBytes()).isLessThanOrEqualTo(QuicLimits.DEFAULT.maxBufferedBytes());
    }

    @Test
    void aSplitHelloAfterMoreFirstInitialsThanTheTableHoldsIsRead() {
        flood(QuicLimits.DEFAULT.maxConnections() + 4_000, 0);
        assertThat(anomalies.get(QuicAnomaly.CONNECTION_TABLE_FULL)).isPositive();

        sendSplitHello(T0 + 1_000_000);

        assertThat(observations).extracting(Observation::name).containsExactly(KASPERSKY);
    }

    @Test
    void anEvictedConnectionIsAbandonedAtItsNextInitial() {
        QuicInspector small = new QuicInspector(
                anomalies, observations::add, null, new QuicLimits(64, 4096, QuicLimits.DEFAULT.idleTimeout()));
        ClientFlight first = ClientFlight.v1(1);
        small.inspectDatagram(Datagrams.fromClient(first.initial(crypto(HELLO, 0, 900)), T0));
        for (int i = 0; i < 2; i++) { // two more 2 KiB buffers: the first one goes
            byte[] junk = ClientFlight.v1(2 + i).initial(crypto(FLOOD_HELLO, 0, 900));
            small.inspectDatagram(Datagrams.datagram(junk, T0 + 1, client(i), 40_000, Datagrams.SERVER_IP, 443));
        }
        small.inspectDatagram(Datagrams.fromClient(first.initial(crypto(HELLO, 900, HELLO.length)), T0 + 2));

        assertThat(anomalies.get(QuicAnomaly.BUFFER_EVICTED)).isEqualTo(1);
        assertThat(observations).isEmpty();
        assertThat(small.bufferedBytes()).isEqualTo(4096);
    }

    /** {@code count} clients, each from its own address, each sending the first Initial of a two-Initial hello. */
    private void flood(int count, long at) {
        byte[] junk = ClientFlight.v1(99).initial(crypto(FLOOD_HELLO, 0, 900));
        for (int i = 0; i < count; i++) {
            inspector.inspectDatagram(
                    Datagrams.datagram(junk, T0 + at + i, client(i), 40_000, Datagrams.SERVER_IP, 443));
        }
    }

    private void sendSplitHello(long at) {
        ClientFlight real = ClientFlight.v1(7);
        List<byte[]> initials = real.split(HELLO, 900);
        inspector.inspectDatagram(Datagrams.fromClient(initials.get(0), at));
        inspector.inspectDatagram(Datagrams.fromClient(initials.get(1), at + 1));
    }

    private static byte[] client(int i) {
        return new byte[] {10, (byte) (100 + (i >> 16)), (byte) (i >> 8), (byte) i};
    }
}
