package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.Datagrams.CLIENT_PORT;
import static io.banwatch.inspect.quic.Datagrams.SERVER_PORT;
import static io.banwatch.inspect.quic.Datagrams.T0;
import static io.banwatch.inspect.quic.Datagrams.fromClient;
import static io.banwatch.inspect.quic.Datagrams.fromServer;
import static io.banwatch.inspect.quic.QuicBytes.ack;
import static io.banwatch.inspect.quic.QuicBytes.concat;
import static io.banwatch.inspect.quic.QuicBytes.connectionClose;
import static io.banwatch.inspect.quic.QuicBytes.crypto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.TlsAnomaly;
import io.banwatch.inspect.tls.TlsStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuicInspectorTest {

    static final String NAME = "dnl-07.geo.kaspersky.com";
    static final byte[] CHROME = ChromeHello.handshake(NAME);
    static final Endpoint CLIENT = Endpoint.parse("10.4.7.19", CLIENT_PORT);
    static final Endpoint SERVER = Endpoint.parse("203.0.113.80", SERVER_PORT);
    /** The seed of the inspector's hash salts; its first draw salts the key cache. */
    static final long SALTS = 20240929;

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Observation> observations = new ArrayList<>();
    final TlsStats stats = new TlsStats();
    final List<String> fingerprints = new ArrayList<>();
    /**
     * Observations are kept without their JA4, which these tests check apart ({@link #fingerprints}). The hash salts
     * are fixed: with random ones, two of a test's connection IDs would share a key-cache slot on about one run in
     * 130, and the replacement would count as an anomaly.
     */
    final QuicInspector inspector = new QuicInspector(
            anomalies,
            o -> {
                fingerprints.add(o.ja4());
                observations.add(Observation.tls(
                        o.timestampNanos(),
                        o.protocol(),
                        o.source(),
                        o.destination(),
                        o.vlanId(),
                        o.tunnelId(),
                        o.name(),
                        o.echOffered()));
            },
            stats,
            QuicLimits.DEFAULT,
            new SplittableRandom(SALTS));

    /** {@link #CHROME} offers ECH (GREASE), the RFC 9001 hello for example.com does not. */
    static Observation observed(long timestampNanos, String name) {
        boolean ech = !"example.com".equals(name);
        return Observation.tls(timestampNanos, Protocol.QUIC, CLIENT, SERVER, -1, -1, name, ech);
    }

    void send(byte[] datagram, long timestampNanos) {
        inspector.inspectDatagram(fromClient(datagram, timestampNanos));
    }

    /** Sends the datagrams in the order of {@code order}, one millisecond apart, and returns the last time. */
    long sendInOrder(List<byte[]> datagrams, int[] order) {
        long time = T0;
        for (int index : order) {
            time += 1_000_000;
            send(datagrams.get(index), time);
        }
        return time;
    }

    static List<int[]> permutations(int n) {
        List<int[]> result = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, result);
        return result;
    }

    private static void permute(int[] current, boolean[] used, int depth, List<int[]> result) {
        if (depth == current.length) {
            result.add(current.clone());
            return;
        }
        for (int i = 0; i < current.length; i++) {
            if (!used[i]) {
                used[i] = true;
                current[depth] = i;
                permute(current, used, depth + 1, result);
                used[i] = false;
            }
        }
    }

    @Nested
    class RfcVectors {

        @Test
        void rfc9001ClientInitialReportsExampleCom() {
            send(Rfc9001.V1_CLIENT_INITIAL, T0);

            assertThat(observations).containsExactly(observed(T0, "example.com"));
            // "q" for QUIC; checked with ../shared/tools/ja4_check.py on the same ClientHello bytes
            assertThat(fingerprints).containsExactly("q13d0211an_62ed6f6ca7ad_4d634acda6c0");
            assertThat(observations.getFirst().transport()).isEqualTo(Transport.UDP);
            assertThat(stats.clientHellos()).isEqualTo(1);
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void rfc9369ClientInitialReportsExampleCom() {
            send(Rfc9001.V2_CLIENT_INITIAL, T0);

            assertThat(observations).containsExactly(observed(T0, "example.com"));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void serverInitialOfAnUnknownConnectionIsRefusedAndCounted() {
            inspector.inspectDatagram(fromServer(Rfc9001.V1_SERVER_INITIAL, T0));
            // the same packet padded as a server pads an ack-eliciting Initial (RFC 9000 14.1)
            inspector.inspectDatagram(fromServer(concat(Rfc9001.V1_SERVER_INITIAL, new byte[1200]), T0));

            assertThat(observations).isEmpty();
            assertThat(anomalies.get(QuicAnomaly.INITIAL_DATAGRAM_TOO_SMALL)).isEqualTo(1);
            assertThat(anomalies.get(QuicAnomaly.RESERVED_BITS_SET)
                            + anomalies.get(QuicAnomaly.FIRST_FRAME_NOT_ALLOWED)
                            + anomalies.get(QuicAnomaly.DECRYPT_FAILED))
                    .isEqualTo(1);
            assertThat(inspector.trackedConnections()).isZero();
        }

        @Test
        void vlanTunnelAndIpv6AreCarriedOver() {
            byte[] clientIp = Endpoint.parse("2001:db8::19", 0).address();
            byte[] serverIp = Endpoint.parse("2001:db8:1::80", 0).address();
            DecodedPacket packet = Datagrams.datagram(Rfc9001.V1_CLIENT_INITIAL, T0, clientIp, 40_000, serverIp, 443);
            packet.vlanId = 10;
            packet.tunnelId = 7001;

            inspector.inspectDatagram(packet);

            assertThat(observations)
                    .containsExactly(Observation.tls(
                            T0,
                            Protocol.QUIC,
                            Endpoint.parse("2001:db8::19", 40_000),
                            Endpoint.parse("2001:db8:1::80", 443),
                            10,
                            7001,
                            "example.com"));
        }
    }

    @Nested
    class Reassembly {

        @Test
        void postQuantumHelloInOneLargeInitial() {
            send(ClientFlight.v1(1).initial(crypto(0, CHROME)), T0);

            assertThat(observations).containsExactly(observed(T0, NAME));
            assertThat(stats.clientHellosOfferingEch()).isEqualTo(1);
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void helloOverTwoInitialsInEitherOrder() {
            for (int[] order : permutations(2)) {
                observations.clear();
                List<byte[]> packets = ClientFlight.v1(order[0] + 10).split(CHROME, 1100);

                long last = sendInOrder(packets, order);

                assertThat(observations).as(Arrays.toString(order)).containsExactly(observed(last, NAME));
            }
            assertThat(anomalies.total()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"V1", "V2"})
        void helloOverThreeInitialsInEveryOrder(QuicVersion version) {
            int seed = 20;
            for (int[] order : permutations(3)) {
                observations.clear();
                ClientFlight flight = new ClientFlight(version, ClientFlight.cid(seed++, 8), new byte[0]);
                List<byte[]> packets = flight.split(CHROME, 500, 1200);

                long last = sendInOrder(packets, order);

                assertThat(observations).as(Arrays.toString(order)).containsExactly(observed(last, NAME));
            }
            assertThat(anomalies.total()).isZero();
            assertThat(stats.clientHellos()).isEqualTo(6);
        }

        @Test
        void shuffledCryptoFramesInsideAndAcrossInitials() {
            ClientFlight flight = ClientFlight.v1(30);
            byte[] first = flight.initial(
                    crypto(CHROME, 600, 900), crypto(CHROME, 0, 300), new byte[] {0x01}, crypto(CHROME, 300, 600));
            byte[] second = flight.initial(crypto(CHROME, 1500, 1800), crypto(CHROME, 900, 1500));

            send(first, T0);
            assertThat(observations).isEmpty();
            send(second, T0 + 1);

            assertThat(observations).containsExactly(observed(T0 + 1, NAME));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void missingMiddlePieceFilledLater() {
            ClientFlight flight = ClientFlight.v1(31);
            send(flight.initial(crypto(CHROME, 0, 600)), T0);
            send(flight.initial(crypto(CHROME, 1200, 1800)), T0 + 1);
            assertThat(observations).isEmpty();

            send(flight.initial(crypto(CHROME, 600, 1200)), T0 + 2);

            assertThat(observations).containsExactly(observed(T0 + 2, NAME));
        }

        @Test
        void overlappingRetransmittedPiecesAreKeptOnce() {
            ClientFlight flight = ClientFlight.v1(32);
            send(flight.initial(crypto(CHROME, 0, 900)), T0);
            send(flight.initial(crypto(CHROME, 400, 1300), crypto(CHROME, 0, 100)), T0 + 1);
            send(flight.initial(crypto(CHROME, 1000, 1800)), T0 + 2);

            assertThat(observations).containsExactly(observed(T0 + 2, NAME));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void coalescedWithZeroRttAndHandshakePackets() {
            ClientFlight flight = ClientFlight.v1(33);
            byte[] zeroRtt = InitialPacketBuilder.otherLongPacket(
                    QuicVersion.V1, 0b01, flight.dcid(), flight.scid(), new byte[300]);
            byte[] handshake = InitialPacketBuilder.otherLongPacket(
                    QuicVersion.V1, 0b10, flight.dcid(), flight.scid(), new byte[60]);
            byte[] initial = flight.builder().buildPadded(crypto(0, Rfc9001.CLIENT_HELLO), ClientFlight.PADDED_SIZE);

            send(concat(initial, zeroRtt, handshake, new byte[40]), T0);

            assertThat(observations).containsExactly(observed(T0, "example.com"));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void twoCoalescedInitialsAfterAZeroRttPacketOfVersion2() {
            ClientFlight flight = new ClientFlight(QuicVersion.V2, ClientFlight.cid(34, 12), new byte[0]);
            byte[] zeroRtt = InitialPacketBuilder.otherLongPacket(
                    QuicVersion.V2, 0b10, flight.dcid(), flight.scid(), new byte[100]);
            byte[] first = flight.builder().build(crypto(CHROME, 900, 1800));
            byte[] second = flight.builder().build(crypto(CHROME, 0, 900));

            send(concat(zeroRtt, first, second), T0);

            assertThat(observations).containsExactly(observed(T0, NAME));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void ackPingAndConnectionCloseFramesAreSkipped() {
            ClientFlight flight = ClientFlight.v1(35);
            send(
                    flight.initial(
                            ack(false, 1000, 3, 5, 70_000, 2), crypto(CHROME, 0, 1000), ack(true, 9), new byte[] {
                                0x01, 0x00, 0x00
                            }),
                    T0);
            send(flight.initial(crypto(CHROME, 1000, 1800), connectionClose("handshake timeout")), T0 + 1);

            assertThat(observations).containsExactly(observed(T0 + 1, NAME));
            assertThat(anomalies.total()).isZero();
        }
    }

    @Nested
    class Connections {

        @Test
        void retransmittedInitialIsReportedOnce() {
            ClientFlight flight = ClientFlight.v1(40);
            byte[] initial = flight.initial(crypto(0, CHROME));
            send(initial, T0);
            send(initial, T0 + 1);
            send(flight.initial(crypto(0, CHROME)), T0 + 2); // a new packet number, the same CRYPTO data

            assertThat(observations).containsExactly(observed(T0, NAME));
            assertThat(stats.clientHellos()).isEqualTo(1);
            assertThat(anomalies.total()).isZero();
            assertThat(inspector.bufferedBytes()).isZero();
        }

        @Test
        void newDcidAfterRetryIsANewConnectionAndReportedAgain() {
            send(ClientFlight.v1(41).initial(crypto(0, CHROME)), T0);
            send(ClientFlight.v1(42).initial(crypto(0, CHROME)), T0 + 1);

            assertThat(observations).containsExactly(observed(T0, NAME), observed(T0 + 1, NAME));
        }

        @Test
        void sameDcidFromAnotherClientPortIsAnotherConnection() {
            byte[] initial = ClientFlight.v1(43).initial(crypto(0, CHROME));
            send(initial, T0);
            inspector.inspectDatagram(Datagrams.datagram(
                    initial, T0 + 1, Datagrams.CLIENT_IP, CLIENT_PORT + 1, Datagrams.SERVER_IP, SERVER_PORT));

            assertThat(observations).hasSize(2);
            assertThat(observations.get(1).source().port()).isEqualTo(CLIENT_PORT + 1);
        }

        @Test
        void serverInitialsAreRecognisedAndNotDecrypted() {
            ClientFlight flight = ClientFlight.v1(44);
            send(flight.initial(crypto(CHROME, 0, 1000)), T0);
            byte[] serverCid = ClientFlight.cid(45, 8);
            byte[] serverInitial = new InitialPacketBuilder()
                    .dcid(flight.scid())
                    .scid(serverCid)
                    .packetNumber(0, 2)
                    .buildPadded(ack(false, 0), 1200);

            inspector.inspectDatagram(fromServer(serverInitial, T0 + 1));

            assertThat(anomalies.total()).isZero();
            // RFC 9000 7.2: the client now addresses the server's CID, still with keys from its first DCID
            byte[] rest = new InitialPacketBuilder()
                    .dcid(serverCid)
                    .scid(flight.scid())
                    .keysFrom(flight.dcid())
                    .packetNumber(1, 2)
                    .buildPadded(crypto(CHROME, 1000, 1800), 1200);
            send(rest, T0 + 2);

            assertThat(observations).containsExactly(observed(T0 + 2, NAME));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void helloWithoutServerNameIsCountedAndReportedWithoutName() {
            send(ClientFlight.v1(46).initial(crypto(0, ChromeHello.handshake(null))), T0);

            // the sink may attribute a name to the server; the inspector reports what it saw
            assertThat(observations).containsExactly(observed(T0, null));
            assertThat(stats.clientHellos()).isEqualTo(1);
            assertThat(stats.clientHellosWithoutServerName()).isEqualTo(1);
        }

        @Test
        void connectionsWhoseIdsShareAKeyCacheSlotAreBothRead() {
            ClientFlight first = ClientFlight.v1(49);
            ClientFlight second = new ClientFlight(QuicVersion.V1, idSharingKeySlotWith(first.dcid()), new byte[0]);
            Endpoint otherClient = Endpoint.parse("10.4.7.20", CLIENT_PORT);

            // the second connection's first Initial takes the slot; then each connection opens with its own copy
            send(first.initial(crypto(CHROME, 0, 900)), T0);
            inspector.inspectDatagram(Datagrams.datagram(
                    second.initial(crypto(CHROME, 0, 900)),
                    T0 + 1,
                    otherClient.address(),
                    CLIENT_PORT,
                    Datagrams.SERVER_IP,
                    SERVER_PORT));
            send(first.initial(crypto(CHROME, 900, CHROME.length)), T0 + 2);
            inspector.inspectDatagram(Datagrams.datagram(
                    second.initial(crypto(CHROME, 900, CHROME.length)),
                    T0 + 3,
                    otherClient.address(),
                    CLIENT_PORT,
                    Datagrams.SERVER_IP,
                    SERVER_PORT));

            assertThat(observations)
                    .extracting(Observation::source, Observation::name)
                    .containsExactly(tuple(CLIENT, NAME), tuple(otherClient, NAME));
            assertThat(anomalies.get(QuicAnomaly.KEY_CACHE_REPLACED)).isEqualTo(1);
            assertThat(anomalies.total()).isEqualTo(1);
        }

        /** A connection ID whose key-cache slot, under the inspector's salt, is that of {@code taken}. */
        static byte[] idSharingKeySlotWith(byte[] taken) {
            long salt = new SplittableRandom(SALTS).nextLong();
            for (long n = 1; ; n++) { // 4,096 tries on average
                AnomalyCounters counted = new AnomalyCounters();
                InitialKeyCache cache = new InitialKeyCache(counted, salt);
                byte[] candidate = ByteBuffer.allocate(8).putLong(n).array();
                cache.claim(QuicVersion.V1, taken, 0, taken.length);
                cache.claim(QuicVersion.V1, candidate, 0, candidate.length);
                if (counted.get(QuicAnomaly.KEY_CACHE_REPLACED) == 1 && !Arrays.equals(candidate, taken)) {
                    return candidate;
                }
            }
        }

        @Test
        void cryptoDataThatIsNoClientHelloIsCountedOnce() {
            byte[] serverHello = concat(new byte[] {2, 0, 0, 40}, new byte[40]);
            ClientFlight flight = ClientFlight.v1(47);
            send(flight.initial(crypto(0, serverHello)), T0);
            send(flight.initial(crypto(0, serverHello)), T0 + 1);

            assertThat(observations).isEmpty();
            assertThat(anomalies.get(TlsAnomaly.HANDSHAKE_NOT_CLIENT_HELLO)).isEqualTo(1);
        }

        @Test
        void unknownFrameEndsThePacketAfterTheCryptoBeforeIt() {
            send(ClientFlight.v1(48).initial(crypto(0, CHROME), new byte[] {0x08, 0x00, 0x01, 0x61}), T0);

            assertThat(observations).containsExactly(observed(T0, NAME));
            assertThat(anomalies.get(QuicAnomaly.FRAME_UNKNOWN)).isEqualTo(1);
        }
    }

    @Nested
    class Versions {

        static byte[] withVersion(byte[] packet, int version) {
            byte[] copy = packet.clone();
            System.arraycopy(InitialPacketBuilder.u32(version), 0, copy, 1, 4);
            return copy;
        }

        @Test
        void greasedVersionIsNotInspected() {
            send(withVersion(Rfc9001.V1_CLIENT_INITIAL, 0x1a2a3a4a), T0);

            assertThat(observations).isEmpty();
            assertThat(anomalies.get(QuicAnomaly.VERSION_RESERVED)).isEqualTo(1);
            assertThat(anomalies.total()).isEqualTo(1);
        }

        @Test
        void versionNegotiationIsNotInspected() {
            byte[] negotiation =
                    concat(QuicBytes.hex("c000000000 08 8394c8f03e515708 00"), InitialPacketBuilder.u32(1));
            inspector.inspectDatagram(fromServer(negotiation, T0));

            assertThat(anomalies.get(QuicAnomaly.VERSION_NEGOTIATION)).isEqualTo(1);
            assertThat(anomalies.total()).isEqualTo(1);
        }

        @Test
        void draftVersionIsNotInspected() {
            send(withVersion(Rfc9001.V1_CLIENT_INITIAL, 0xff00001d), T0);

            assertThat(anomalies.get(QuicAnomaly.VERSION_UNSUPPORTED)).isEqualTo(1);
            assertThat(observations).isEmpty();
        }

        @Test
        void v1PacketClaimingVersion2IsNotAnInitialAndIsSkipped() {
            // in v2, type bits 0b00 mean Retry (RFC 9369 3.2), which ends the datagram
            send(withVersion(Rfc9001.V1_CLIENT_INITIAL, 0x6b3343cf), T0);

            assertThat(observations).isEmpty();
            assertThat(anomalies.total()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "17", "00", "40abcdef", "8000", "3f", "45", "bf00000001"})
        void otherUdpPayloadsAreRejectedWithoutCounting(String hex) {
            send(QuicBytes.hex(hex), T0);

            assertThat(anomalies.total()).isZero();
            assertThat(inspector.trackedConnections()).isZero();
        }
    }
}
