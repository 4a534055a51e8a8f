package io.banwatch.dispatch;

import static io.banwatch.dispatch.TestFrames.ACK;
import static io.banwatch.dispatch.TestFrames.ETHERNET;
import static io.banwatch.dispatch.TestFrames.PSH;
import static io.banwatch.dispatch.TestFrames.SYN;
import static io.banwatch.dispatch.TestFrames.ascii;
import static io.banwatch.dispatch.TestFrames.dnsAnswer;
import static io.banwatch.dispatch.TestFrames.tcp;
import static io.banwatch.dispatch.TestFrames.tlsRecord;
import static io.banwatch.dispatch.TestFrames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodeAnomaly;
import io.banwatch.event.Event;
import io.banwatch.flow.FlowAnomaly;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The TCP flow table, the UDP flow table and the IP fragment table, each flooded through the real per-packet path with
 * the state an attacker creates cheaply (SYNs, datagrams to random ports, first fragments that never complete), well
 * past its cap; a real Kaspersky contact of the kind the table serves, sent afterwards, is still reported, and the
 * eviction is counted. The flow tables run at their smallest allowed caps (1,024) so the floods stay small; the
 * eviction rule does not depend on the cap. The fragment table runs at its fixed default (1,024 datagrams, 4 MiB).
 */
class FloodThenContactTest {

    static final long T0 = Instant.parse("2024-10-01T12:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final String CLIENT = "10.4.7.19";
    static final String RESOLVER = "10.0.0.53";
    static final String SERVER = "203.0.113.7";
    static final String UPDATER = "dnl-01.geo.kaspersky.com";
    static final String KSN = "ksn-url-geo.kaspersky-labs.com";
    static final int CAP = 1_024;
    /** Five times the cap: every flooded entry but the last 1,024 was evicted. */
    static final int FLOOD = 5 * CAP;

    final CatalogMatcher matcher = CatalogMatcher.of(List.of(CatalogLoader.loadBuiltIn("kaspersky")));
    final List<Event> events = new ArrayList<>();
    final AnomalyCounters anomalies = new AnomalyCounters();
    final PacketProcessor processor = new PacketProcessor(
            ConfigLoader.defaults(Map.of(
                            "BANWATCH_INSPECT_MAX_FLOWS", String.valueOf(CAP),
                            "BANWATCH_INSPECT_MAX_UDP_FLOWS", String.valueOf(CAP)))
                    .inspect(),
            anomalies,
            new TlsStats(),
            new MatchingSink(() -> matcher, events::add));
    final SplittableRandom random = new SplittableRandom(7);
    long now = T0;

    void send(byte[] frame) {
        now += 1_000; // 1 µs apart: the whole flood lies well inside every idle timeout
        processor.onPacket(ETHERNET, frame, frame.length, frame.length, now);
    }

    String randomSource() {
        return "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    String randomServer() {
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    int randomPort() {
        return 1_024 + random.nextInt(64_000);
    }

    List<Event> reported(String name) {
        return events.stream()
                .filter(e -> name.equals(e.observation().name()) && e.match() != null)
                .toList();
    }

    // --- TCP flow table (inspect.max_flows): least recently seen flow goes, closed flows first

    @Test
    void aHelloAfterASynFloodIsReported() {
        for (int i = 0; i < FLOOD; i++) {
            send(tcp(randomSource(), randomPort(), SERVER, 443, random.nextInt(), SYN, new byte[0]));
        }
        assertThat(anomalies.get(FlowAnomaly.FLOW_TABLE_FULL)).isGreaterThanOrEqualTo(FLOOD - CAP);

        connect(51_000, tlsRecord(ChromeHello.handshake(UPDATER)));

        assertThat(reported(UPDATER))
                .singleElement()
                .satisfies(e -> assertThat(e.observation().protocol()).isEqualTo(Protocol.TLS));
        assertThat(processor.activeFlows()).isLessThanOrEqualTo(CAP);
    }

    @Test
    void aHelloWhoseHandshakeStraddlesASynFloodSmallerThanTheTableIsReported() {
        for (int i = 0; i < FLOOD; i++) { // the table is full before the connection starts
            send(tcp(randomSource(), randomPort(), SERVER, 443, random.nextInt(), SYN, new byte[0]));
        }
        int port = 51_000;
        send(tcp(CLIENT, port, SERVER, 443, 1000, SYN, new byte[0]));
        send(tcp(SERVER, 443, CLIENT, port, 5000, 1001, SYN | ACK, new byte[0]));
        for (int i = 0; i < CAP / 2; i++) { // half a table of new SYNs between the handshake and the hello
            send(tcp(randomSource(), randomPort(), SERVER, 443, random.nextInt(), SYN, new byte[0]));
        }
        send(tcp(CLIENT, port, SERVER, 443, 1001, 5001, ACK | PSH, tlsRecord(ChromeHello.handshake(UPDATER))));

        assertThat(reported(UPDATER)).hasSize(1);
    }

    void connect(int port, byte[] payload) {
        send(tcp(CLIENT, port, SERVER, 443, 1000, SYN, new byte[0]));
        send(tcp(SERVER, 443, CLIENT, port, 5000, 1001, SYN | ACK, new byte[0]));
        send(tcp(CLIENT, port, SERVER, 443, 1001, 5001, ACK | PSH, payload));
    }

    // --- UDP flow table (inspect.max_udp_flows): least recently seen flow goes

    void udpFlood() {
        for (int i = 0; i < FLOOD; i++) {
            int port = randomPort();
            if (port == 2001) {
                port = 2002;
            }
            // to random servers: a flood to the Kaspersky server would itself be a contact with it
            send(udp(randomSource(), randomPort(), randomServer(), port, ascii("junk" + i)));
        }
    }

    @Test
    void aKasperskyUdpPingAfterAFloodOfDatagramsToRandomPortsIsReported() {
        udpFlood();
        assertThat(anomalies.get(FlowAnomaly.UDP_FLOW_TABLE_FULL)).isGreaterThanOrEqualTo(FLOOD - CAP);

        send(udp(CLIENT, 50_000, SERVER, 2001, new byte[] {'K', 'S', 0, 0, 5}));
        send(udp(SERVER, 2001, CLIENT, 50_000, new byte[] {'K', 'S', 0, 0, 6}));

        List<Event> kaspersky = events.stream()
                .filter(e -> e.observation().protocol() == Protocol.KASPERSKY)
                .toList();
        assertThat(kaspersky).singleElement().satisfies(e -> {
            assertThat(e.observation().source().ip()).isEqualTo(CLIENT);
            assertThat(e.observation().destination().port()).isEqualTo(2001);
        });
    }

    @Test
    void aUdpFlowNamedByDnsAndADnsQueryAfterAFloodOfDatagramsAreReported() {
        send(udp(RESOLVER, 53, CLIENT, 40_000, dnsAnswer(KSN, 300, new String[0], SERVER)));
        udpFlood();
        assertThat(anomalies.get(FlowAnomaly.UDP_FLOW_TABLE_FULL)).isGreaterThanOrEqualTo(FLOOD - CAP);

        send(udp(CLIENT, 50_000, SERVER, 7000, ascii("hello")));
        send(udp(SERVER, 7000, CLIENT, 50_000, ascii("reply")));
        send(udp(CLIENT, 40_001, RESOLVER, 53, dnsQuery(UPDATER)));

        assertThat(reported(KSN))
                .filteredOn(e -> e.observation().protocol() != Protocol.DNS)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.observation().nameSource()).isEqualTo(Observation.NameSource.DNS_ANSWER);
                    assertThat(e.observation().destination().port()).isEqualTo(7000);
                });
        assertThat(reported(UPDATER))
                .singleElement()
                .satisfies(e -> assertThat(e.observation().protocol()).isEqualTo(Protocol.DNS));
    }

    // --- IP fragments (1,024 datagrams, 4 MiB): the datagram first seen longest ago goes

    /** First fragments of DNS queries from random sources and identifications; the rest never comes. */
    void fragmentFlood(int count) {
        for (int i = 0; i < count; i++) {
            byte[] datagram = ipPayload(udp(randomSource(), randomPort(), RESOLVER, 53, new byte[1_000]));
            send(ipv4Fragment(
                    randomSource(), RESOLVER, 17, random.nextInt(65_536), 0, true, Arrays.copyOf(datagram, 64)));
        }
    }

    @Test
    void aFragmentedDnsQueryAfterAFloodOfFirstFragmentsIsReported() {
        fragmentFlood(FLOOD);
        assertThat(anomalies.get(DecodeAnomaly.FRAGMENT_TABLE_FULL)).isGreaterThanOrEqualTo(FLOOD - CAP);

        sendFragmented(17, 4711, ipPayload(udp(CLIENT, 40_001, RESOLVER, 53, dnsQuery(UPDATER))), 16, null);

        assertThat(reported(UPDATER))
                .singleElement()
                .satisfies(e -> assertThat(e.observation().protocol()).isEqualTo(Protocol.DNS));
    }

    @Test
    void aFragmentedHelloWhoseFragmentsStraddleAFloodSmallerThanTheTableIsReported() {
        fragmentFlood(FLOOD); // the table is full before the hello's first fragment
        int port = 51_000;
        send(tcp(CLIENT, port, SERVER, 443, 1000, SYN, new byte[0]));
        send(tcp(SERVER, 443, CLIENT, port, 5000, 1001, SYN | ACK, new byte[0]));
        byte[] segment = ipPayload(
                tcp(CLIENT, port, SERVER, 443, 1001, 5001, ACK | PSH, tlsRecord(ChromeHello.handshake(UPDATER))));

        sendFragmented(6, 4712, segment, 256, () -> fragmentFlood(CAP / 2));

        assertThat(anomalies.get(DecodeAnomaly.FRAGMENT_TABLE_FULL)).isGreaterThanOrEqualTo(FLOOD - CAP + CAP / 2);
        assertThat(reported(UPDATER))
                .singleElement()
                .satisfies(e -> assertThat(e.observation().protocol()).isEqualTo(Protocol.TLS));
    }

    /** Sends {@code datagram} from CLIENT in two IPv4 fragments cut at {@code cut}, running {@code between} between. */
    void sendFragmented(int protocol, int identification, byte[] datagram, int cut, Runnable between) {
        String destination = protocol == 17 ? RESOLVER : SERVER;
        send(ipv4Fragment(CLIENT, destination, protocol, identification, 0, true, Arrays.copyOf(datagram, cut)));
        if (between != null) {
            between.run();
        }
        send(ipv4Fragment(
                CLIENT,
                destination,
                protocol,
                identification,
                cut,
                false,
                Arrays.copyOfRange(datagram, cut, datagram.length)));
    }

    /** The IPv4 payload (transport header and data) of an Ethernet II frame from {@link TestFrames}. */
    static byte[] ipPayload(byte[] frame) {
        return Arrays.copyOfRange(frame, 14 + 20, frame.length);
    }

    /**
     * One IPv4 fragment (RFC 791 section 3.1: identification, more-fragments flag, offset in 8-byte units) in Ethernet
     * II; {@code offset} must be a multiple of 8.
     */
    static byte[] ipv4Fragment(
            String src, String dst, int protocol, int identification, int offset, boolean more, byte[] piece) {
        TestFrames.Out frame = new TestFrames.Out()
                .bytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1})
                .u16(0x0800)
                .u8(0x45)
                .u8(0)
                .u16(20 + piece.length)
                .u16(identification)
                .u16((more ? 0x2000 : 0) | offset / 8)
                .u8(64)
                .u8(protocol)
                .u16(0);
        return frame.bytes(TestFrames.ip(src))
                .bytes(TestFrames.ip(dst))
                .bytes(piece)
                .build();
    }

    /** A DNS query (RFC 1035 section 4.1) for the A record of {@code name}, recursion desired. */
    static byte[] dnsQuery(String name) {
        TestFrames.Out dns =
                new TestFrames.Out().u16(4242).u16(0x0100).u16(1).u16(0).u16(0).u16(0);
        for (String label : name.split("\\.")) {
            dns.u8(label.length()).bytes(ascii(label));
        }
        return dns.u8(0).u16(1).u16(1).build();
    }
}
