package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.Datagrams.SERVER_IP;
import static io.banwatch.inspect.quic.Datagrams.SERVER_PORT;
import static io.banwatch.inspect.quic.Datagrams.T0;
import static io.banwatch.inspect.quic.Datagrams.datagram;
import static io.banwatch.inspect.quic.Datagrams.fromClient;
import static io.banwatch.inspect.quic.QuicBytes.crypto;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.ChromeHello;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Floods of junk client Initials (a valid long header of QUIC v1 with a fresh connection ID, then random bytes), from
 * many addresses and from one: each is refused by a cheap check and counted, nothing is tracked, and a real client's
 * Initial after the flood is still decrypted and reported.
 */
class InitialFloodTest {

    static final String NAME = "dnl-07.geo.kaspersky.com";
    static final int FLOOD = 20_000;

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Observation> observations = new ArrayList<>();
    final QuicInspector inspector = new QuicInspector(anomalies, observations::add, null);
    final Random random = new Random(9);

    /** A client Initial header (RFC 9000 17.2.2) with an 8-byte DCID, an empty token and a Length, then junk. */
    byte[] junkInitial(int size) {
        byte[] packet = new byte[size];
        random.nextBytes(packet);
        packet[0] = (byte) (0xc0 | (packet[0] & 0x0f)); // long header, fixed bit, type Initial, protected bits junk
        packet[1] = 0;
        packet[2] = 0;
        packet[3] = 0;
        packet[4] = 1; // QUIC v1
        packet[5] = 8; // DCID length; 8 random DCID bytes follow
        packet[14] = 0; // SCID length
        packet[15] = 0; // token length
        int length = size - 18;
        packet[16] = (byte) (0x40 | length >>> 8); // two-byte varint Length to the end of the datagram
        packet[17] = (byte) length;
        return packet;
    }

    byte[] randomAddress() {
        byte[] address = new byte[4];
        random.nextBytes(address);
        address[0] = 10;
        return address;
    }

    long totalRefused() {
        return anomalies.get(QuicAnomaly.RESERVED_BITS_SET)
                + anomalies.get(QuicAnomaly.FIRST_FRAME_NOT_ALLOWED)
                + anomalies.get(QuicAnomaly.DECRYPT_FAILED)
                + anomalies.get(QuicAnomaly.SOURCE_BUDGET_EXCEEDED)
                + anomalies.get(QuicAnomaly.INITIAL_DATAGRAM_TOO_SMALL);
    }

    void assertRealClientStillReported(long at) {
        ClientFlight flight = ClientFlight.v1(4242);
        byte[] hello = ChromeHello.handshake(NAME);
        inspector.inspectDatagram(fromClient(flight.initial(crypto(hello, 0, 900)), at));
        inspector.inspectDatagram(fromClient(flight.initial(crypto(hello, 900, hello.length)), at + 1));

        assertThat(observations).extracting(Observation::name).containsExactly(NAME);
    }

    @Test
    void junkFromSpoofedAddressesIsRefusedBeforeTheTagAlmostAlways() {
        for (int i = 0; i < FLOOD; i++) {
            byte[] address = randomAddress();
            inspector.inspectDatagram(
                    datagram(junkInitial(1200), T0 + i, address, 40_000 + i % 20_000, SERVER_IP, SERVER_PORT));
        }

        assertThat(totalRefused()).isEqualTo(FLOOD);
        assertThat(inspector.trackedConnections()).isZero();
        // 3 in 4 fail the reserved bits, then 250 in 256 the first frame type: about 117 of 20,000 reach the tag
        assertThat(anomalies.get(QuicAnomaly.RESERVED_BITS_SET)).isBetween(14_500L, 15_500L);
        assertThat(anomalies.get(QuicAnomaly.DECRYPT_FAILED)).isBetween(50L, 200L);
        assertThat(anomalies.get(QuicAnomaly.KEY_CACHE_REPLACED)).isPositive();
        assertRealClientStillReported(T0 + FLOOD);
    }

    @Test
    void junkFromOneAddressIsHeldToItsBudget() {
        byte[] flooder = {10, 66, 66, 66};
        for (int i = 0; i < FLOOD; i++) { // 20,000 Initials within 20 microseconds of packet time
            inspector.inspectDatagram(datagram(junkInitial(1250), T0 + i, flooder, 50_000, SERVER_IP, SERVER_PORT));
        }

        assertThat(totalRefused()).isEqualTo(FLOOD);
        assertThat(anomalies.get(QuicAnomaly.SOURCE_BUDGET_EXCEEDED)).isEqualTo(FLOOD - InitialSourceBudget.BURST);
        assertRealClientStillReported(T0 + FLOOD); // another address keeps its own budget
    }

    @Test
    void aRepeatedJunkPacketDerivesItsKeysOnce() {
        byte[] packet = junkInitial(1200);
        byte[] flooder = {10, 66, 66, 67};
        for (int i = 0; i < 5_000; i++) {
            inspector.inspectDatagram(datagram(packet, T0 + i, flooder, 50_000, SERVER_IP, SERVER_PORT));
        }

        assertThat(totalRefused()).isEqualTo(5_000);
        assertThat(anomalies.get(QuicAnomaly.SOURCE_BUDGET_EXCEEDED)).isZero(); // the cached keys cost no token
        assertRealClientStillReported(T0 + 5_000);
    }

    @Test
    void shortJunkIsRefusedByItsSizeAlone() {
        for (int i = 0; i < FLOOD; i++) {
            inspector.inspectDatagram(
                    datagram(junkInitial(100 + i % 1100), T0 + i, randomAddress(), 40_000, SERVER_IP, SERVER_PORT));
        }

        assertThat(anomalies.get(QuicAnomaly.INITIAL_DATAGRAM_TOO_SMALL)).isEqualTo(FLOOD);
        assertThat(anomalies.get(QuicAnomaly.KEY_CACHE_REPLACED)).isZero(); // no key was derived
        assertRealClientStillReported(T0 + FLOOD);
    }
}
