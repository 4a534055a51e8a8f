package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.Datagrams.T0;
import static io.banwatch.inspect.quic.Datagrams.fromClient;
import static io.banwatch.inspect.quic.QuicBytes.concat;
import static io.banwatch.inspect.quic.QuicBytes.crypto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.ChromeHello;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuicInspectorLimitsTest {

    static final byte[] CHROME = ChromeHello.handshake("dnl-07.geo.kaspersky.com");
    static final long SECOND = 1_000_000_000L;

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Observation> observations = new ArrayList<>();

    QuicInspector inspector(QuicLimits limits) {
        return new QuicInspector(anomalies, observations::add, null, limits);
    }

    @Nested
    class Caps {

        @Test
        void fullTableEvictsTheLeastRecentlySeenConnection() {
            QuicInspector inspector = inspector(new QuicLimits(2, 1 << 20, Duration.ofSeconds(10)));
            List<ClientFlight> flights = List.of(ClientFlight.v1(1), ClientFlight.v1(2), ClientFlight.v1(3));
            for (int i = 0; i < 3; i++) {
                inspector.inspectDatagram(fromClient(flights.get(i).initial(crypto(CHROME, 0, 900)), T0 + i));
            }

            assertThat(anomalies.get(QuicAnomaly.CONNECTION_TABLE_FULL)).isEqualTo(1);
            assertThat(inspector.trackedConnections()).isEqualTo(2);
            // the second halves of the tracked connections complete them
            inspector.inspectDatagram(fromClient(flights.get(1).initial(crypto(CHROME, 900, 1800)), T0 + 10));
            inspector.inspectDatagram(fromClient(flights.get(2).initial(crypto(CHROME, 900, 1800)), T0 + 11));
            // the evicted connection lost its first half: its second half opens an entry that cannot complete
            inspector.inspectDatagram(fromClient(flights.get(0).initial(crypto(CHROME, 900, 1800)), T0 + 12));

            assertThat(observations).extracting(Observation::timestampNanos).containsExactly(T0 + 10, T0 + 11);
            assertThat(anomalies.get(QuicAnomaly.CONNECTION_TABLE_FULL)).isEqualTo(2);
            assertThat(inspector.trackedConnections()).isEqualTo(2);
        }

        @Test
        void byteBudgetEvictsTheLeastRecentlyWrittenConnection() {
            QuicInspector inspector = inspector(new QuicLimits(16, 4096, Duration.ofSeconds(10)));
            for (int i = 0; i < 3; i++) {
                inspector.inspectDatagram(fromClient(ClientFlight.v1(10 + i).initial(crypto(CHROME, 0, 900)), T0));
            }

            assertThat(anomalies.get(QuicAnomaly.BUFFER_EVICTED)).isEqualTo(1);
            assertThat(anomalies.get(QuicAnomaly.BUFFER_BUDGET_EXCEEDED)).isZero();
            assertThat(inspector.bufferedBytes()).isEqualTo(4096);
        }

        @Test
        void budgetIsReturnedWhenAHelloCompletes() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            ClientFlight flight = ClientFlight.v1(20);
            inspector.inspectDatagram(fromClient(flight.initial(crypto(CHROME, 0, 900)), T0));
            assertThat(inspector.bufferedBytes()).isEqualTo(2048);

            inspector.inspectDatagram(fromClient(flight.initial(crypto(CHROME, 900, 1800)), T0 + 1));

            assertThat(observations).hasSize(1);
            assertThat(inspector.bufferedBytes()).isZero();
            assertThat(inspector.trackedConnections()).isEqualTo(1); // kept to absorb retransmissions
        }

        @Test
        void cryptoBeyondTheLargestHelloAbandonsTheConnection() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            ClientFlight flight = ClientFlight.v1(21);
            inspector.inspectDatagram(
                    fromClient(flight.initial(crypto(CryptoStream.MAX_BYTES - 10, new byte[20])), T0));
            inspector.inspectDatagram(fromClient(flight.initial(crypto(0, CHROME)), T0 + 1));

            assertThat(anomalies.get(QuicAnomaly.CRYPTO_BEYOND_CAP)).isEqualTo(1);
            assertThat(observations).isEmpty();
            assertThat(inspector.bufferedBytes()).isZero();
        }

        @Test
        void tooManyDisjointPiecesAbandonTheConnection() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            byte[][] pieces = new byte[CryptoStream.MAX_RANGES + 1][];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = crypto(CHROME, 2 * i + 1, 2 * i + 2); // every other byte, never touching
            }

            inspector.inspectDatagram(fromClient(ClientFlight.v1(22).initial(pieces), T0));

            assertThat(anomalies.get(QuicAnomaly.CRYPTO_TOO_FRAGMENTED)).isEqualTo(1);
            assertThat(inspector.bufferedBytes()).isZero();
        }

        @Test
        void idleConnectionsExpireByPacketTime() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            ClientFlight slow = ClientFlight.v1(23);
            ClientFlight prompt = ClientFlight.v1(24);
            inspector.inspectDatagram(fromClient(slow.initial(crypto(CHROME, 0, 900)), T0));
            inspector.inspectDatagram(fromClient(prompt.initial(crypto(CHROME, 0, 900)), T0 + 5 * SECOND));

            inspector.inspectDatagram(fromClient(slow.initial(crypto(CHROME, 900, 1800)), T0 + 11 * SECOND));
            inspector.inspectDatagram(fromClient(prompt.initial(crypto(CHROME, 900, 1800)), T0 + 12 * SECOND));

            assertThat(anomalies.get(QuicAnomaly.CONNECTION_EXPIRED_INCOMPLETE)).isEqualTo(1);
            assertThat(observations).extracting(Observation::timestampNanos).containsExactly(T0 + 12 * SECOND);
        }

        @Test
        void coalescedPacketsPerDatagramAreCapped() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            byte[] handshake = InitialPacketBuilder.otherLongPacket(
                    QuicVersion.V1, 0b10, ClientFlight.cid(1, 8), new byte[0], new byte[20]);
            byte[][] packets = new byte[QuicInspector.MAX_PACKETS_PER_DATAGRAM + 1][];
            Arrays.fill(packets, handshake);

            inspector.inspectDatagram(fromClient(concat(packets), T0));

            assertThat(anomalies.get(QuicAnomaly.TOO_MANY_COALESCED_PACKETS)).isEqualTo(1);
        }
    }

    @Nested
    class MalformedInput {

        @Test
        void truncatedAtEveryLengthIsCountedOnceAndNeverThrows() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            byte[] packet = Rfc9001.V1_CLIENT_INITIAL;
            for (int length = 1; length < packet.length; length++) {
                byte[] cut = Arrays.copyOf(packet, length);
                assertThatCode(() -> inspector.inspectDatagram(fromClient(cut, T0)))
                        .doesNotThrowAnyException();
                assertThat(anomalies.total()).as("length %d", length).isEqualTo(length);
            }
            assertThat(observations).isEmpty();
            assertThat(anomalies.get(QuicAnomaly.LENGTH_BEYOND_DATAGRAM))
                    .isEqualTo(packet.length - 18); // the header ends at 18
        }

        @Test
        void truncatedCoalescedDatagramsReportTheWholeInitialAndNeverThrow() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            ClientFlight flight = ClientFlight.v1(30);
            byte[] initial = flight.builder().buildPadded(crypto(0, Rfc9001.CLIENT_HELLO), ClientFlight.PADDED_SIZE);
            byte[] handshake = InitialPacketBuilder.otherLongPacket(
                    QuicVersion.V1, 0b10, flight.dcid(), flight.scid(), new byte[80]);
            byte[] datagram = concat(initial, handshake);
            for (int length = initial.length; length <= datagram.length; length++) {
                byte[] cut = Arrays.copyOf(datagram, length);
                assertThatCode(() -> inspector.inspectDatagram(fromClient(cut, T0)))
                        .doesNotThrowAnyException();
            }
            assertThat(observations).hasSize(1);
        }

        @Test
        void randomBitFlipsNeverThrow() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            Random random = new Random(20240929);
            int reported = 0;
            for (int i = 0; i < 2000; i++) {
                byte[] packet = Rfc9001.V1_CLIENT_INITIAL.clone();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    int bit = random.nextInt(packet.length * 8);
                    packet[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                long before = anomalies.total();
                int port = 1024 + i;
                assertThatCode(() -> inspector.inspectDatagram(
                                Datagrams.datagram(packet, T0, Datagrams.CLIENT_IP, port, Datagrams.SERVER_IP, 443)))
                        .doesNotThrowAnyException();
                if (observations.size() > reported) {
                    reported = observations.size();
                } else if ((packet[0] & 0xf0) == 0xc0) { // otherwise no longer a v1 Initial: skipped uncounted
                    assertThat(anomalies.total()).as("flip set %d", i).isGreaterThan(before);
                }
            }
        }

        @Test
        void randomBitFlipsInDecryptedFramesNeverThrow() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            Random random = new Random(20240930);
            byte[] frames = concat(
                    QuicBytes.ack(true, 5, 1, 2),
                    crypto(CHROME, 900, 1800),
                    QuicBytes.connectionClose("x"),
                    crypto(CHROME, 0, 900));
            for (int i = 0; i < 500; i++) {
                byte[] mutated = frames.clone();
                for (int f = 0; f < 1 + random.nextInt(4); f++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                byte[] packet = ClientFlight.v1(1000 + i).initial(mutated);
                assertThatCode(() -> inspector.inspectDatagram(fromClient(packet, T0)))
                        .doesNotThrowAnyException();
            }
            assertThat(anomalies.get(QuicAnomaly.DECRYPT_FAILED)).isZero();
        }

        @Test
        void randomDatagramsWithALongHeaderByteNeverThrow() {
            QuicInspector inspector = inspector(QuicLimits.DEFAULT);
            Random random = new Random(7);
            for (int i = 0; i < 2000; i++) {
                byte[] datagram = new byte[random.nextInt(1500)];
                random.nextBytes(datagram);
                if (datagram.length > 0) {
                    datagram[0] |= (byte) 0xc0;
                }
                if (datagram.length > 4 && random.nextBoolean()) {
                    System.arraycopy(
                            InitialPacketBuilder.u32(random.nextBoolean() ? 1 : 0x6b3343cf), 0, datagram, 1, 4);
                }
                assertThatCode(() -> inspector.inspectDatagram(fromClient(datagram, T0)))
                        .doesNotThrowAnyException();
            }
            assertThat(observations).isEmpty();
        }
    }
}
