package io.banwatch.attribute;

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
import io.banwatch.dispatch.MatchingSink;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Category;
import io.banwatch.sensor.Findings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Name-less flows through the real per-packet path: attribution by DNS, Kaspersky's native protocol, KSC ports. */
public class NamelessFlowsTest {

    public static final long T0 = Instant.parse("2024-10-01T12:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final String CLIENT = "10.4.7.19";
    static final String RESOLVER = "10.0.0.53";
    public static final String KSN = "ksn-url-geo.kaspersky-labs.com";
    static final String SERVER = "203.0.113.7";

    final CatalogMatcher matcher = CatalogMatcher.of(List.of(CatalogLoader.loadBuiltIn("kaspersky")));
    final List<Event> events = new ArrayList<>();
    final AnomalyCounters anomalies = new AnomalyCounters();
    final PacketProcessor processor = new PacketProcessor(
            ConfigLoader.defaults(Map.of()).inspect(),
            anomalies,
            new TlsStats(),
            new MatchingSink(() -> matcher, events::add));

    void send(byte[] frame, long at) {
        processor.onPacket(ETHERNET, frame, frame.length, frame.length, at);
    }

    void resolve(String name, String address, long at) {
        send(udp(RESOLVER, 53, CLIENT, 40_000, dnsAnswer(name, 60, new String[0], address)), at);
    }

    /** A client SYN, the server's SYN-ACK and the client's first bytes. */
    void connect(String client, int clientPort, String server, int port, byte[] firstBytes, long at) {
        send(tcp(client, clientPort, server, port, 1000, SYN, new byte[0]), at);
        send(tcp(server, port, client, clientPort, 5000, 1001, SYN | ACK, new byte[0]), at + 1);
        send(tcp(client, clientPort, server, port, 1001, ACK | PSH, firstBytes), at + 2);
    }

    List<Event> flows() {
        return events.stream()
                .filter(e -> e.observation().protocol() != Protocol.DNS)
                .toList();
    }

    @Nested
    class Attribution {

        @Test
        void helloWithoutServerNameToAResolvedAddressIsAttributedAndMatched() {
            resolve(KSN, SERVER, T0);
            connect(CLIENT, 51_000, SERVER, 443, tlsRecord(ChromeHello.handshake(null, false)), T0 + 10);

            assertThat(flows()).hasSize(1);
            Event event = flows().getFirst();
            Observation o = event.observation();
            assertThat(o.protocol()).isEqualTo(Protocol.TLS);
            assertThat(o.name()).isEqualTo(KSN);
            assertThat(o.nameSource()).isEqualTo(Observation.NameSource.DNS_ANSWER);
            assertThat(o.destination().ip()).isEqualTo(SERVER);
            assertThat(event.match().category()).isEqualTo(Category.KSN);
            String json = EventJson.toJson(event);
            assertThat(json)
                    .contains("\"network\":{\"transport\":\"tcp\",\"protocol\":\"tls\"}")
                    .contains("\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443,\"domain\":\"" + KSN + "\"}")
                    .contains("\"labels\":{\"name_source\":\"dns_answer\"}")
                    .contains("\"banwatch\":{\"vendor\":\"kaspersky\",\"category\":\"ksn\"")
                    .doesNotContain("server_name")
                    .contains("\"tls\":{\"client\":{\"ja4\":\"t13i");
        }

        @Test
        void withoutTheDnsAnswerNothingIsReported() {
            connect(CLIENT, 51_000, SERVER, 443, tlsRecord(ChromeHello.handshake(null, false)), T0);

            assertThat(events).isEmpty();
        }

        @Test
        void afterTheClampedTtlTheNameIsForgotten() {
            resolve(KSN, SERVER, T0); // TTL 60 s, kept for the 300 s minimum
            connect(CLIENT, 51_000, SERVER, 443, tlsRecord(ChromeHello.handshake(null, false)), T0 + seconds(299));
            connect(CLIENT, 51_001, SERVER, 443, tlsRecord(ChromeHello.handshake(null, false)), T0 + seconds(301));

            assertThat(flows()).hasSize(1);
        }

        @Test
        void aCnameChainIsAttributedToTheNameTheCatalogMatches() {
            String[] chain = {KSN, "ksn.edge.cdn.example.net"};
            send(udp(RESOLVER, 53, CLIENT, 40_000, dnsAnswer("telemetry.example.org", 300, chain, SERVER)), T0);
            connect(CLIENT, 51_000, SERVER, 443, tlsRecord(ChromeHello.handshake(null, false)), T0 + 5);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().name()).isEqualTo(KSN);
                assertThat(e.match().category()).isEqualTo(Category.KSN);
            });
        }

        @Test
        void anUnmatchedChainKeepsTheQuestionName() {
            send(udp(RESOLVER, 53, CLIENT, 40_000, dnsAnswer("www.example.org", 300, new String[0], SERVER)), T0);
            connect(CLIENT, 51_000, SERVER, 8443, ascii("SSH-2.0-OpenSSH_9.6\r\n"), T0 + 5);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().protocol()).isEqualTo(Protocol.UNKNOWN);
                assertThat(e.observation().name()).isEqualTo("www.example.org");
                assertThat(e.match()).isNull();
            });
        }

        @Test
        void anUnknownTcpProtocolIsReportedOncePerConnection() {
            resolve(KSN, SERVER, T0);
            connect(CLIENT, 51_000, SERVER, 8443, ascii("SSH-2.0-OpenSSH_9.6\r\n"), T0 + 5);
            send(tcp(SERVER, 8443, CLIENT, 51_000, 5001, ACK | PSH, ascii("SSH-2.0-srv\r\n")), T0 + 6);
            send(tcp(CLIENT, 51_000, SERVER, 8443, 1022, ACK | PSH, ascii("more bytes")), T0 + 7);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().protocol()).isEqualTo(Protocol.UNKNOWN);
                assertThat(e.observation().transport()).isEqualTo(Transport.TCP);
                assertThat(e.observation().source().port()).isEqualTo(51_000);
                assertThat(e.observation().name()).isEqualTo(KSN);
            });
        }

        @Test
        void aUdpFlowToAnotherPortIsReportedOnceOverIpv6() {
            String client6 = "2001:db8::19";
            String server6 = "2001:db8:1::7";
            send(udp("2001:db8::53", 53, client6, 40_000, dnsAnswer(KSN, 300, new String[0], server6)), T0);
            send(udp(client6, 50_000, server6, 7000, ascii("hello")), T0 + 1);
            send(udp(server6, 7000, client6, 50_000, ascii("reply")), T0 + 2);
            send(udp(client6, 50_000, server6, 7000, ascii("again")), T0 + 3);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().transport()).isEqualTo(Transport.UDP);
                assertThat(e.observation().destination().ip()).isEqualTo(server6);
                assertThat(e.observation().name()).isEqualTo(KSN);
            });
        }

        @Test
        void aHelloWithAServerNameKeepsItAndCarriesTheEchFlag() {
            resolve(KSN, SERVER, T0);
            connect(CLIENT, 51_000, SERVER, 443, tlsRecord(ChromeHello.handshake("public.example.net")), T0 + 5);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().name()).isEqualTo("public.example.net");
                assertThat(e.observation().nameSource()).isNull();
                assertThat(EventJson.toJson(e))
                        .contains(
                                "\"tls\":{\"client\":{\"server_name\":\"public.example.net\",\"ech_offered\":true,\"ja4\":\"t13d")
                        .doesNotContain("labels")
                        .doesNotContain("domain");
            });
        }
    }

    @Nested
    class KasperskyNative {

        @Test
        void eachPrefixOnTcp443IsMatchedAsKsnWithoutAName() {
            connect(CLIENT, 51_000, SERVER, 443, new byte[] {'K', 'S', 0, 0, 1, 2}, T0);
            connect(CLIENT, 51_001, SERVER, 443, new byte[] {'K', 'E', 0, 0, 9}, T0);
            connect(CLIENT, 51_002, SERVER, 443, new byte[] {'P', 'I'}, T0);

            assertThat(flows()).hasSize(3).allSatisfy(e -> {
                assertThat(e.observation().protocol()).isEqualTo(Protocol.KASPERSKY);
                assertThat(e.observation().name()).isNull();
                assertThat(e.match().category()).isEqualTo(Category.KSN);
                assertThat(e.match().rule()).isEqualTo("kaspersky-native");
            });
            assertThat(EventJson.toJson(flows().getFirst()))
                    .contains("\"network\":{\"transport\":\"tcp\",\"protocol\":\"kaspersky\"}")
                    .doesNotContain("labels");
        }

        @Test
        void aFirstSegmentSplitInsideThePrefixIsReassembled() {
            send(tcp(CLIENT, 51_000, SERVER, 443, 1000, SYN, new byte[0]), T0);
            send(tcp(CLIENT, 51_000, SERVER, 443, 1001, ACK | PSH, new byte[] {'K', 'S'}), T0 + 1);
            send(tcp(CLIENT, 51_000, SERVER, 443, 1003, ACK | PSH, new byte[] {0, 0, 7}), T0 + 2);
            send(tcp(SERVER, 443, CLIENT, 51_000, 5001, ACK | PSH, new byte[] {'K', 'S', 0, 0}), T0 + 3);

            assertThat(flows())
                    .singleElement()
                    .satisfies(e -> assertThat(e.observation().protocol()).isEqualTo(Protocol.KASPERSKY));
        }

        @Test
        void aResolvedKasperskyNameIsAttached() {
            resolve(KSN, SERVER, T0);
            connect(CLIENT, 51_000, SERVER, 443, new byte[] {'K', 'S', 0, 0}, T0 + 1);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().name()).isEqualTo(KSN);
                assertThat(e.observation().nameSource()).isEqualTo(Observation.NameSource.DNS_ANSWER);
                assertThat(e.match().rule()).isEqualTo("ksn-*-geo.kaspersky-labs.com");
            });
        }

        @Test
        void theWrongPortOrAShortOrLongPingIsNotTheProtocol() {
            connect(CLIENT, 51_000, SERVER, 8443, new byte[] {'K', 'S', 0, 0}, T0);
            connect(CLIENT, 51_001, SERVER, 443, new byte[] {'P', 'I', 0, 0}, T0);
            send(udp(CLIENT, 50_000, SERVER, 2001, new byte[] {'K', 'S', 0}), T0);
            send(udp(CLIENT, 50_001, SERVER, 2002, new byte[] {'K', 'S', 0, 0}), T0);

            assertThat(flows()).isEmpty(); // and nothing name-less either: no DNS answer named the server
        }

        @Test
        void udp2001IsReportedOncePerFlow() {
            send(udp(CLIENT, 50_000, SERVER, 2001, new byte[] {'K', 'S', 0, 0, 5}), T0);
            send(udp(SERVER, 2001, CLIENT, 50_000, new byte[] {'K', 'S', 0, 0, 6}), T0 + 1);
            send(udp(CLIENT, 50_000, SERVER, 2001, new byte[] {'K', 'S', 0, 0, 7}), T0 + 2);
            send(udp(CLIENT, 50_001, SERVER, 2001, new byte[] {'P', 'I'}), T0 + 3);

            assertThat(flows()).hasSize(2).allSatisfy(e -> {
                assertThat(e.observation().protocol()).isEqualTo(Protocol.KASPERSKY);
                assertThat(e.observation().transport()).isEqualTo(Transport.UDP);
                assertThat(e.observation().destination().port()).isEqualTo(2001);
            });
        }
    }

    @Nested
    class SecurityCenter {

        private List<Event> kscMatches() {
            return flows().stream()
                    .filter(e -> e.observation().protocol() == Protocol.KSC)
                    .toList();
        }

        /** A SYN and the server's SYN-ACK acknowledging it: the handshake that names the client and the service. */
        private void handshake(String client, int clientPort, String server, int port, long at) {
            send(tcp(client, clientPort, server, port, 1000, SYN, new byte[0]), at);
            send(tcp(server, port, client, clientPort, 5000, 1001, SYN | ACK, new byte[0]), at + 1);
        }

        @Test
        void aClientWhoseEphemeralPortIsAServicePortIsNoKscConnection() {
            handshake("10.1.2.3", 13000, "203.0.113.7", 443, T0);

            assertThat(kscMatches()).isEmpty();
        }

        @Test
        void aConnectionWhoseHandshakeWasNotSeenIsNotMatchedByPort() {
            send(tcp("10.0.0.10", 13000, "10.1.2.3", 49_900, 5000, ACK | PSH, ascii("data")), T0);
            send(tcp("10.1.2.3", 49_901, "10.0.0.10", 14000, 7000, ACK, ascii("more")), T0 + 1);

            assertThat(kscMatches()).isEmpty();
        }

        @Test
        void aSynNobodyAcceptedIsNoKscConnection() {
            send(tcp("10.1.2.3", 49_900, "10.0.0.10", 13000, 1000, SYN, new byte[0]), T0);
            send(tcp("10.0.0.10", 13000, "10.1.2.3", 49_900, 0, 1001, 0x04 | ACK, new byte[0]), T0 + 1); // RST

            assertThat(kscMatches()).isEmpty();
        }

        @Test
        void aSynAckWithoutItsSynOrAcknowledgingAnotherIsNoEvidence() {
            send(tcp("10.0.0.10", 13111, "10.1.2.3", 49_801, 5000, 1001, SYN | ACK, new byte[0]), T0);
            send(tcp("10.1.2.3", 49_801, "10.0.0.10", 13111, 1001, ACK, new byte[0]), T0 + 1);
            send(tcp("10.1.2.3", 49_802, "10.0.0.10", 13111, 1000, SYN, new byte[0]), T0 + 2);
            send(tcp("10.0.0.10", 13111, "10.1.2.3", 49_802, 5000, 77, SYN | ACK, new byte[0]), T0 + 3);

            assertThat(kscMatches()).isEmpty();
        }

        @Test
        void aUdpDatagramFromAServicePortIsNoRequestToIt() {
            send(udp("10.0.0.10", 15000, "10.1.2.3", 51_000, ascii("reply")), T0);
            send(udp("10.1.2.3", 51_000, "10.0.0.10", 15000, ascii("answer")), T0 + 1);

            assertThat(kscMatches()).isEmpty();
        }

        @Test
        void aUdpDatagramNobodyAnsweredIsNoKscConnection() {
            send(udp("10.0.0.10", 50_000, "10.1.2.3", 15000, new byte[] {1, 2, 3}), T0);
            send(udp("10.0.0.10", 50_000, "10.1.2.3", 15000, new byte[] {4, 5, 6}), T0 + 1);

            assertThat(kscMatches()).isEmpty();
        }

        @Test
        void floodsToAndFromEveryPortGiveNoMatchAtAll() {
            java.util.SplittableRandom random = new java.util.SplittableRandom(13000);
            for (int i = 0; i < 70_000; i++) {
                int port = i < 65_535 ? 1 + i : 1 + random.nextInt(65_535);
                String client = "10.9." + (i / 250 % 250) + "." + (i % 250);
                // every port as a client's source port and as a destination: SYNs, junk datagrams, SYN-ACK backscatter
                send(tcp(client, port, "203.0.113.7", 443, random.nextInt(), SYN, new byte[0]), T0 + i);
                send(tcp(client, 40_000, "203.0.113.9", port, random.nextInt(), SYN, new byte[0]), T0 + i);
                send(tcp("203.0.113.10", port, client, 40_001, random.nextInt(), SYN | ACK, new byte[0]), T0 + i);
                send(udp(client, port, "198.51.100.9", 1 + random.nextInt(65_535), ascii("junk" + i)), T0 + i);
                send(udp(client, 40_002, "198.51.100.10", port, ascii("junk" + i)), T0 + i);
            }

            assertThat(events.stream().filter(Event::matched)).isEmpty();
        }

        @Test
        void aConnectionToTheAdministrationServerIsOneManagementObservation() {
            connect("10.1.2.3", 49_800, "10.0.0.10", 13000, tlsRecord(ChromeHello.handshake(null, false)), T0);
            send(tcp("10.0.0.10", 13000, "10.1.2.3", 49_800, 5001, ACK | PSH, new byte[] {22, 3, 3, 0, 1, 2}), T0 + 5);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().protocol()).isEqualTo(Protocol.KSC);
                assertThat(e.observation().source().ip()).isEqualTo("10.1.2.3");
                assertThat(e.observation().destination().port()).isEqualTo(13000);
                assertThat(e.match().category()).isEqualTo(Category.MANAGEMENT);
                assertThat(e.match().rule()).isEqualTo("tcp/13000");
                assertThat(e.match().description()).contains("Administration Server");
                assertThat(EventJson.toJson(e)).contains("\"network\":{\"transport\":\"tcp\",\"protocol\":\"ksc\"}");
            });
        }

        @Test
        void aFindingWithoutANameShowsTheServerAddress() {
            handshake("10.1.2.3", 49_805, "10.0.0.10", 17000, T0);
            Findings findings = new Findings(io.banwatch.match.CatalogMatcher::empty);
            flows().forEach(findings::add);

            assertThat(findings.rows()).singleElement().satisfies(row -> {
                assertThat(row.host()).isEqualTo("10.1.2.3");
                assertThat(row.name()).isEqualTo("10.0.0.10");
                assertThat(row.protocol()).isEqualTo("ksc");
            });
        }

        @Test
        void theSynAckOrientsTheConnectionToTheServicePort() {
            handshake("10.1.2.3", 49_801, "10.0.0.10", 13111, T0);
            send(tcp("10.0.0.10", 13111, "10.1.2.3", 49_801, 5001, 1001, SYN | ACK, new byte[0]), T0 + 2); // again

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().source().ip()).isEqualTo("10.1.2.3");
                assertThat(e.observation().destination().port()).isEqualTo(13111);
                assertThat(e.match().description()).contains("KSN proxy");
            });
        }

        @Test
        void udpConnectionRequestsAreReportedOncePerFlowAndGenericPortsNever() {
            send(udp("10.0.0.10", 50_000, "10.1.2.3", 15000, new byte[] {1, 2, 3}), T0);
            send(udp("10.1.2.3", 15000, "10.0.0.10", 50_000, new byte[] {4}), T0 + 1);
            send(udp("10.0.0.10", 50_000, "10.1.2.3", 15000, new byte[] {5}), T0 + 2);
            send(tcp("10.1.2.3", 49_802, "10.0.0.20", 1433, 1000, SYN, new byte[0]), T0 + 3);
            send(tcp("10.1.2.3", 49_803, "10.0.0.20", 445, 1000, SYN, new byte[0]), T0 + 3);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().transport()).isEqualTo(Transport.UDP);
                assertThat(e.observation().destination().ip()).isEqualTo("10.1.2.3");
                assertThat(e.match().rule()).isEqualTo("udp/15000");
            });
        }

        @Test
        void theAdministrationServerNameIsAttachedWhenResolved() {
            send(
                    udp(
                            RESOLVER,
                            53,
                            "10.1.2.3",
                            40_000,
                            dnsAnswer("ksc.corp.example", 600, new String[0], "10.0.0.10")),
                    T0);
            handshake("10.1.2.3", 49_804, "10.0.0.10", 14000, T0 + 1);

            assertThat(flows()).singleElement().satisfies(e -> {
                assertThat(e.observation().name()).isEqualTo("ksc.corp.example");
                assertThat(e.match().rule()).isEqualTo("tcp/14000");
            });
        }
    }

    static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }
}
