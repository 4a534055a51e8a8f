package io.banwatch.inspect.blindspot;

import static io.banwatch.inspect.blindspot.AddressPrefixesTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.blindspot.EchOuterNames.NameCount;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BlindSpotsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_727_712_000L * SECOND;

    /** RFC 9000 section 17.2.2: long header, fixed bit, Initial, 4-byte packet number; version 1; 8-byte DCID. */
    private static final byte[] QUIC_INITIAL = {(byte) 0xc3, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0x41, 0x00};

    /** RFC 9000 section 17.2.4: a Handshake packet (type 2) of the same connection. */
    private static final byte[] QUIC_HANDSHAKE = {(byte) 0xe3, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0x41, 0};

    /** RFC 9000 section 17.3.1: a 1-RTT short-header packet. */
    private static final byte[] QUIC_SHORT = {0x43, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0};

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private BlindSpots spots = new BlindSpots(BlindSpotSettings.DEFAULTS, anomalies);

    static DecodedPacket packet(int transport, String source, int sourcePort, String destination, int destinationPort) {
        DecodedPacket packet = new DecodedPacket();
        byte[] from = ip(source);
        byte[] to = ip(destination);
        packet.ipVersion = from.length == 16 ? 6 : 4;
        System.arraycopy(from, 0, packet.sourceAddress, 0, from.length);
        System.arraycopy(to, 0, packet.destinationAddress, 0, to.length);
        packet.transport = transport;
        packet.sourcePort = sourcePort;
        packet.destinationPort = destinationPort;
        packet.timestampNanos = T0;
        return packet;
    }

    static DecodedPacket tcp(String source, int sourcePort, String destination, int destinationPort, int flags) {
        DecodedPacket packet = packet(DecodedPacket.TCP, source, sourcePort, destination, destinationPort);
        packet.tcpFlags = flags;
        return packet;
    }

    static DecodedPacket udp(
            String source, int sourcePort, String destination, int destinationPort, byte[] payload, long time) {
        DecodedPacket packet = packet(DecodedPacket.UDP, source, sourcePort, destination, destinationPort);
        // The payload sits after a stand-in 8-byte UDP header, as in a decoder's buffer.
        packet.data = new byte[8 + payload.length];
        System.arraycopy(payload, 0, packet.data, 8, payload.length);
        packet.payloadOffset = 8;
        packet.payloadLength = payload.length;
        packet.timestampNanos = time;
        return packet;
    }

    private Map<BlindSpotKind, Long> counts() {
        Map<BlindSpotKind, Long> counts = new EnumMap<>(BlindSpotKind.class);
        for (BlindSpotKind kind : BlindSpotKind.values()) {
            if (spots.count(kind) != 0) {
                counts.put(kind, spots.count(kind));
            }
        }
        return counts;
    }

    @Nested
    class DnsOverTls {

        @Test
        void clientSynToPort853CountsOnce() {
            spots.onTcpConnectionStart(tcp("10.1.2.3", 50_123, "1.1.1.1", 853, DecodedPacket.SYN));

            assertThat(counts()).isEqualTo(Map.of(BlindSpotKind.DNS_OVER_TLS, 1L));
        }

        @Test
        void synAckFromPort853CountsWhenTheSynWasMissed() {
            spots.onTcpConnectionStart(tcp("1.1.1.1", 853, "10.1.2.3", 50_123, DecodedPacket.SYN | DecodedPacket.ACK));

            assertThat(spots.count(BlindSpotKind.DNS_OVER_TLS)).isEqualTo(1);
        }

        @Test
        void firstPayloadSegmentOfAConnectionJoinedMidwayCountsInEitherDirection() {
            DecodedPacket toServer = tcp("10.1.2.3", 50_123, "9.9.9.9", 853, DecodedPacket.ACK | DecodedPacket.PSH);
            DecodedPacket toClient = tcp("9.9.9.9", 853, "10.1.2.4", 50_124, DecodedPacket.ACK | DecodedPacket.PSH);

            spots.onTcpConnectionStart(toServer);
            spots.onTcpConnectionStart(toClient);

            assertThat(spots.count(BlindSpotKind.DNS_OVER_TLS)).isEqualTo(2);
        }

        @Test
        void synFromSourcePort853ToAnotherPortIsNotDnsOverTls() {
            spots.onTcpConnectionStart(tcp("10.1.2.3", 853, "192.0.2.1", 443, DecodedPacket.SYN));

            assertThat(counts()).isEmpty();
        }

        @Test
        void synAckFromAnotherPortToClientPort853IsNotDnsOverTls() {
            spots.onTcpConnectionStart(tcp("192.0.2.1", 443, "10.1.2.3", 853, DecodedPacket.SYN | DecodedPacket.ACK));

            assertThat(counts()).isEmpty();
        }

        @Test
        void ordinaryConnectionsCountNothing() {
            spots.onTcpConnectionStart(tcp("10.1.2.3", 50_123, "192.0.2.1", 443, DecodedPacket.SYN));
            spots.onTcpConnectionStart(tcp("2001:db8::1", 50_123, "2001:db8::2", 80, DecodedPacket.SYN));

            assertThat(counts()).isEmpty();
        }
    }

    @Nested
    class DnsOverQuic {

        @Test
        void oneHandshakeCountsOnceAcrossItsLongHeaderPacketsInBothDirections() {
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_INITIAL, T0));
            spots.onUdpDatagram(udp("94.140.14.14", 853, "10.1.2.3", 50_000, QUIC_INITIAL, T0 + 1_000_000));
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_HANDSHAKE, T0 + 2_000_000));
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_SHORT, T0 + 3_000_000));

            assertThat(counts()).isEqualTo(Map.of(BlindSpotKind.DNS_OVER_QUIC, 1L));
        }

        @Test
        void anotherClientPortIsAnotherConnection() {
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_INITIAL, T0));
            spots.onUdpDatagram(udp("10.1.2.3", 50_001, "94.140.14.14", 853, QUIC_INITIAL, T0));
            spots.onUdpDatagram(udp("2001:db8::3", 50_000, "2a10:50c0::ad1:ff", 853, QUIC_INITIAL, T0));

            assertThat(spots.count(BlindSpotKind.DNS_OVER_QUIC)).isEqualTo(3);
        }

        @Test
        void theSameAddressesAfterTheWindowAreANewConnection() {
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_INITIAL, T0));
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_INITIAL, T0 + 9 * SECOND));
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_INITIAL, T0 + 20 * SECOND));

            assertThat(spots.count(BlindSpotKind.DNS_OVER_QUIC)).isEqualTo(2);
        }

        @Test
        void shortHeaderOrEmptyDatagramsAndOtherPortsCountNothing() {
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_SHORT, T0));
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "94.140.14.14", 853, new byte[0], T0));
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "192.0.2.1", 443, QUIC_INITIAL, T0));
            spots.onUdpDatagram(udp("10.1.2.3", 50_000, "192.0.2.1", 53, QUIC_INITIAL, T0));

            assertThat(counts()).isEmpty();
        }

        @Test
        void aPayloadOffsetOutsideTheBufferIsIgnoredWithoutThrowing() {
            DecodedPacket packet = udp("10.1.2.3", 50_000, "94.140.14.14", 853, QUIC_INITIAL, T0);
            packet.payloadOffset = packet.data.length;

            spots.onUdpDatagram(packet);

            assertThat(counts()).isEmpty();
        }
    }

    @Nested
    class Handshakes {

        @Test
        void aLiveHandshakeDisplacedFromItsSlotIsCountedAsACollision() {
            QuicHandshakeTable table = new QuicHandshakeTable(anomalies);
            long first = 5;
            long second = 5 + QuicHandshakeTable.SLOTS; // same slot, another key

            assertThat(table.firstSighting(first, T0)).isTrue();
            assertThat(table.firstSighting(second, T0 + SECOND)).isTrue();
            assertThat(table.firstSighting(first, T0 + 2 * SECOND)).isTrue();
            assertThat(table.firstSighting(first, T0 + 3 * SECOND)).isFalse();

            assertThat(anomalies.get(BlindSpotAnomaly.QUIC_HANDSHAKE_TABLE_COLLISION))
                    .isEqualTo(2);
        }

        @Test
        void replacingAStaleEntryIsNoCollision() {
            QuicHandshakeTable table = new QuicHandshakeTable(anomalies);

            table.firstSighting(5, T0);
            table.firstSighting(5 + QuicHandshakeTable.SLOTS, T0 + QuicHandshakeTable.WINDOW_NANOS);

            assertThat(anomalies.get(BlindSpotAnomaly.QUIC_HANDSHAKE_TABLE_COLLISION))
                    .isZero();
        }

        @Test
        void fingerprintDependsOnEveryField() {
            byte[] a = ip("10.1.2.3");
            byte[] b = ip("10.1.2.4");
            long base = QuicHandshakeTable.fingerprint(a, 1000, b, 853, 4);

            assertThat(QuicHandshakeTable.fingerprint(a, 1000, b, 853, 4)).isEqualTo(base);
            assertThat(QuicHandshakeTable.fingerprint(b, 1000, a, 853, 4)).isNotEqualTo(base);
            assertThat(QuicHandshakeTable.fingerprint(a, 1001, b, 853, 4)).isNotEqualTo(base);
            assertThat(QuicHandshakeTable.fingerprint(a, 1000, b, 854, 4)).isNotEqualTo(base);
            assertThat(base).isNotZero();
        }
    }

    @Nested
    class ClientHellos {

        @Test
        void echHelloCountsAndKeepsItsOuterName() {
            spots.onClientHello("cloudflare-ech.com", true, 443);
            spots.onClientHello("cloudflare-ech.com", true, 443);
            spots.onClientHello("public.example", true, 443);
            spots.onClientHello(null, true, 443);
            spots.onClientHello("www.example", false, 443);

            assertThat(counts()).isEqualTo(Map.of(BlindSpotKind.ECH, 4L));
            assertThat(spots.echOuterNames())
                    .containsExactly(new NameCount("cloudflare-ech.com", 2), new NameCount("public.example", 1));
        }

        @Test
        void outerNamesPastTheCapReplaceTheLeastCountedAndAreCounted() {
            spots = new BlindSpots(new BlindSpotSettings(List.of(), List.of(), 1), anomalies);

            spots.onClientHello("cloudflare-ech.com", true, 443);
            spots.onClientHello("other.example", true, 443);
            spots.onClientHello("third.example", true, 443);

            assertThat(spots.count(BlindSpotKind.ECH)).isEqualTo(3);
            assertThat(spots.echOuterNames()).containsExactly(new NameCount("third.example", 3));
            assertThat(spots.echOuterNamesOverflow()).isEqualTo(2);
            assertThat(anomalies.get(BlindSpotAnomaly.ECH_OUTER_NAME_REPLACED)).isEqualTo(2);
        }

        @Test
        void helloToADohResolverCountsDnsOverHttps() {
            spots.onClientHello("dns.google", false, 443);
            spots.onClientHello("mozilla.cloudflare-dns.com", false, 443);
            spots.onClientHello("dns.google", false);
            spots.onClientHello("notdns.google", false, 443);

            assertThat(counts()).isEqualTo(Map.of(BlindSpotKind.DNS_OVER_HTTPS, 3L));
        }

        @Test
        void helloToAResolverOnPort853IsLeftToTheDnsOverTlsCount() {
            spots.onClientHello("dns.google", false, 853);

            assertThat(counts()).isEmpty();
        }

        @Test
        void configuredDohNamesCount() {
            spots = new BlindSpots(new BlindSpotSettings(List.of(), List.of("doh.corp.example"), 64), anomalies);

            spots.onClientHello("eu.doh.corp.example", false, 443);

            assertThat(spots.count(BlindSpotKind.DNS_OVER_HTTPS)).isEqualTo(1);
        }
    }

    @Nested
    class HttpRequests {

        @Test
        void dnsQueryPathToAnyHostCounts() {
            spots.onHttpRequest("/dns-query");
            spots.onHttpRequest("/dns-query/family");

            assertThat(counts()).isEqualTo(Map.of(BlindSpotKind.DNS_OVER_HTTPS, 2L));
        }

        @Test
        void otherPathsCountNothing() {
            spots.onHttpRequest("/dns-queryx");
            spots.onHttpRequest("/DNS-QUERY");
            spots.onHttpRequest("/api/dns-query");
            spots.onHttpRequest("/");
            spots.onHttpRequest(null);

            assertThat(counts()).isEmpty();
        }
    }

    @Nested
    class DnsQueries {

        private final Endpoint client = Endpoint.parse("10.1.2.3", 50_123);

        private void useInternalResolvers(String... prefixes) {
            spots = new BlindSpots(new BlindSpotSettings(List.of(prefixes), List.of(), 64), anomalies);
        }

        private void query(Endpoint from, String server) {
            spots.onDnsQuery(from, Endpoint.parse(server, 53));
        }

        @Test
        void withoutInternalResolversOnlyTheKasperskyFallbackResolversCount() {
            for (String resolver : List.of("8.8.8.8", "1.1.1.1", "223.6.6.6", "9.9.9.9", "185.228.168.168")) {
                query(client, resolver);
            }
            query(client, "8.8.4.4");
            query(client, "10.0.0.53");

            assertThat(counts()).isEqualTo(Map.of(BlindSpotKind.DNS_KASPERSKY_FALLBACK_RESOLVER, 5L));
        }

        @Test
        void queriesPastTheInternalResolversCountAsExternalAndFallbackQueriesAlsoAsFallback() {
            useInternalResolvers("10.0.0.53/32", "fd00::/8");

            query(client, "10.0.0.53");
            query(client, "8.8.4.4");
            query(client, "8.8.8.8");
            query(client, "2001:4860:4860::8888");

            assertThat(counts())
                    .isEqualTo(Map.of(
                            BlindSpotKind.DNS_EXTERNAL_RESOLVER, 3L,
                            BlindSpotKind.DNS_KASPERSKY_FALLBACK_RESOLVER, 1L));
        }

        @Test
        void theInternalResolversOwnUpstreamQueriesDoNotCount() {
            useInternalResolvers("10.0.0.53/32");

            query(Endpoint.parse("10.0.0.53", 40_000), "198.41.0.4");
            query(Endpoint.parse("10.0.0.53", 40_001), "8.8.8.8");

            assertThat(counts()).isEmpty();
        }

        @Test
        void aFallbackAddressConfiguredAsInternalDoesNotCount() {
            useInternalResolvers("8.8.8.8/32");

            query(client, "8.8.8.8");

            assertThat(counts()).isEmpty();
        }

        @Test
        void missingEndpointsAreIgnored() {
            spots.onDnsQuery(null, Endpoint.parse("8.8.8.8", 53));
            spots.onDnsQuery(client, null);

            assertThat(counts()).isEmpty();
        }
    }

    @Nested
    class Settings {

        @Test
        void invalidInternalResolverNamesThePrefix() {
            BlindSpotSettings settings = new BlindSpotSettings(List.of("10.0.0.0/40"), List.of(), 64);

            assertThatThrownBy(() -> new BlindSpots(settings, anomalies))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'10.0.0.0/40'");
        }

        @Test
        void echTableCapIsBounded() {
            assertThatThrownBy(() -> new BlindSpotSettings(List.of(), List.of(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new BlindSpotSettings(
                            List.of(), List.of(), BlindSpotSettings.MAX_ECH_OUTER_NAMES_LIMIT + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void defaultsAreDocumentedValues() {
            assertThat(BlindSpotSettings.DEFAULTS.internalResolvers()).isEmpty();
            assertThat(BlindSpotSettings.DEFAULTS.extraDohNames()).isEmpty();
            assertThat(BlindSpotSettings.DEFAULTS.maxEchOuterNames()).isEqualTo(64);
        }

        @Test
        void anomalyReasonsAreRegisteredAtZero() {
            assertThat(anomalies.get(BlindSpotAnomaly.ECH_OUTER_NAME_REPLACED)).isZero();
            StringBuilder seen = new StringBuilder();
            anomalies.forEach((anomaly, count) -> seen.append(anomaly.layer())
                    .append('/')
                    .append(anomaly.reason())
                    .append(' '));
            assertThat(seen.toString())
                    .contains("blind_spot/ech_outer_name_replaced")
                    .contains("blind_spot/quic_handshake_table_collision");
        }
    }
}
